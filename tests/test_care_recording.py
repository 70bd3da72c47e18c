"""Saving sessions: idempotent saves, bad input refused whole, someone else's session not found."""

import uuid

import pytest
from django.utils import timezone

from care.models import Session, StepEvent

STEPS = [
    {"muscle": "trapezius", "side": "left", "seconds": 90},
    {"muscle": "trapezius", "side": "right", "seconds": 90},
]


@pytest.fixture
def api(client, patient):
    from care import safety

    safety.record(patient, {}, timezone.now())  # a clear safety check: the API holds sessions without one
    client.force_login(patient)
    return client


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def start(client, session_id=None, **changes):
    body = {"id": str(session_id or uuid.uuid4()), "pain_before": 5, "steps": STEPS, **changes}
    return post(client, "/api/v1/sessions", body)


def counts():
    return Session.objects.count(), StepEvent.objects.count()


def test_a_session_saved_twice_is_kept_once(api):
    session_id = uuid.uuid4()
    assert start(api, session_id).status_code == 201
    assert start(api, session_id).status_code == 200
    assert Session.objects.filter(pk=session_id).count() == 1


def test_an_event_saved_twice_is_kept_once(api):
    session_id = uuid.uuid4()
    start(api, session_id)
    event = {"id": str(uuid.uuid4()), "step": 0, "kind": "done", "seconds": 90}
    assert post(api, f"/api/v1/sessions/{session_id}/events", event).status_code == 201
    assert post(api, f"/api/v1/sessions/{session_id}/events", event).status_code == 200
    assert StepEvent.objects.count() == 1
    saved = StepEvent.objects.get()
    assert (saved.muscle, saved.side) == ("trapezius", "left")


def test_finishing_keeps_pain_after_and_a_second_finish_changes_nothing(api):
    session_id = uuid.uuid4()
    start(api, session_id)
    assert (
        post(api, f"/api/v1/sessions/{session_id}/finish", {"pain_after": 3, "active_seconds": 170}).status_code == 200
    )
    post(api, f"/api/v1/sessions/{session_id}/finish", {"pain_after": 9, "active_seconds": 5})
    session = Session.objects.get(pk=session_id)
    assert (session.pain_after, session.active_seconds) == (3, 170)
    assert session.finished_at is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pain_before": 11}, "0 to 10"),
        ({"pain_before": -1}, "0 to 10"),
        ({"steps": [{"muscle": "trapezius", "side": "left", "seconds": 500}]}, "between 15 and 120 seconds"),
        ({"steps": [{"muscle": "trapezius", "side": "left", "seconds": -5}]}, "between 15 and 120 seconds"),
        ({"steps": [{"muscle": "biceps", "side": "left", "seconds": 60}]}, "not a muscle"),
        ({"steps": [*STEPS, STEPS[0]]}, "appears twice"),
        ({"steps": []}, "at least one area"),
    ],
)
def test_a_bad_session_is_refused_with_a_clear_message_and_nothing_changes(api, changes, message):
    before = counts()
    response = start(api, **changes)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize(
    ("event", "status"),
    [
        ({"step": 7, "kind": "done", "seconds": 10}, 400),
        ({"step": 0, "kind": "done", "seconds": 500}, 400),
        ({"step": 0, "kind": "done", "seconds": -1}, 400),
        ({"step": 0, "kind": "danced", "seconds": 10}, 400),
    ],
)
def test_a_bad_event_is_refused_and_nothing_changes(api, event, status):
    session_id = uuid.uuid4()
    start(api, session_id)
    before = counts()
    response = post(api, f"/api/v1/sessions/{session_id}/events", {"id": str(uuid.uuid4()), **event})
    assert response.status_code == status
    assert counts() == before


def test_pain_after_of_eleven_is_refused(api):
    session_id = uuid.uuid4()
    start(api, session_id)
    response = post(api, f"/api/v1/sessions/{session_id}/finish", {"pain_after": 11, "active_seconds": 10})
    assert response.status_code == 400
    assert Session.objects.get(pk=session_id).finished_at is None


def test_someone_elses_session_cannot_be_written_to_or_taken_over(client, patient, other_patient):
    from care import safety

    for person in (patient, other_patient):
        safety.record(person, {}, timezone.now())
    client.force_login(patient)
    session_id = uuid.uuid4()
    start(client, session_id)
    client.force_login(other_patient)
    before = counts()
    assert start(client, session_id).status_code == 404
    event = {"id": str(uuid.uuid4()), "step": 0, "kind": "done", "seconds": 10}
    assert post(client, f"/api/v1/sessions/{session_id}/events", event).status_code == 404
    assert (
        post(client, f"/api/v1/sessions/{session_id}/finish", {"pain_after": 1, "active_seconds": 1}).status_code == 404
    )
    assert counts() == before
    assert Session.objects.get(pk=session_id).owner == patient


def test_a_routine_of_someone_else_cannot_start_a_session(client, cast):
    client.force_login(cast["other"])
    before = counts()
    assert start(client, routine=cast["routine"].pk).status_code == 404
    assert counts() == before


def test_the_api_needs_the_csrf_token(patient):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    before = counts()
    assert start(client).status_code == 403
    assert counts() == before


def test_sessions_list_shows_only_mine(client, cast):
    client.force_login(cast["other"])
    assert client.get("/api/v1/sessions").json() == []
    client.force_login(cast["patient"])
    assert [s["id"] for s in client.get("/api/v1/sessions").json()] == [str(cast["session"].pk)]


def test_schedule_says_when_the_next_session_is_due(api):
    session_id = uuid.uuid4()
    start(api, session_id, started_at=timezone.now().isoformat())
    post(api, f"/api/v1/sessions/{session_id}/finish", {"pain_after": 3, "active_seconds": 100})
    body = api.get("/api/v1/schedule").json()
    assert body["state"] == "resting"
    assert body["due_from"] is not None


# The API obeys the same safety hold as the player.


def test_a_session_cannot_be_started_before_the_safety_check(client, patient):
    client.force_login(patient)
    response = start(client)
    assert response.status_code == 403
    assert response.json()["code"] == "safety_check_needed" and response.json()["url"] == "/safety-check/"
    assert counts() == (0, 0)


def test_a_held_person_can_neither_start_nor_record(api, patient):
    from care import safety

    session_id = uuid.uuid4()
    start(api, session_id)
    check = safety.record(patient, {"neck-lump": True}, timezone.now())
    refused = start(api)
    assert refused.status_code == 403 and refused.json() == {
        "detail": refused.json()["detail"],
        "code": "safety_hold",
        "url": f"/safety-check/{check.pk}/",
    }
    event = {"id": str(uuid.uuid4()), "step": 0, "kind": "done", "seconds": 90}
    assert post(api, f"/api/v1/sessions/{session_id}/events", event).status_code == 403
    assert post(api, f"/api/v1/sessions/{session_id}/finish", {"pain_after": 3, "active_seconds": 9}).status_code == 403
    assert counts() == (1, 0)


def test_a_retried_start_of_a_saved_session_is_not_refused(api, patient):
    from datetime import timedelta

    import time_machine

    session_id = uuid.uuid4()
    start(api, session_id)
    with time_machine.travel(timezone.now() + timedelta(days=29)):  # the check is due again
        assert start(api).status_code == 403
        assert start(api, session_id).status_code == 200


def test_the_schema_declares_the_hold(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/sessions", "/api/v1/sessions/{session_id}/events", "/api/v1/sessions/{session_id}/finish"):
        assert "403" in paths[path]["post"]["responses"]
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["SafetyHold"]["properties"]["code"]["enum"] == ["safety_check_needed", "safety_hold"]
