"""When something happened, in plain words and the person's own time zone."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from care.plain_time import ago

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 28, 20, 0, tzinfo=LONDON)  # a Saturday evening


@pytest.fixture(autouse=True)
def in_london():
    with timezone.override(LONDON):
        yield


@pytest.mark.parametrize(
    ("before", "said"),
    [
        (timedelta(seconds=0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(seconds=-30), "just now"),  # a device clock a little ahead
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=59), "59 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=3, minutes=59), "3 hours ago"),
    ],
)
def test_a_recent_moment_is_counted_never_zero(before, said):
    assert ago(NOW - before, NOW) == said


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (datetime(2026, 11, 28, 9, 30, tzinfo=LONDON), "this morning"),
        (datetime(2026, 11, 28, 3, 0, tzinfo=LONDON), "early this morning"),
        (datetime(2026, 11, 28, 14, 0, tzinfo=LONDON), "this afternoon"),
        (datetime(2026, 11, 27, 19, 0, tzinfo=LONDON), "yesterday evening"),
        (datetime(2026, 11, 27, 8, 0, tzinfo=LONDON), "yesterday morning"),
        (datetime(2026, 11, 25, 13, 0, tzinfo=LONDON), "on Wednesday afternoon"),
        (datetime(2026, 11, 1, 13, 0, tzinfo=LONDON), "on 1 November"),
        (datetime(2025, 10, 1, 13, 0, tzinfo=LONDON), "on 1 October 2025"),
    ],
)
def test_an_older_moment_says_the_day_and_part_of_it(moment, said):
    assert ago(moment, NOW) == said


def test_the_day_is_the_persons_own():
    late_in_new_york = datetime(2026, 11, 28, 2, 0, tzinfo=ZoneInfo("UTC"))  # 21:00 on the 27th there
    now = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("UTC"))
    with timezone.override(ZoneInfo("America/New_York")):
        assert ago(late_in_new_york, now) == "yesterday evening"
    with timezone.override(ZoneInfo("UTC")):
        assert ago(late_in_new_york, now) == "early this morning"


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0, "0 s"), (45, "45 s"), (60, "1 min"), (90, "1 min 30 s"), (219, "3 min 39 s"), (600, "10 min")],
)
def test_a_length_of_time_is_minutes_and_seconds(seconds, said):
    from care.plain_time import duration

    assert duration(seconds) == said
