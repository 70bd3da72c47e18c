"""Unfinished sessions: home offers to carry on first; one can be ended as "stopped early", kept in the
history and never counted as done."""

import uuid

import pytest
from django.utils import timezone

from care import recording, routines, safety, schedule
from care.door import as_themselves
from care.models import Session


@pytest.fixture
def open_session(patient):
    safety.record(as_themselves(patient), {}, timezone.now())
    plan = routines.handout_plan()[:3]
    session, _ = recording.start(as_themselves(patient), uuid.uuid4(), plan, 5, timezone.now())
    return session


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient)
    return client


def test_home_offers_to_carry_on_before_anything_else(signed_in, open_session):
    page = signed_in.get("/home/").content.decode()
    assert "Carry on where you left off" in page
    assert page.index("Carry on where you left off") < page.index("Start your first session")
    assert f"/session/resume/{open_session.pk}/" in page


def test_stopping_early_keeps_the_session_and_does_not_count_it(signed_in, patient, open_session):
    response = signed_in.post(f"/sessions/{open_session.pk}/stop/")
    assert response.status_code == 302 and response.url == "/home/"
    open_session.refresh_from_db()
    assert open_session.stopped_at is not None and not open_session.is_finished
    assert schedule.due(as_themselves(patient), timezone.now()).state == "first"  # not counted as a session done
    assert "stopped early" in signed_in.get("/sessions/").content.decode()
    assert "Carry on where you left off" not in signed_in.get("/home/").content.decode()


def test_a_stopped_session_is_not_carried_on(signed_in, open_session):
    signed_in.post(f"/sessions/{open_session.pk}/stop/")
    response = signed_in.get(f"/session/resume/{open_session.pk}/")
    assert response.status_code == 302 and response.url == f"/sessions/{open_session.pk}/"


def test_stopping_twice_or_a_finished_session_changes_nothing(signed_in, open_session):
    signed_in.post(f"/sessions/{open_session.pk}/stop/")
    first = Session.objects.get(pk=open_session.pk).stopped_at
    signed_in.post(f"/sessions/{open_session.pk}/stop/")
    assert Session.objects.get(pk=open_session.pk).stopped_at == first
    finished, _ = recording.start(
        as_themselves(open_session.owner), uuid.uuid4(), routines.handout_plan()[:1], 4, timezone.now()
    )
    recording.finish(as_themselves(finished.owner), finished, 2, 60, timezone.now())
    signed_in.post(f"/sessions/{finished.pk}/stop/")
    finished.refresh_from_db()
    assert finished.stopped_at is None and finished.is_finished


def test_stopping_needs_a_post(signed_in, open_session):
    assert signed_in.get(f"/sessions/{open_session.pk}/stop/").status_code == 405


def test_the_api_says_a_session_was_stopped_early(signed_in, open_session):
    signed_in.post(f"/sessions/{open_session.pk}/stop/")
    body = signed_in.get(f"/api/v1/sessions/{open_session.pk}").json()
    assert body["stopped_at"] is not None and body["finished_at"] is None


def test_home_says_when_in_plain_words_never_zero_minutes(signed_in, open_session):
    page = signed_in.get("/home/").content.decode()
    assert "You started a session just now and did not finish it." in page
    assert " 0 minutes ago" not in page


def test_carrying_on_a_session_without_a_routine_keeps_its_name(signed_in, patient):
    safety.record(as_themselves(patient), {}, timezone.now())
    sid = uuid.uuid4()
    body = {
        "id": str(sid),
        "name": "  Quick   session ",
        "pain_before": 5,
        "steps": [{"muscle": "trapezius", "side": "right", "seconds": 60}],
    }
    assert signed_in.post("/api/v1/sessions", body, content_type="application/json").status_code == 201
    assert Session.objects.get(pk=sid).routine_name == "Quick session"
    page = signed_in.get(f"/session/resume/{sid}/").content.decode()
    assert "Quick session" in page and "The handout&#x27;s routine" not in page


def test_a_session_name_longer_than_a_routine_name_is_refused(signed_in, patient):
    safety.record(as_themselves(patient), {}, timezone.now())
    body = {
        "id": str(uuid.uuid4()),
        "name": "x" * 81,
        "pain_before": 5,
        "steps": [{"muscle": "trapezius", "side": "right", "seconds": 60}],
    }
    assert signed_in.post("/api/v1/sessions", body, content_type="application/json").status_code == 422
    assert not Session.objects.exists()
