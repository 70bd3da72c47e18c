"""Attacks on keeping a guest's session (saved with an email and a code, or taken on at sign-up), from an attacker's
review: each test states the safe behaviour, and failed before its fix."""

import json
import uuid
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from care import safety
from care.door import as_themselves
from care.models import SafetyCheck, Session
from clinical.content import content
from tests.conftest import run_queued_tasks
from tests.factories import PatientFactory
from tests.test_guest_work import CLAIM, T0, ask_to_save, code_for, device_answered, keep, kept_session

PASSWORD = "calm shoulders daily"
VICTIM = "victim@example.org"
User = get_user_model()


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def newcomer(db, clock):
    return PatientFactory(username="nina", email="nina@example.org", date_joined=T0 - timedelta(minutes=2))


@pytest.fixture
def phone(client, newcomer):
    device_answered(client, safety.device_value((), T0 - timedelta(minutes=10), (1, 2)))
    client.force_login(newcomer)
    return client


# ---- 1. pre-account takeover: an unverified address on someone else's account --------------------------------------


def test_an_unverified_sign_up_does_not_capture_the_real_owner_of_the_address(clock):
    # The attacker signs up with the victim's address and a password of their own, and never confirms it.
    attacker = Client()
    attacker.post("/accounts/signup/", {"email": VICTIM, "password1": PASSWORD, "password2": PASSWORD})
    trap = User.objects.get(email=VICTIM)
    assert not EmailAddress.objects.get(user=trap).verified

    # The victim, a guest, saves their first session from its summary with their own address and their code.
    victim = Client()
    body = kept_session()
    ask_to_save(victim, VICTIM, body["start"]["id"])
    victim.post(CLAIM, {"code": code_for(VICTIM)})
    keep(victim, body)

    captured = victim.session.get("_auth_user_id") == str(trap.pk)

    # The attacker signs in with their own password (the address is now "verified") and lists the sessions.
    again = Client()
    again.post("/accounts/login/", {"login": VICTIM, "password": PASSWORD})
    sessions = again.get("/api/v1/sessions")
    read = sessions.status_code == 200 and [s["id"] for s in sessions.json()["items"]]
    # Safe: neither the victim put into the attacker's account, nor the attacker reading the victim's session.
    assert (captured, read) == (False, False), f"victim captured: {captured}; attacker reads: {read}"


def test_an_address_added_unverified_to_another_account_does_not_capture_its_owner(clock, patient):
    # The attacker (a verified account of their own) adds the victim's address to it, unconfirmed.
    EmailAddress.objects.create(user=patient, email=VICTIM, verified=False, primary=False)
    victim = Client()
    ask_to_save(victim, VICTIM)
    victim.post(CLAIM, {"code": code_for(VICTIM)})
    assert victim.session.get("_auth_user_id") != str(patient.pk), "victim signed in to the attacker's account"


# ---- 2. delete-by-code (and the account itself) bypassed from a phone left signed in -------------------------------


@pytest.fixture
def left_signed_in(clock):
    """An account made by saving a session; its owner left the phone signed in."""
    device = Client()
    ask_to_save(device, "owner@example.org")
    device.post(CLAIM, {"code": code_for("owner@example.org")})
    mail.outbox.clear()
    clock.shift(timedelta(minutes=10))  # the owner has walked away; their sign-in by code is no longer fresh
    return device


def test_a_phone_left_signed_in_cannot_set_a_password_without_proving_the_mailbox(left_signed_in):
    taken = left_signed_in.post(reverse("account_set_password"), {"password1": PASSWORD, "password2": PASSWORD})
    # Safe: reauthentication (a code mailed to the owner) before a password can be set.
    assert not User.objects.get(email="owner@example.org").has_usable_password(), (
        f"password set with no proof of the mailbox ({taken.status_code})"
    )


def test_a_phone_left_signed_in_cannot_delete_the_account_without_the_emailed_code(left_signed_in):
    left_signed_in.post(reverse("account_set_password"), {"password1": PASSWORD, "password2": PASSWORD})
    left_signed_in.post(reverse("care:delete_account"), {"password": PASSWORD})
    run_queued_tasks()
    assert not [m for m in mail.outbox if "code" in m.subject.lower()], "a code was mailed after all"
    assert User.objects.filter(email="owner@example.org").exists(), "deleted without the emailed code"


def test_asking_for_deletion_codes_is_limited(left_signed_in):
    for _ in range(20):
        left_signed_in.post(reverse("care:delete_account"), {"send_code": "yes"})
    run_queued_tasks()
    assert len(mail.outbox) <= 5, f"{len(mail.outbox)} deletion-code mails to one address in a minute"


# ---- 3. a kept session is recorded past the safety hold -----------------------------------------------------------


def test_a_person_held_by_a_warning_sign_records_no_session_through_kept(phone, newcomer):
    emergency = next(f for f in content().rules.red_flags if f.urgency == "emergency" and not f.parts)
    SafetyCheck.objects.create(
        owner=newcomer,
        answered_at=T0 - timedelta(minutes=30),
        answers={emergency.id: True},
        result="emergency",
        version=safety.current_version(),
        screens=[1, 2],
    )
    body = kept_session()
    start = phone.post("/api/v1/sessions", json.dumps(body["start"]), content_type="application/json")
    assert start.status_code == 403  # the ordinary start is held back
    kept = keep(phone, body)  # a session "done as a guest" a moment ago, sent from the same account
    assert kept.status_code == 403, f"/sessions/kept recorded it on hold ({kept.status_code})"
    assert not Session.objects.exists()


def test_a_person_who_never_answered_the_check_records_no_session_through_kept(phone):
    del phone.cookies[safety.DEVICE_COOKIE]  # no answers on the phone either
    body = kept_session()
    assert phone.post("/api/v1/sessions", json.dumps(body["start"]), content_type="application/json").status_code == 403
    kept = keep(phone, body)
    assert kept.status_code == 403, f"/sessions/kept recorded a session with no safety check ({kept.status_code})"


# ---- 4. the phone's answers belong to one person; one code, one session -------------------------------------------


def test_another_persons_answers_on_a_shared_phone_do_not_become_a_new_accounts_check(phone, newcomer):
    # Guest A answered the check on the family phone (clear) and did a session; B signs up on it the same day and
    # keeps only their *own* session (say, done later on their account's first day). A's answers stay A's.
    device_answered(phone, safety.device_value((), T0 - timedelta(hours=5), (1, 2)))
    keep(phone, kept_session(started=T0 - timedelta(minutes=20)))
    assert not SafetyCheck.objects.filter(owner=newcomer).exists(), (
        "the phone's day-long cookie became B's own safety check, dated 5 hours before B had an account"
    )


def test_a_code_for_one_session_keeps_only_that_session(clock):
    regular = PatientFactory(username="old", email="old@example.org", date_joined=T0 - timedelta(days=30))
    safety.record(as_themselves(regular), {}, T0 - timedelta(days=2))
    mine, someone_elses = kept_session(), kept_session(started=T0 - timedelta(hours=3))
    device = Client()
    ask_to_save(device, regular.email, mine["start"]["id"])
    device.post(CLAIM, {"code": code_for(regular.email)})
    assert keep(device, mine).status_code == 201
    other = keep(device, someone_elses)  # home's keepAll sends every guest session the phone holds
    assert other.status_code == 403, f"an old account kept a session it did not ask to save ({other.status_code})"


# ---- 5. things checked and found sound (these pass) ----------------------------------------------------------------


def test_sound_the_code_is_bound_to_the_address_it_was_mailed_to(clock, patient):
    device = Client()
    ask_to_save(device, "attacker@example.org")
    code = code_for("attacker@example.org")
    ask_to_save(device, patient.email)  # swap the address in the session after getting one's own code
    device.post(CLAIM, {"code": code})
    assert "_auth_user_id" not in device.session


def test_sound_a_new_code_does_not_reset_the_addresss_day_of_wrong_codes(clock):
    device = Client()
    wrong_total = 0
    for _ in range(5):
        ask_to_save(device, VICTIM)
        for _ in range(3):
            right = code_for(VICTIM) if mail.outbox else None
            response = device.post(CLAIM, {"code": "000000" if right != "000000" else "111111"})
            wrong_total += response.status_code == 400
    # the 11th code typed for the address is not compared, not even a right one
    ask_to_save(device, VICTIM)
    response = device.post(CLAIM, {"code": code_for(VICTIM)})
    assert "_auth_user_id" not in device.session and "Too many wrong codes" in response.content.decode()


def test_sound_the_login_session_key_changes_at_sign_in(clock):
    device = Client()
    ask_to_save(device, VICTIM)
    before = device.session.session_key
    device.post(CLAIM, {"code": code_for(VICTIM)})
    assert device.session.session_key != before


def test_sound_claim_and_keep_need_csrf(clock, newcomer):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(CLAIM, {"email": VICTIM, "session": str(uuid.uuid4())}).status_code == 403
    strict.force_login(newcomer)
    assert keep(strict, kept_session()).status_code == 403
    assert not Session.objects.exists()


def test_sound_known_and_unknown_addresses_answer_alike_when_their_mail_is_used_up(clock, patient):
    pages = []
    for email in ("nobody@example.org", patient.email):
        device = Client()
        statuses = [ask_to_save(device, email).status_code for _ in range(5)]
        pages.append((statuses, device.get(CLAIM).status_code))
    assert pages[0] == pages[1]


def test_a_phone_left_signed_in_cannot_move_a_passwordless_account_to_another_address(left_signed_in):
    asked = left_signed_in.post("/accounts/email/", {"action_add": "", "email": "attacker@example.org"})
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("care:prove_mailbox"))
    run_queued_tasks()
    assert not [m for m in mail.outbox if m.to == ["attacker@example.org"]]
    assert not EmailAddress.objects.filter(email="attacker@example.org").exists()


def test_info_staff_are_signed_in_to_the_admin_by_an_emailed_code_alone(clock, staff):
    device = Client()
    ask_to_save(device, staff.email)
    device.post(CLAIM, {"code": code_for(staff.email)})
    admin = device.get("/admin/")
    assert admin.status_code != 200, "a superuser reached /admin/ with a 6-digit emailed code and no password"


def test_sound_wrong_deletion_codes_count_against_the_persons_tries(left_signed_in):
    statuses = []
    for _ in range(2):  # a new code each time: the per-person count is not reset by it
        left_signed_in.post(reverse("care:delete_account"), {"send_code": "yes"})
        right = code_for("owner@example.org")
        wrong = "000000" if right != "000000" else "111111"
        statuses += [left_signed_in.post(reverse("care:delete_account"), {"code": wrong}).status_code for _ in range(3)]
    left_signed_in.post(reverse("care:delete_account"), {"send_code": "yes"})
    last = left_signed_in.post(reverse("care:delete_account"), {"code": code_for("owner@example.org")})
    assert statuses == [400] * 5 + [429] and last.status_code == 429
    assert User.objects.filter(email="owner@example.org").exists()
