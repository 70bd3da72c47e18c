"""Before a session when the whole check is not due: "Is anything new or worse?", one tap."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from care import quick_check, safety
from care.door import as_themselves
from care.models import SafetyCheck
from tests.safety_answers import answered_on_this_device


def answered_hours_ago(person, hours: float) -> None:
    safety.record(as_themselves(person), {}, timezone.now() - timedelta(hours=hours))


def test_a_whole_check_this_morning_asks_anything_new_before_the_next_session(client, patient):
    answered_hours_ago(patient, 5)
    client.force_login(patient)
    response = client.get("/session/")
    assert response.url == "/safety-check/quick/?next=/session/"
    page = client.get(response.url).content.decode()
    assert "Since your last check, is anything new or worse?" in page and "Nothing new" in page
    assert "numbness, tingling or weakness" in page and "chest pain or breathlessness" in page


def test_nothing_new_is_one_tap_to_the_session(client, patient):
    answered_hours_ago(patient, 30)
    client.force_login(patient)
    response = client.post("/safety-check/quick/?next=/session/", {"next": "/session/"})
    assert response.url == "/session/"
    assert response.cookies[quick_check.COOKIE]["max-age"] == 3 * 3600
    assert client.get("/session/").status_code == 200
    assert SafetyCheck.objects.filter(owner=patient).count() == 1  # the whole check is not asked again


def test_something_new_opens_the_whole_check(client, patient):
    answered_hours_ago(patient, 30)
    client.force_login(patient)
    page = client.get("/safety-check/quick/?next=/session/").content.decode()
    assert 'href="/safety-check/?next=/session/"' in page


def test_nothing_new_lasts_three_hours(client, patient):
    answered_hours_ago(patient, 30)
    client.force_login(patient)
    client.post("/safety-check/quick/", {"next": "/session/"})
    with time_machine.travel(timezone.now() + timedelta(hours=3, minutes=1)):
        assert client.get("/session/").url.startswith("/safety-check/quick/")


def test_a_whole_check_just_answered_needs_no_quick_check(client, patient):
    answered_hours_ago(patient, 0.5)
    client.force_login(patient)
    assert client.get("/session/").status_code == 200


def test_the_quick_check_never_stands_in_for_a_whole_check_that_is_due(client, patient):
    answered_hours_ago(patient, 29 * 24)  # more than 4 weeks
    client.force_login(patient)
    assert client.get("/session/").url.startswith("/safety-check/?next=")
    response = client.post("/safety-check/quick/", {"next": "/session/"})
    assert response.url.startswith("/safety-check/?next=/session/")
    assert quick_check.COOKIE not in response.cookies


def test_a_held_person_is_sent_to_their_hold_not_the_quick_check(client, patient):
    check = safety.record(as_themselves(patient), {"neck-lump": True}, timezone.now() - timedelta(hours=5))
    client.force_login(patient)
    assert client.get("/safety-check/quick/").url == f"/safety-check/{check.pk}/"


def test_a_guests_device_is_asked_too_after_three_hours(client, db):
    answered_on_this_device(client)
    assert client.get("/session/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=4)):
        assert client.get("/session/").url.startswith("/safety-check/quick/")


def test_the_api_never_asks_the_quick_check_so_a_queued_save_is_kept(client, patient):
    import uuid

    answered_hours_ago(patient, 30)
    client.force_login(patient)
    steps = [{"muscle": "trapezius", "side": "left", "seconds": 60}]
    body = {"id": str(uuid.uuid4()), "pain_before": 3, "steps": steps}
    assert client.post("/api/v1/sessions", body, content_type="application/json").status_code == 201


def test_the_quick_cookie_holds_nothing_but_that_it_was_answered(client, patient):
    answered_hours_ago(patient, 30)
    client.force_login(patient)
    response = client.post("/safety-check/quick/", {"next": "/session/"})
    cookie = response.cookies[quick_check.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert str(patient.pk) not in cookie.value.split(":")[0]
