"""Progress: where it hurts then and now, from the pain diary."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from care import progress
from care.models import PainReading

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def note(person, days_ago, score, *marks):
    PainReading.objects.create(
        id=uuid.uuid4(),
        owner=person,
        kind="diary",
        score=score,
        recorded_at=NOW - timedelta(days=days_ago),
        marks=list(marks),
    )


@pytest.mark.parametrize(
    ("totals", "top", "expected"),
    [
        ({"a": 10}, 10, {"a": 5}),
        ({"a": 1}, 10, {"a": 1}),
        ({"a": 6}, 10, {"a": 3}),
        ({"a": 0}, 10, {}),
        ({}, 0, {}),
    ],
)
def test_each_place_gets_one_of_five_shades_by_its_share_of_the_worst(totals, top, expected):
    assert progress.levels(totals, top) == expected


def test_a_place_that_hurts_less_now_is_lighter_on_the_same_scale(patient):
    for day in (40, 35, 31):  # the 4 weeks before
        note(patient, day, 8, "top-of-shoulder:left", "back-of-neck:left")
    note(patient, 3, 3, "top-of-shoulder:left")  # the last 4 weeks
    compare = progress.then_and_now(patient, NOW, 28)
    assert compare.then_levels == {"top-of-shoulder:left": 5, "back-of-neck:left": 5}
    assert compare.now_levels == {"top-of-shoulder:left": 1}
    assert [(p.key, p.then, p.now) for p in compare.places] == [
        ("top-of-shoulder:left", 24, 3),
        ("back-of-neck:left", 24, 0),
    ]
    assert compare.views == ["back"]


def test_entries_outside_both_periods_and_other_peoples_are_left_out(patient, other_patient):
    note(patient, 80, 9, "temple:left")
    note(other_patient, 2, 9, "temple:left")
    compare = progress.then_and_now(patient, NOW, 28)
    assert compare.places == [] and compare.views == []


def test_the_progress_page_shades_the_map_and_lists_the_numbers(client, patient):
    import time_machine

    note(patient, 31, 8, "top-of-shoulder:left")
    note(patient, 3, 4, "top-of-shoulder:left")
    client.force_login(patient)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/progress/").content.decode()
    assert 'class="region heat heat-5" data-region="top-of-shoulder:left"' in page
    assert 'class="region heat heat-3" data-region="top-of-shoulder:left"' in page
    assert '<th scope="row">Top of the shoulder, left</th><td>8</td><td>4</td>' in page


def test_with_nothing_marked_the_page_says_how_to_start(client, patient):
    client.force_login(patient)
    page = client.get("/progress/?period=bogus").content.decode()
    assert "Add where it hurts to your pain diary" in page
