"""One table of pain readings: the sessions' pain before and after move into it and are read from it."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from care import recording, routines
from care.door import as_themselves
from care.models import PainReading, Session

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_sessions_pain_into_readings_and_back():
    executor = MigrationExecutor(connection)
    executor.migrate([("care", "0008_stopped_early")])
    old = executor.loader.project_state([("care", "0008_stopped_early")]).apps
    User = old.get_model("auth", "User")
    OldSession = old.get_model("care", "Session")
    person = User.objects.create(username="mover")
    OldSession.objects.create(
        owner=person, started_at=T0, finished_at=T0 + timedelta(minutes=9), pain_before=6, pain_after=3
    )
    OldSession.objects.create(owner=person, started_at=T0 + timedelta(days=2), pain_before=5)  # never finished
    executor = MigrationExecutor(connection)
    executor.migrate([("care", "0011_session_pain_in_readings")])
    readings = sorted(PainReading.objects.values_list("kind", "score", "recorded_at"))
    assert readings == [
        ("after", 3, T0 + timedelta(minutes=9)),
        ("before", 5, T0 + timedelta(days=2)),
        ("before", 6, T0),
    ]
    assert sorted(Session.objects.values_list("pain_before", "pain_after")) == [(5, None), (6, 3)]
    executor = MigrationExecutor(connection)
    executor.migrate([("care", "0008_stopped_early")])  # and back, nothing lost
    back = executor.loader.project_state([("care", "0008_stopped_early")]).apps.get_model("care", "Session")
    assert sorted(back.objects.values_list("pain_before", "pain_after")) == [(5, None), (6, 3)]
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


def test_a_session_reads_its_pain_from_the_readings(patient):
    session, _ = recording.start(as_themselves(patient), uuid.uuid4(), routines.handout_plan()[:1], 6, T0)
    recording.finish(as_themselves(session.owner), session, 2, 90, T0 + timedelta(minutes=3))
    fetched = Session.objects.get(pk=session.pk)
    assert (fetched.pain_before, fetched.pain_after) == (6, 2)
    assert list(PainReading.objects.filter(session=session).order_by("recorded_at").values_list("kind", "score")) == [
        ("before", 6),
        ("after", 2),
    ]


def test_a_session_has_at_most_one_reading_of_each_kind(patient):
    session, _ = recording.start(as_themselves(patient), uuid.uuid4(), routines.handout_plan()[:1], 6, T0)
    with pytest.raises(IntegrityError):
        PainReading.objects.create(owner=patient, session=session, kind="before", score=4, recorded_at=T0)


def test_a_score_above_ten_cannot_be_stored(patient):
    with pytest.raises(IntegrityError):
        PainReading.objects.create(owner=patient, kind="diary", score=11, recorded_at=T0)


def test_listing_sessions_with_their_pain_takes_one_query(patient, django_assert_num_queries):
    for day in range(5):
        session, _ = recording.start(
            as_themselves(patient), uuid.uuid4(), routines.handout_plan()[:1], 5, T0 + timedelta(days=day)
        )
        recording.finish(as_themselves(session.owner), session, 3, 60, T0 + timedelta(days=day, minutes=2))
    with django_assert_num_queries(1):
        assert [(s.pain_before, s.pain_after) for s in Session.objects.filter(owner=patient)] == [(5, 3)] * 5


def test_refreshing_a_session_reads_its_pain_again(patient):
    session, _ = recording.start(as_themselves(patient), uuid.uuid4(), routines.handout_plan()[:1], 6, T0)
    assert session.pain_after is None
    recording.finish(
        as_themselves(Session.objects.get(pk=session.pk).owner),
        Session.objects.get(pk=session.pk),
        2,
        90,
        T0 + timedelta(minutes=3),
    )
    session.refresh_from_db()
    assert session.pain_after == 2
