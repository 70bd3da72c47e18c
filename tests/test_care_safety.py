"""The safety check before self-care: asked, kept, blocking on a yes until a clinician clears the person."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from atlas.content import content
from care import safety
from care.models import SafetyCheck

FLAGS = content().safety.red_flags
EMERGENCY = next(f.id for f in FLAGS if f.urgency == "emergency")
CLINICIAN = next(f.id for f in FLAGS if f.urgency == "clinician")


def answers(yes=()):
    return {f"flag-{flag.id}": "yes" if flag.id in yes else "no" for flag in FLAGS}


def test_the_check_asks_every_red_flag_of_the_safety_page(client):
    page = client.get("/safety-check/").content.decode()
    for flag in FLAGS:
        assert f'name="flag-{flag.id}"' in page


def test_an_anonymous_clear_answer_is_remembered_by_the_device(client, db):
    assert client.get("/session/").status_code == 302
    response = client.post("/safety-check/?next=/session/", answers())
    assert response.status_code == 302 and response.url == "/session/"
    cookie = response.cookies[safety.DEVICE_COOKIE]
    assert cookie["max-age"] == safety.DEVICE_MAX_AGE and cookie["httponly"]
    assert SafetyCheck.objects.count() == 0  # nothing kept without an account


def test_an_emergency_answer_says_so_plainly(client):
    response = client.post("/safety-check/", answers(yes=[EMERGENCY]))
    assert response.status_code == 200
    assert "Please get emergency help now" in response.content.decode()
    assert safety.DEVICE_COOKIE not in response.cookies


def test_an_unanswered_question_is_refused_and_nothing_is_kept(client, patient):
    client.force_login(patient)
    incomplete = answers()
    incomplete.pop(f"flag-{FLAGS[0].id}")
    response = client.post("/safety-check/", incomplete)
    assert response.status_code == 400
    assert "Please answer every question" in response.content.decode()
    assert SafetyCheck.objects.count() == 0


def test_a_yes_is_kept_and_holds_back_sessions_until_a_clinician_clears(client, patient):
    client.force_login(patient)
    response = client.post("/safety-check/", answers(yes=[CLINICIAN]))
    check = SafetyCheck.objects.get(owner=patient)
    assert check.result == "clinician" and check.yes == [CLINICIAN]
    assert response.url == f"/safety-check/{check.pk}/"
    assert client.get("/session/").url == f"/safety-check/{check.pk}/"
    client.post(f"/safety-check/{check.pk}/", {"note": "Dr Lee, 3 March"})  # without the confirmation tick
    assert client.get("/session/").status_code == 302
    client.post(f"/safety-check/{check.pk}/", {"confirm": "yes", "note": "Dr Lee, 3 March"})
    check.refresh_from_db()
    assert check.cleared_at is not None and check.cleared_note == "Dr Lee, 3 March"
    assert safety.need(patient, timezone.now()).blocked is None


def test_the_check_is_asked_again_after_four_weeks(patient):
    now = timezone.now()
    safety.record(patient, {}, now)
    assert not safety.need(patient, now + timedelta(days=27)).ask
    assert safety.need(patient, now + timedelta(weeks=4)).ask


def test_the_check_is_asked_again_when_pain_rises_by_three(patient):
    import uuid

    from care import recording
    from care.routines import StepPlan

    now = timezone.now()
    safety.record(patient, {}, now)
    session, _ = recording.start(patient, uuid.uuid4(), [StepPlan("trapezius", "left")], 2, now + timedelta(hours=1))
    assert not safety.need(patient, now + timedelta(hours=2)).ask
    recording.finish(session, 5, 60, now + timedelta(hours=2))
    need = safety.need(patient, now + timedelta(hours=3))
    assert need.ask and "3 or more" in need.reason


def test_a_person_can_review_their_answers(client, patient):
    client.force_login(patient)
    client.post("/safety-check/", answers(yes=[CLINICIAN]))
    page = client.get("/safety-check/history/").content.decode()
    sign = next(f.sign for f in FLAGS if f.id == CLINICIAN)
    assert sign in page


def test_someone_elses_check_is_not_found(client, cast):
    client.force_login(cast["other"])
    assert client.get(f"/safety-check/{cast['check'].pk}/").status_code == 404
    assert client.post(f"/safety-check/{cast['check'].pk}/", {"confirm": "yes"}).status_code == 404
    cast["check"].refresh_from_db()
    assert cast["check"].cleared_at is None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_the_check_never_sends_a_person_to_another_site(client, target):
    response = client.post(f"/safety-check/?next={target}", answers())
    assert response.url == "/session/"


def test_time_moves_for_the_device_memory(client):
    client.post("/safety-check/", answers())
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert client.get("/session/").status_code == 302
