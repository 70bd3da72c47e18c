"""The bulk forms of "when is the next session due" and "does this person need a safety check" agree with
the per-person answers, in one query for any number of people (a clinic dashboard will list hundreds)."""

import uuid
from datetime import UTC, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from care import safety, schedule
from care.door import as_themselves
from care.models import Profile, SafetyCheck, Session

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def someone(n: int):
    return get_user_model().objects.create_user(f"b{n}-{uuid.uuid4().hex[:6]}", f"b{n}@example.org")


def test_annotate_due_agrees_with_due(db):
    people = [someone(n) for n in range(4)]
    Session.objects.create(owner=people[1], started_at=NOW - timedelta(hours=30), finished_at=NOW - timedelta(hours=30))
    Session.objects.create(owner=people[2], started_at=NOW - timedelta(days=4), finished_at=NOW - timedelta(days=4))
    Session.objects.create(owner=people[2], started_at=NOW - timedelta(hours=1))  # unfinished: does not count
    Session.objects.create(owner=people[3], started_at=NOW - timedelta(hours=60), finished_at=NOW - timedelta(hours=60))
    Profile.objects.create(user=people[3], time_zone="Asia/Tokyo", reminder_time=time(7, 30))
    rows = {u.pk: u for u in schedule.annotate_due(get_user_model().objects.filter(pk__in=[p.pk for p in people]))}
    for person in people:
        one = schedule.due(as_themselves(person), NOW)
        assert schedule.due_of_row(rows[person.pk], NOW) == one


def test_annotate_safety_agrees_with_need(db):
    people = [someone(n) for n in range(6)]
    safety.record(as_themselves(people[1]), {}, NOW - timedelta(days=1))  # clear, recent
    safety.record(as_themselves(people[2]), {}, NOW - timedelta(weeks=5))  # clear, too old
    safety.record(as_themselves(people[3]), {"neck-lump": True}, NOW - timedelta(days=1))  # held
    cleared = safety.record(as_themselves(people[4]), {"neck-lump": True}, NOW - timedelta(days=1))
    safety.record_clearance(cleared, "Dr Lee", NOW)
    SafetyCheck.objects.create(owner=people[5], answered_at=NOW, answers={}, result="clear", version=1)  # old set
    query = get_user_model().objects.filter(pk__in=[p.pk for p in people])
    rows = {u.pk: u for u in safety.annotate_safety(query, NOW)}
    for person in people:
        need = safety.need(as_themselves(person), NOW)
        assert rows[person.pk].safety_hold == (need.blocked is not None), person.username
        assert rows[person.pk].safety_check_due == need.ask, person.username


def test_the_bulk_answers_take_one_query_for_any_number_of_people(db):
    for n in range(30):
        safety.record(as_themselves(someone(n)), {}, NOW)
    with CaptureQueriesContext(connection) as queries:
        rows = list(safety.annotate_safety(schedule.annotate_due(get_user_model().objects.all()), NOW))
    assert len(rows) == 30 and len(queries) == 1
