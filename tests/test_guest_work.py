"""A guest's first session becomes theirs: the phone keeps the session and the safety answers for a day, and a
person who signs up on it (or proves their address with a code from the summary) takes them on, at their own
times, the answers scored again under the question set they were given to. No one else can."""

import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from care import guest_work, safety, schedule
from care.door import as_themselves
from care.models import SafetyCheck, Session
from care.routines import handout_plan
from clinical.content import content
from tests.conftest import run_queued_tasks
from tests.factories import PatientFactory
from tests.safety_answers import answers

T0 = datetime(2026, 12, 2, 17, 30, tzinfo=UTC)
KEEP = "/api/v1/sessions/kept"
CLAIM = reverse("care:claim_session")


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def kept_session(started=T0 - timedelta(minutes=8), pain_before=6, pain_after=3, finished=True) -> dict:
    """What the player keeps on a guest's phone: a start, one event per area and a finish."""
    plan = handout_plan()[:3]
    body: dict = {
        "start": {
            "id": str(uuid.uuid4()),
            "routine": None,
            "regions": ["back-of-neck:left"],
            "name": "From the body map",
            "pain_before": pain_before,
            "started_at": started.isoformat(),
            "steps": [{"muscle": s.muscle, "side": s.side, "seconds": s.seconds} for s in plan],
        },
        "events": [
            {
                "id": str(uuid.uuid4()),
                "step": n,
                "kind": "done",
                "seconds": s.seconds,
                "recorded_at": started.isoformat(),
            }
            for n, s in enumerate(plan)
        ],
        "finish": None,
    }
    if finished:
        body["finish"] = {
            "pain_after": pain_after,
            "active_seconds": 300,
            "finished_at": (started + timedelta(minutes=7)).isoformat(),
        }
    return body


def device_answered(client: Client, cookie: str) -> None:
    response = HttpResponse()
    response.set_signed_cookie(safety.DEVICE_COOKIE, cookie, salt="safety")
    client.cookies[safety.DEVICE_COOKIE] = response.cookies[safety.DEVICE_COOKIE].value


def keep(client: Client, body: dict):
    return client.post(KEEP, json.dumps(body), content_type="application/json")


@pytest.fixture
def newcomer(db, clock):
    """A person who signed up a few minutes ago on the phone they used as a guest."""
    return PatientFactory(username="nina", email="nina@example.org", date_joined=T0 - timedelta(minutes=2))


@pytest.fixture
def phone(client, newcomer):
    """The newcomer's phone: they answered the safety questions as a guest just before their session."""
    device_answered(client, safety.device_value((), T0 - timedelta(minutes=10), (1, 2)))
    client.force_login(newcomer)
    return client


# ---- taking on the session ---------------------------------------------------------------------------------------


def test_a_new_account_keeps_the_phones_session_at_its_own_times(phone, newcomer):
    body = kept_session()
    assert keep(phone, body).status_code == 201
    session = Session.objects.get(pk=body["start"]["id"])
    assert (session.owner, session.started_at) == (newcomer, T0 - timedelta(minutes=8))
    assert (session.pain_before, session.pain_after) == (6, 3)
    assert session.finished_at == T0 - timedelta(minutes=1)
    assert session.events.filter(kind="done").count() == 3


def test_a_kept_session_counts_for_the_schedule(phone, newcomer):
    keep(phone, kept_session())
    due = schedule.due(as_themselves(newcomer), T0, as_themselves(newcomer).profile())
    assert due.last == T0 - timedelta(minutes=1) and due.state == "resting"


def test_sending_it_again_keeps_it_once(phone):
    body = kept_session()
    assert [keep(phone, body).status_code for _ in range(2)] == [201, 200]
    assert Session.objects.count() == 1


def test_an_unfinished_session_is_kept_to_carry_on(phone):
    body = kept_session(finished=False)
    assert keep(phone, body).status_code == 201
    assert Session.objects.get(pk=body["start"]["id"]).is_open


def test_a_session_more_than_a_day_old_is_not_kept(phone, clock):
    body = kept_session(started=T0 - timedelta(hours=25))
    response = keep(phone, body)
    assert response.status_code == 400 and "more than a day ago" in response.json()["detail"]
    assert not Session.objects.exists()


def test_an_account_older_than_a_day_cannot_take_on_a_phones_session(client, clock):
    regular = PatientFactory(username="old", email="old@example.org", date_joined=T0 - timedelta(days=3))
    client.force_login(regular)
    assert keep(client, kept_session()).status_code == 403
    assert not Session.objects.exists()


def test_someone_elses_session_id_is_not_found(phone, patient):
    body = kept_session()
    keep_as_other = Client()
    device_answered(keep_as_other, safety.device_value((), T0 - timedelta(minutes=10)))
    keep_as_other.force_login(PatientFactory(username="n2", email="n2@example.org", date_joined=T0))
    assert keep(keep_as_other, body).status_code == 201
    assert keep(phone, body).status_code == 404
    assert Session.objects.get().owner.username == "n2"


def test_signed_out_it_answers_401(client, clock):
    assert keep(client, kept_session()).status_code == 401


# ---- the safety answers come with it ------------------------------------------------------------------------------


def test_the_phones_safety_answers_are_kept_at_their_time_and_not_asked_again(phone, newcomer):
    answered = T0 - timedelta(minutes=10)
    device_answered(phone, safety.device_value((), answered, (1, 2)))
    keep(phone, kept_session())
    check = SafetyCheck.objects.get(owner=newcomer)
    assert (check.answered_at, check.result, check.version) == (answered, "clear", safety.current_version())
    assert check.screens == [1, 2]
    assert not safety.need(as_themselves(newcomer), T0).ask


def test_the_answers_are_scored_again_not_taken_as_a_verdict(phone, newcomer):
    emergency = next(f for f in content().rules.red_flags if f.urgency == "emergency" and not f.parts)
    device_answered(phone, safety.device_value([emergency.id], T0 - timedelta(minutes=10), (1, 2)))
    refused = keep(phone, kept_session())
    assert refused.status_code == 403 and refused.json()["code"] == "safety_hold"
    check = SafetyCheck.objects.get(owner=newcomer)
    assert check.result == "emergency" and check.answers[emergency.id] is True
    assert safety.need(as_themselves(newcomer), T0).blocked == check


def test_answers_to_an_older_question_set_are_kept_and_asked_again(phone, newcomer):
    older = safety.current_version() - 1
    at = int((T0 - timedelta(minutes=10)).timestamp())
    device_answered(phone, f"clear:{older}:{at}:12:")
    keep(phone, kept_session())
    assert SafetyCheck.objects.get(owner=newcomer).version == older
    assert safety.need(as_themselves(newcomer), T0).ask


def test_a_person_who_answered_on_their_account_keeps_their_own_answers(phone, newcomer):
    phone.post(reverse("care:safety_check"), answers())
    device_answered(phone, safety.device_value((), T0 - timedelta(minutes=10)))
    keep(phone, kept_session())
    assert SafetyCheck.objects.filter(owner=newcomer).count() == 1


def test_the_guests_check_leaves_its_answers_on_the_phone(client, clock):
    client.post(reverse("care:safety_check"), answers())
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    device = safety.device_answers(request)
    assert device is not None and device.version == safety.current_version() and device.answered_at == T0
    assert device.screens == (1, 2) and device.ticked == frozenset()


# ---- home offers it -----------------------------------------------------------------------------------------------


def test_home_offers_a_new_account_the_phones_session(phone):
    page = phone.get(reverse("care:home")).content.decode()
    assert "data-guest-work" in page and "Not mine, discard it" in page and "js/guest.js" in page


def test_home_never_offers_it_to_an_older_account(client, clock):
    client.force_login(PatientFactory(username="old", email="old@example.org", date_joined=T0 - timedelta(days=2)))
    assert "data-guest-work" not in client.get(reverse("care:home")).content.decode()


# ---- saving it with an email address and a code -----------------------------------------------------------------


def ask_to_save(client: Client, email: str, session: str | None = None):
    data = {"email": email, "session": session or str(uuid.uuid4()), "time": "18:00", "time_zone": "Europe/London"}
    return client.post(CLAIM, data)


def code_for(email: str) -> str:
    run_queued_tasks()
    message = [m for m in mail.outbox if m.to == [email]][-1]
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def strip(page: str, email: str) -> str:
    page = page.replace(email, "EMAIL")
    page = re.sub(r'name="session" value="[^"]+"', "", page)  # each phone's own session id
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_a_new_and_a_known_address_get_the_same_page_and_the_same_mail(clock, patient):
    guest, known = Client(), Client()
    answers_ = [ask_to_save(guest, "someone.new@example.org"), ask_to_save(known, patient.email)]
    assert [(a.status_code, a["Location"]) for a in answers_] == [(302, CLAIM)] * 2
    pages = [
        strip(c.get(CLAIM).content.decode(), e) for c, e in ((guest, "someone.new@example.org"), (known, patient.email))
    ]
    assert pages[0] == pages[1] and "We have sent a 6-digit code" in pages[0]
    run_queued_tasks()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["someone.new@example.org"] == subjects[patient.email]


def test_a_new_address_with_its_code_gets_an_account_without_a_password_and_the_reminder(clock):
    device = Client()
    ask_to_save(device, "someone.new@example.org")
    done = device.post(CLAIM, {"code": code_for("someone.new@example.org")})
    assert (done.status_code, done["Location"]) == (302, reverse("care:home"))
    person = PatientFactory._meta.model.objects.get(email="someone.new@example.org")
    assert device.session["_auth_user_id"] == str(person.pk) and not person.has_usable_password()
    profile = as_themselves(person).profile()
    assert (profile.reminders, profile.reminder_time.strftime("%H:%M"), profile.time_zone) == (
        True,
        "18:00",
        "Europe/London",
    )
    assert "data-keep-now" in device.get(reverse("care:home")).content.decode()


def test_a_known_address_with_its_code_signs_in_and_may_keep_the_phones_session(clock):
    regular = PatientFactory(username="old", email="old@example.org", date_joined=T0 - timedelta(days=30))
    device = Client()
    device_answered(device, safety.device_value((), T0 - timedelta(minutes=10)))
    body = kept_session()
    ask_to_save(device, regular.email, body["start"]["id"])
    device.post(CLAIM, {"code": code_for(regular.email)})
    assert device.session["_auth_user_id"] == str(regular.pk)
    assert keep(device, body).status_code == 201
    assert Session.objects.get().owner == regular


def test_a_known_accounts_leave_to_keep_runs_out_after_half_an_hour(clock):
    regular = PatientFactory(username="old", email="old@example.org", date_joined=T0 - timedelta(days=30))
    device = Client()
    ask_to_save(device, regular.email)
    device.post(CLAIM, {"code": code_for(regular.email)})
    clock.shift(timedelta(minutes=31))
    assert keep(device, kept_session(started=T0)).status_code == 403


def test_a_wrong_code_is_refused_at_its_field_and_signs_no_one_in(clock):
    device = Client()
    ask_to_save(device, "someone.new@example.org")
    wrong = "000000" if code_for("someone.new@example.org") != "000000" else "111111"
    response = device.post(CLAIM, {"code": wrong})
    assert response.status_code == 400 and "That code is not right" in response.content.decode()
    assert "_auth_user_id" not in device.session
    assert not PatientFactory._meta.model.objects.filter(email="someone.new@example.org").exists()


def test_three_wrong_codes_use_the_code_up(clock):
    device = Client()
    ask_to_save(device, "someone.new@example.org")
    right = code_for("someone.new@example.org")
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(3):
        device.post(CLAIM, {"code": wrong})
    response = device.post(CLAIM, {"code": right})
    assert response.status_code == 400 and "_auth_user_id" not in device.session


def test_a_code_runs_out_after_ten_minutes(clock):
    device = Client()
    ask_to_save(device, "someone.new@example.org")
    code = code_for("someone.new@example.org")
    clock.shift(timedelta(minutes=11))
    response = device.post(CLAIM, {"code": code})
    assert response.status_code == 400 and "run out" in response.content.decode()
    assert "Send a new code" in response.content.decode()


def test_a_bad_address_is_refused_at_its_field_and_mails_nothing(clock):
    response = Client().post(CLAIM, {"email": "not an address", "session": str(uuid.uuid4())})
    assert response.status_code == 400 and "Enter an email address such as" in response.content.decode()
    run_queued_tasks()
    assert mail.outbox == []


def test_the_page_without_a_session_says_where_to_start(client):
    response = client.get(CLAIM)
    assert response.status_code == 200 and "Finish a session first" in response.content.decode()


def test_someone_signed_in_is_sent_home(phone):
    assert phone.get(CLAIM)["Location"] == reverse("care:home")


def test_the_kept_for_a_day_window_is_the_same_for_the_phone_and_the_account():
    assert timedelta(seconds=safety.DEVICE_MAX_AGE) == guest_work.KEPT_FOR


# ---- an account without a password: its data and its deletion ---------------------------------------------------


@pytest.fixture
def passwordless(client, clock):
    device = Client()
    ask_to_save(device, "someone.new@example.org")
    device.post(CLAIM, {"code": code_for("someone.new@example.org")})
    return device


DELETE = reverse("care:delete_account")


def test_a_person_without_a_password_downloads_their_data(passwordless):
    response = passwordless.get("/api/v1/me/export?format=json")
    assert response.status_code == 200 and response.json()["person"]["email"] == "someone.new@example.org"


def test_a_person_without_a_password_is_offered_a_code_to_delete_their_account(passwordless):
    page = passwordless.get(DELETE).content.decode()
    assert "Email me a code" in page and "Your password" not in page and 'name="code"' not in page


def test_the_emailed_code_deletes_an_account_without_a_password(passwordless):
    passwordless.post(DELETE, {"send_code": "yes"})
    assert 'name="code"' in passwordless.get(DELETE).content.decode()
    response = passwordless.post(DELETE, {"code": code_for("someone.new@example.org")})
    assert response.status_code == 302
    assert not PatientFactory._meta.model.objects.filter(email="someone.new@example.org").exists()


def test_a_wrong_code_deletes_nothing(passwordless):
    passwordless.post(DELETE, {"send_code": "yes"})
    right = code_for("someone.new@example.org")
    response = passwordless.post(DELETE, {"code": "000000" if right != "000000" else "111111"})
    assert response.status_code == 400 and "Nothing has been changed" in response.content.decode()
    assert PatientFactory._meta.model.objects.filter(email="someone.new@example.org").exists()


def test_without_a_code_sent_nothing_is_deleted(passwordless):
    response = passwordless.post(DELETE, {"code": "123456"})
    assert response.status_code == 400 and "run out" in response.content.decode()
    assert PatientFactory._meta.model.objects.filter(email="someone.new@example.org").exists()


def test_asking_for_codes_is_limited_per_client_address_like_sign_up(clock):
    device = Client()
    statuses = [ask_to_save(device, f"n{n}@example.org").status_code for n in range(21)]
    assert statuses == [302] * 20 + [429]


def test_a_person_without_a_password_can_set_one_in_unknots_words(passwordless, clock):
    clock.shift(timedelta(minutes=6))  # their sign-in by code is no longer fresh proof
    home = passwordless.get(reverse("care:home")).content.decode()
    assert "Set a password" in home and "Change password" not in home
    asked = passwordless.get(reverse("account_set_password"))
    assert asked["Location"].startswith(reverse("care:prove_mailbox"))  # first: is it you?
    prove = reverse("care:prove_mailbox")
    passwordless.post(prove, {"send_code": "yes", "next": reverse("account_set_password")})
    proven = passwordless.post(prove, {"code": code_for("someone.new@example.org"), "next": "/accounts/password/set/"})
    assert proven["Location"] == reverse("account_set_password")
    page = passwordless.get(reverse("account_set_password")).content.decode()
    assert "Choose a password" in page and "you sign in with a code we email you" in page
    done = passwordless.post(
        reverse("account_set_password"), {"password1": "calm shoulders daily", "password2": "calm shoulders daily"}
    )
    assert done.status_code == 302
    assert PatientFactory._meta.model.objects.get(email="someone.new@example.org").has_usable_password()


def test_the_phones_answers_are_taken_once_then_forgotten(phone):
    response = keep(phone, kept_session())
    assert response.cookies[safety.DEVICE_COOKIE].value == ""  # deleted: never another person's check


def test_answers_given_hours_before_the_session_stay_behind(phone, newcomer):
    device_answered(phone, safety.device_value((), T0 - timedelta(hours=3)))
    response = keep(phone, kept_session())
    assert response.status_code == 403 and response.json()["code"] == "safety_check_needed"
    assert not SafetyCheck.objects.filter(owner=newcomer).exists() and not Session.objects.exists()


def test_a_wrong_proof_code_changes_nothing_and_says_so_at_its_field(passwordless, clock):
    clock.shift(timedelta(minutes=6))
    prove = reverse("care:prove_mailbox")
    passwordless.post(prove, {"send_code": "yes"})
    right = code_for("someone.new@example.org")
    response = passwordless.post(prove, {"code": "000000" if right != "000000" else "111111"})
    assert response.status_code == 400 and "That code is not right" in response.content.decode()
    assert passwordless.get(reverse("account_set_password"))["Location"].startswith(prove)


def test_a_persons_own_codes_have_a_share_of_mail(passwordless):
    mail.outbox.clear()
    for _ in range(8):
        passwordless.post(reverse("care:prove_mailbox"), {"send_code": "yes"})
    run_queued_tasks()
    assert len(mail.outbox) == 5


def test_a_fresh_sign_in_by_code_is_proof_enough_to_set_a_password(passwordless):
    assert passwordless.get(reverse("account_set_password")).status_code == 200
