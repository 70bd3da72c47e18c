"""Progress: where it hurts then and now, from the pain diary."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from care import progress
from care.door import as_themselves
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
    ("pain", "expected"),
    [(10.0, 5), (8.0, 4), (6.5, 4), (2.0, 1), (0.5, 1), (0.0, 1)],
)
def test_each_place_is_shaded_by_its_average_pain_on_the_0_to_10_scale(pain, expected):
    assert progress.levels({"a": progress.Mark(pain, 1)}) == {"a": expected}


def test_the_heat_map_counts_average_pain_and_days_marked_not_sums_of_scores(patient):
    for day in (40, 35, 31):  # the 4 weeks before
        note(patient, day, 8, "top-of-shoulder:left", "back-of-neck:left")
    note(patient, 3, 3, "top-of-shoulder:left")  # the last 4 weeks
    note(patient, 3, 5, "top-of-shoulder:left")  # the same day again
    compare = progress.then_and_now(as_themselves(patient), NOW, 28)
    assert compare.then_levels == {"top-of-shoulder:left": 4, "back-of-neck:left": 4}
    assert compare.now_levels == {"top-of-shoulder:left": 2}
    assert [(p.key, p.then, p.now) for p in compare.places] == [
        ("top-of-shoulder:left", progress.Mark(8.0, 3), progress.Mark(4.0, 1)),
        ("back-of-neck:left", progress.Mark(8.0, 3), None),
    ]
    assert compare.views == ["back"]


def test_entries_outside_both_periods_and_other_peoples_are_left_out(patient, other_patient):
    note(patient, 80, 9, "temple:left")
    note(other_patient, 2, 9, "temple:left")
    compare = progress.then_and_now(as_themselves(patient), NOW, 28)
    assert compare.places == [] and compare.views == []


def test_the_progress_page_shades_the_map_and_lists_the_numbers(client, patient):
    import time_machine

    note(patient, 31, 8, "top-of-shoulder:left")
    note(patient, 3, 4, "top-of-shoulder:left")
    client.force_login(patient)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/progress/").content.decode()
    assert 'class="region heat heat-4" data-region="top-of-shoulder:left"' in page
    assert 'class="region heat heat-2" data-region="top-of-shoulder:left"' in page
    assert '<th scope="row">Top of the shoulder, left</th><td>8.0 on 1 day</td><td>4.0 on 1 day</td>' in page


def test_with_nothing_marked_the_page_says_how_to_start(client, patient):
    client.force_login(patient)
    page = client.get("/progress/?period=bogus").content.decode()
    assert "Add where it hurts to your pain diary" in page


def test_the_pain_chart_is_an_svg_without_script_that_loads_nothing(client, patient):
    import time_machine

    from care import recording, routines

    session, _ = recording.start(
        as_themselves(patient), uuid.uuid4(), routines.handout_plan()[:1], 7, NOW - timedelta(days=2)
    )
    recording.finish(as_themselves(session.owner), session, 3, 90, NOW - timedelta(days=2) + timedelta(minutes=5))
    client.force_login(patient)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/progress/pain.svg?period=4w")
        page = client.get("/progress/").content.decode()
    svg = response.content.decode()
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "<script" not in svg and "Before a session" in svg
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "<td>Before a session</td><td>7.0</td>" in page and "<td>After a session</td><td>3.0</td>" in page


def test_a_long_period_shows_weekly_averages():
    from care.charts import series

    start = NOW - timedelta(days=365)
    readings = [
        PainReading(kind="before", score=score, recorded_at=start + timedelta(days=day))
        for day, score in [(0, 8), (2, 6), (7, 4)]
    ]
    points = series(readings, start, NOW)
    assert [score for _when, score in points["before"]] == [7.0, 4.0]


@pytest.mark.parametrize("url", ["/progress/?period=1y", "/progress/pain.svg?period=1y", "/diary/"])
def test_progress_takes_as_many_queries_for_two_years_as_for_a_new_person(client, patient, url, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from care.demo import make_demo

    settings.DEBUG = True
    demo, _password = make_demo(datetime.now(tz=UTC))
    counts = []
    for person in (patient, demo):
        client.force_login(person)
        client.get(url)  # a first visit makes the person's settings
        cache.clear()  # built afresh, as after a write
        with CaptureQueriesContext(connection) as built:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as kept:
            assert client.get(url).status_code == 200
        counts.append((len(built), len(kept)))
    assert counts[0] == counts[1]


def test_the_summary_counts_sessions_against_the_plan_and_pain_at_the_start_and_end(patient):
    from care import recording, routines

    for day, before in [(27, 7), (24, 7), (3, 4), (1, 4)]:
        when = NOW - timedelta(days=day)
        session, _ = recording.start(as_themselves(patient), uuid.uuid4(), routines.handout_plan()[:1], before, when)
        recording.record_event(
            as_themselves(session.owner), session, uuid.uuid4(), 0, "done", 90, when + timedelta(minutes=2)
        )
        recording.finish(as_themselves(session.owner), session, before - 2, 90, when + timedelta(minutes=3))
    facts = progress.summary(as_themselves(patient), NOW, 28)
    assert (facts.sessions, facts.planned) == (4, 11)
    assert (facts.before_start, facts.before_end, facts.relief) == (7.0, 4.0, 2.0)
    assert facts.areas == [(routines.handout_plan()[0].muscle, routines.handout_plan()[0].side, 4)]
    assert facts.nerves == []


def test_sessions_are_counted_by_week_of_the_period():
    from care.charts import sessions_per_week

    start = NOW - timedelta(days=28)
    done = [start + timedelta(days=d) for d in (0, 2, 5, 9, 27)]
    assert [count for _week, count in sessions_per_week(done, start, NOW)] == [3, 1, 0, 1]


def test_the_sessions_chart_is_an_svg_without_script(client, patient):
    client.force_login(patient)
    response = client.get("/progress/sessions.svg?period=3m")
    svg = response.content.decode()
    assert response.status_code == 200 and "<script" not in svg and "The plan: one every 2 to 3 days" in svg


def test_areas_worked_count_the_work_and_the_tingling_reports(client, patient):
    from care import recording, routines

    step = routines.handout_plan()[0]
    session, _ = recording.start(as_themselves(patient), uuid.uuid4(), [step], 5, NOW - timedelta(days=1))
    recording.record_event(
        as_themselves(session.owner),
        session,
        uuid.uuid4(),
        0,
        "nerve",
        10,
        NOW - timedelta(days=1) + timedelta(minutes=1),
    )
    recording.record_event(
        as_themselves(session.owner),
        session,
        uuid.uuid4(),
        0,
        "done",
        90,
        NOW - timedelta(days=1) + timedelta(minutes=2),
    )
    assert progress.areas_worked(as_themselves(patient), NOW - timedelta(days=28), NOW) == [
        (step.muscle, step.side, 1, 1)
    ]
    client.force_login(patient)
    svg = client.get("/progress/areas.svg?period=1y").content.decode()
    assert "<script" not in svg and "Times worked" in svg


# Progress that answers first (issue 29): the headline, All time, names, axes.


def session_at(person, when, before=5):
    from care import recording, routines

    session, _ = recording.start(as_themselves(person), uuid.uuid4(), routines.handout_plan()[:1], before, when)
    recording.finish(as_themselves(person), session, 2, 90, when + timedelta(minutes=5))


def test_sessions_kept_follow_the_schedules_due_window(patient):
    """Default profile: due at 18:00 UTC at least 48 hours after the last session, until a day later."""
    start = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    session_at(patient, datetime(2026, 6, 1, 17, 0, tzinfo=UTC))  # starts the schedule: due 3 Jun 18:00-4 Jun 18:00
    session_at(patient, datetime(2026, 6, 4, 9, 0, tzinfo=UTC))  # kept
    session_at(patient, datetime(2026, 6, 5, 9, 0, tzinfo=UTC))  # an extra: due again 7 Jun 18:00
    # 7-8 Jun missed; the next falls due 10 Jun 18:00 and is kept on the 11th
    session_at(patient, datetime(2026, 6, 11, 8, 0, tzinfo=UTC))
    kept = progress.sessions_kept(as_themselves(patient), start, datetime(2026, 6, 12, 12, 0, tzinfo=UTC))
    assert kept == progress.Kept(kept=2, due=3)


def test_a_due_window_still_open_is_not_counted_as_missed(patient):
    session_at(patient, NOW - timedelta(days=2, hours=1))
    assert progress.sessions_kept(as_themselves(patient), NOW - timedelta(days=28), NOW) == progress.Kept(0, 0)


def test_a_session_before_the_period_sets_what_falls_due_in_it(patient):
    session_at(patient, NOW - timedelta(days=30))
    kept = progress.sessions_kept(as_themselves(patient), NOW - timedelta(days=28), NOW)
    assert kept.kept == 0 and kept.due == 9  # missed every third day since


def test_nothing_is_due_before_a_first_session(patient):
    assert progress.sessions_kept(as_themselves(patient), NOW - timedelta(days=28), NOW) == progress.Kept(0, 0)


def test_pain_before_sessions_then_and_now_is_the_first_and_last_two_weeks(patient):
    for days_ago, before in [(27, 8), (20, 6), (10, 4), (2, 2)]:
        session_at(patient, NOW - timedelta(days=days_ago), before)
    assert progress.pain_before_sessions(as_themselves(patient), NOW - timedelta(days=28), NOW) == (7.0, 3.0)


def save_neck(person, days_ago, points):
    from care import questionnaire
    from clinical import ndi

    questionnaire.save(as_themselves(person), {item: points for item in ndi.ITEM_IDS}, NOW - timedelta(days=days_ago))


def test_the_neck_questionnaire_then_is_the_last_before_the_period_and_now_the_newest_in_it(patient):
    from care import questionnaire

    for days_ago, points in [(60, 4), (35, 3), (20, 2), (5, 1)]:
        save_neck(patient, days_ago, points)
    rows = questionnaire.history(as_themselves(patient))
    then, now = progress.neck_then_and_now(rows, NOW - timedelta(days=28), NOW)
    assert (then.score.shown, now.score.shown) == ("30", "10")
    headline = progress.headline(as_themselves(patient), rows, NOW - timedelta(days=28), NOW)
    assert headline.neck_change.verdict == "better"


def test_one_questionnaire_is_not_enough_for_then_and_now(patient):
    from care import questionnaire

    save_neck(patient, 5, 2)
    rows = questionnaire.history(as_themselves(patient))
    assert progress.neck_then_and_now(rows, NOW - timedelta(days=28), NOW) == (None, None)


@pytest.mark.parametrize(
    ("points", "verdict"), [(-10, "better"), (-9, "same"), (0, "same"), (9, "same"), (10, "worse")]
)
def test_the_change_is_called_real_only_from_the_cited_threshold(points, verdict):
    from fractions import Fraction

    from clinical import ndi

    assert ndi.Change(Fraction(points), abs(points) >= ndi.MEANINGFUL_CHANGE).verdict == verdict


def test_the_headline_is_the_first_thing_under_the_heading(client, patient):
    import re

    import time_machine

    client.force_login(patient)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/progress/").content.decode()
    after_heading = page.split("</h1>", 1)[1].lstrip()
    assert after_heading.startswith('<section class="card headline"')
    headline = after_heading.split("</section>", 1)[0]
    assert re.findall(r"Not enough yet|None due yet", headline) == ["Not enough yet", "Not enough yet", "None due yet"]


def test_the_headline_says_sessions_kept_of_those_due(client, patient):
    import time_machine

    for days_ago in (27, 24, 21, 12):
        session_at(patient, NOW - timedelta(days=days_ago), 5)
    client.force_login(patient)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/progress/").content.decode()
    headline = page.split('<section class="card headline"', 1)[1].split("</section>", 1)[0]
    assert "3 of the 8 due" in headline  # kept 24 and 21 days ago; missed four, then kept 12 days ago; missed three


def test_all_time_runs_from_the_first_record_and_compares_its_halves(client, patient):
    import time_machine

    note(patient, 700, 9, "temple:left")
    note(patient, 1, 2, "temple:left")
    assert progress.window(as_themselves(patient), "all", NOW) == 700
    client.force_login(patient)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/progress/?period=all").content.decode()
    assert '<span aria-current="page">All time</span>' in page and "Since you started" in page
    assert "first half of your time with unknot" in page
    assert "<td>9.0 on 1 day</td><td>2.0 on 1 day</td>" in page


def test_all_time_for_a_new_person_is_four_weeks(patient):
    assert progress.window(as_themselves(patient), "all", NOW) == 28


def test_the_areas_chart_names_each_area_by_muscle_and_side(client, patient):
    import time_machine

    from care import recording, routines

    step = next(s for s in routines.handout_plan() if s.muscle == "sternocleidomastoid" and s.side == "left")
    session, _ = recording.start(as_themselves(patient), uuid.uuid4(), [step], 5, NOW - timedelta(days=1))
    recording.record_event(as_themselves(patient), session, uuid.uuid4(), 0, "done", 90, NOW - timedelta(hours=23))
    client.force_login(patient)
    with time_machine.travel(NOW, tick=False):
        svg = client.get("/progress/areas.svg?period=4w").content.decode()
    assert "Sternocleidomastoid (SCM), left side" in svg and "SCM L" not in svg


def test_a_date_axis_that_spans_more_than_a_year_shows_years(client, patient):
    from care.charts import date_format_for, neck_chart

    assert date_format_for(NOW - timedelta(days=400), NOW) == "M Y"
    assert date_format_for(datetime(2025, 12, 20, tzinfo=UTC), datetime(2026, 1, 10, tzinfo=UTC)) == "j M Y"
    assert date_format_for(NOW - timedelta(days=28), NOW) == "j M"
    svg = neck_chart([(NOW - timedelta(days=500), 30.0), (NOW, 10.0)])
    assert "2025" in svg and "2026" in svg


def test_a_single_day_of_data_gets_an_axis_of_different_days():
    import re

    from care.charts import neck_chart

    svg = neck_chart([(datetime(2026, 12, 6, 9, tzinfo=UTC), 20.0), (datetime(2026, 12, 6, 10, tzinfo=UTC), 18.0)])
    labels = re.findall(r'<text[^>]*class="[^"]*"[^>]*>(\d+ \w{3})</text>', svg) or re.findall(
        r">(\d{1,2} (?:Dec|Nov))</text>", svg
    )
    assert len(labels) == 4 and len(set(labels)) == 4
