"""Saving sessions: idempotent saves, bad input refused whole, someone else's session not found."""

import uuid

import pytest
from django.utils import timezone

from care.door import as_themselves
from care.models import Session, StepEvent

STEPS = [
    {"muscle": "trapezius", "side": "left", "seconds": 90},
    {"muscle": "trapezius", "side": "right", "seconds": 90},
]


@pytest.fixture
def api(client, patient):
    from care import safety

    # a clear safety check: the API holds sessions without one
    safety.record(as_themselves(patient), {}, timezone.now())
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
    ("changes", "field"),
    [
        ({"pain_before": 11}, "pain_before"),
        ({"pain_before": -1}, "pain_before"),
        ({"pain_before": "5"}, "pain_before"),  # strict: a string is not a number
        ({"pain_before": True}, "pain_before"),
        ({"pain_before": 4.5}, "pain_before"),
        ({"steps": [{"muscle": "trapezius", "side": "left", "seconds": 500}]}, "seconds"),
        ({"steps": [{"muscle": "trapezius", "side": "left", "seconds": -5}]}, "seconds"),
        ({"steps": [{"muscle": "trapezius", "side": "left", "seconds": "90"}]}, "seconds"),
        ({"steps": [{"muscle": "trapezius", "side": "middle", "seconds": 60}]}, "side"),
        ({"steps": [{"muscle": "trape\u0000zius", "side": "left", "seconds": 60}]}, "muscle"),
        ({"started_at": "9999-12-31T23:59:59+14:00"}, "started_at"),
        ({"started_at": "2001-01-01T00:00:00Z"}, "started_at"),
        ({"started_at": "2026-03-02T18:00:00"}, "started_at"),  # no offset: which day is it?
        ({"name": "Evening\u0000"}, "name"),
        ({"regions": ["temple:left"] * 21}, "regions"),  # more places than one session takes
        ({"regions": ["temple\u0000"]}, "regions"),
    ],
)
def test_a_bad_field_is_refused_with_422_naming_it_and_nothing_changes(api, changes, field):
    before = counts()
    response = start(api, **changes)
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"]), response.json()
    assert counts() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"steps": [{"muscle": "biceps", "side": "left", "seconds": 60}]}, "not a muscle"),
        ({"steps": [*STEPS, STEPS[0]]}, "appears twice"),
        ({"steps": []}, "at least one area"),
        ({"regions": ["knee"]}, "Unknown region: knee"),
    ],
)
def test_a_bad_session_is_refused_with_a_clear_message_and_nothing_changes(api, changes, message):
    before = counts()
    response = start(api, **changes)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert counts() == before


def test_a_time_within_the_offline_window_is_kept(api):
    from datetime import timedelta

    when = timezone.now() - timedelta(days=29)
    session_id = uuid.uuid4()
    assert start(api, session_id, started_at=when.isoformat()).status_code == 201
    assert Session.objects.get(pk=session_id).started_at == when.replace(microsecond=when.microsecond)


@pytest.mark.parametrize(
    ("event", "status"),
    [
        ({"step": 7, "kind": "done", "seconds": 10}, 400),
        ({"step": 0, "kind": "done", "seconds": 500}, 422),
        ({"step": 0, "kind": "done", "seconds": -1}, 422),
        ({"step": 0, "kind": "danced", "seconds": 10}, 422),
        ({"step": "0", "kind": "done", "seconds": 10}, 422),
        ({"step": 0, "kind": "done", "seconds": 10, "recorded_at": "9999-01-01T00:00:00Z"}, 422),
    ],
)
def test_a_bad_event_is_refused_and_nothing_changes(api, event, status):
    session_id = uuid.uuid4()
    start(api, session_id)
    before = counts()
    response = post(api, f"/api/v1/sessions/{session_id}/events", {"id": str(uuid.uuid4()), **event})
    assert response.status_code == status
    assert counts() == before


def test_a_nul_in_a_routine_name_is_refused_at_the_field(api):
    response = post(api, "/api/v1/routines", {"name": "Evening\u0000", "steps": STEPS})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "name"


def test_lists_come_a_page_at_a_time_with_a_count(api):
    for _ in range(3):
        start(api)
    page = api.get("/api/v1/sessions?limit=2&offset=0").json()
    assert page["count"] == 3 and len(page["items"]) == 2
    assert len(api.get("/api/v1/sessions?limit=2&offset=2").json()["items"]) == 1
    assert api.get("/api/v1/sessions?limit=201").status_code == 422
    routines = api.get("/api/v1/routines").json()
    assert set(routines) == {"items", "count"}


def test_personal_answers_are_never_stored(api):
    response = api.get("/api/v1/sessions")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" in api.get("/api/v1/regions")["Cache-Control"]


def test_the_schema_declares_limits_and_every_answer(client):
    schema = client.get("/api/v1/openapi.json").json()
    parts = schema["components"]["schemas"]
    start_in = parts["SessionStart"]["properties"]
    # pain before: a score from 0 to 10, or null when the person skipped the question (still required)
    score, skipped = start_in["pain_before"]["anyOf"]
    assert (score["minimum"], score["maximum"], skipped) == (0, 10, {"type": "null"})
    assert "pain_before" in parts["SessionStart"]["required"]
    step = parts["StepIn"]["properties"]
    assert (step["seconds"]["minimum"], step["seconds"]["maximum"]) == (15, 120)
    assert step["side"]["enum"] == ["left", "right", ""]
    for path, methods in schema["paths"].items():
        if path.startswith("/api/v1/") and ("routines" in path or "sessions" in path or "schedule" in path):
            for method, operation in methods.items():
                declared = set(operation["responses"])
                assert {"401", "422"} <= declared, f"{method} {path}: {declared}"
                if method != "get":
                    assert "403" in declared, f"{method} {path}"


def test_pain_after_of_eleven_is_refused(api):
    session_id = uuid.uuid4()
    start(api, session_id)
    response = post(api, f"/api/v1/sessions/{session_id}/finish", {"pain_after": 11, "active_seconds": 10})
    assert response.status_code == 422
    assert Session.objects.get(pk=session_id).finished_at is None


def test_someone_elses_session_cannot_be_written_to_or_taken_over(client, patient, other_patient):
    from care import safety

    for person in (patient, other_patient):
        safety.record(as_themselves(person), {}, timezone.now())
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
    theirs = client.get("/api/v1/sessions").json()
    assert theirs["count"] == 1 and theirs["items"][0]["id"] != str(cast["session"].pk)  # their own only
    client.force_login(cast["patient"])
    assert [s["id"] for s in client.get("/api/v1/sessions").json()["items"]] == [str(cast["session"].pk)]


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
    check = safety.record(as_themselves(patient), {"neck-lump": True}, timezone.now())
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
        api.force_login(patient)  # a new sign-in: sessions without "remember me" last a day
        assert start(api).status_code == 403
        assert start(api, session_id).status_code == 200


def test_the_schema_declares_the_hold(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/sessions", "/api/v1/sessions/{session_id}/events", "/api/v1/sessions/{session_id}/finish"):
        assert "403" in paths[path]["post"]["responses"]
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["SafetyHold"]["properties"]["code"]["enum"] == ["safety_check_needed", "safety_hold"]


def test_a_fresh_csrf_token_is_given_to_a_signed_in_person_and_works(patient):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    from care import safety

    safety.record(as_themselves(patient), {}, timezone.now())
    token = client.get("/api/v1/csrf").json()["token"]
    body = {"id": str(uuid.uuid4()), "pain_before": 4, "steps": STEPS}
    assert client.post("/api/v1/sessions", body, content_type="application/json").status_code == 403
    assert (
        client.post(
            "/api/v1/sessions", body, content_type="application/json", headers={"X-CSRFToken": token}
        ).status_code
        == 201
    )
    assert Client().get("/api/v1/csrf").status_code == 401


def test_a_nul_in_a_session_name_is_refused_at_the_field_and_nothing_changes(api):
    before = counts()
    response = start(api, name="Evening\u0000")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "name"
    assert counts() == before


PAGED = ["/api/v1/sessions", "/api/v1/routines"]


@pytest.mark.parametrize("url", PAGED)
def test_an_offset_beyond_the_bound_is_refused_with_422_naming_it(api, url):
    from api.care import MAX_OFFSET

    for offset in (2**63, MAX_OFFSET + 1):
        response = api.get(url, {"offset": offset})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == "offset"
    start(api)
    page = api.get(url, {"offset": MAX_OFFSET})
    assert page.status_code == 200 and page.json()["items"] == []


def test_every_paged_list_declares_its_bounds_in_the_schema(client):
    from api.care import MAX_OFFSET, MAX_PAGE

    schema = client.get("/api/v1/openapi.json").json()
    paged = {}
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            parameters = {p["name"]: p["schema"] for p in operation.get("parameters", [])}
            if "offset" in parameters or "limit" in parameters:
                paged[path] = parameters
    assert sorted(paged) == sorted(PAGED)
    for parameters in paged.values():
        assert (parameters["offset"]["minimum"], parameters["offset"]["maximum"]) == (0, MAX_OFFSET)
        assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, MAX_PAGE)
