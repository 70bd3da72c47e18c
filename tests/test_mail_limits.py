"""Codes and account mail are limited per address: a few mails an hour, a few codes and wrong codes a day, then
the address takes no code until tomorrow and its owner is told once; the same answers for any address."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client

from tests.conftest import run_queued_tasks

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASSWORD = "calm shoulders daily"
NEW = {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def mails_to(address: str) -> list:
    run_queued_tasks()
    return [message for message in mail.outbox if message.to == [address]]


def pending_code(client) -> str:
    return client.session["account_email_verification_code"]["code"]


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_at_most_three_account_mails_an_hour_reach_one_address(client, patient, clock):
    for _ in range(2):
        client.post("/accounts/password/reset/", {"email": patient.email})
        Client().post("/accounts/signup/", {**NEW, "email": patient.email})
    assert len(mails_to(patient.email)) == 3
    clock.shift(timedelta(hours=1, minutes=1))
    client.post("/accounts/password/reset/", {"email": patient.email})
    assert len(mails_to(patient.email)) == 4


def ask_for_mail(kind: str, address: str) -> tuple[int, str, str]:
    """A visitor asks for one kind of mail to the address: the answer, where it leads, and that page."""
    device = Client()
    if kind == "reset":
        answer = device.post("/accounts/password/reset/", {"email": address})
    elif kind == "sign-in code":
        answer = device.post("/accounts/login/code/", {"email": address})
    else:
        answer = device.post("/accounts/signup/", {**NEW, "email": address})
    page = device.get(answer["Location"]).content.decode()
    return answer.status_code, answer["Location"], re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


@pytest.mark.parametrize("has_account", [True, False])
def test_after_three_mails_no_mail_of_any_kind_is_queued_for_the_address_and_the_answers_do_not_change(
    patient, clock, has_account
):
    from django_tasks_db.models import DBTaskResult

    from unknot.models import PendingMail

    address = patient.email if has_account else "nobody@example.org"
    kinds = ["reset", "sign-in code", "sign-up"]
    sent = {kind: ask_for_mail(kind, address) for kind in kinds}
    assert len(mails_to(address)) == 3
    tasks = DBTaskResult.objects.count()
    for _ in range(2):
        held = {kind: ask_for_mail(kind, address) for kind in kinds}
        assert held == sent  # the same answers, the same pages: nothing says the mail was held back
    assert PendingMail.objects.count() == 0 and DBTaskResult.objects.count() == tasks
    assert len(mails_to(address)) == 3


def test_held_back_mail_gets_the_same_answer_whether_or_not_the_address_has_an_account(client, patient, clock):
    answers = {}
    for address in (patient.email, "nobody@example.org"):
        for _ in range(4):
            reset = client.post("/accounts/password/reset/", {"email": address})
        signup = Client().post("/accounts/signup/", {**NEW, "email": address})
        answers[address] = (reset.status_code, reset.url, signup.status_code, signup.url)
    assert (
        answers[patient.email]
        == answers["nobody@example.org"]
        == (
            302,
            "/accounts/password/reset/done/",
            302,
            "/accounts/confirm-email/",
        )
    )
    assert len(mails_to(patient.email)) == len(mails_to("nobody@example.org")) == 3


def test_an_address_gets_at_most_six_codes_a_day(db, clock):
    Client().post("/accounts/signup/", NEW)
    for _ in range(8):
        clock.shift(timedelta(hours=1, minutes=1))
        Client().post("/accounts/login/", {"login": NEW["email"], "password": PASSWORD})
    assert len(mails_to(NEW["email"])) == 6
    clock.shift(timedelta(days=1))
    Client().post("/accounts/login/", {"login": NEW["email"], "password": PASSWORD})
    assert len(mails_to(NEW["email"])) == 7


def test_too_many_wrong_codes_across_codes_lock_the_sign_up_and_tell_the_owner_once(db, clock):
    device = Client()
    device.post("/accounts/signup/", NEW)
    guesses = 0
    while True:
        code = pending_code(device)
        answer = device.post("/accounts/confirm-email/", {"code": wrong(code)})
        guesses += 1
        if answer.status_code == 200 and "not taking codes" in answer.content.decode():
            break
        assert guesses <= 10
        if answer.status_code == 302:  # this code has had its three tries: sign in for a new one
            clock.shift(timedelta(minutes=4))
            device = Client()
            device.post("/accounts/login/", {"login": NEW["email"], "password": PASSWORD})
    assert guesses == 11
    clock.shift(timedelta(minutes=4))
    device = Client()
    device.post("/accounts/login/", {"login": NEW["email"], "password": PASSWORD})
    right = device.post("/accounts/confirm-email/", {"code": pending_code(device)}).content.decode()
    assert "not taking codes for it until tomorrow" in right  # not even the right code today
    assert device.get("/home/").status_code == 302
    device.post("/accounts/confirm-email/", {"code": "000000"})
    notices = [m for m in mails_to(NEW["email"]) if "wrong codes" in m.body]
    assert len(notices) == 1 and notices[0].subject == "unknot: We have paused codes for this address"


def test_the_lock_ends_the_next_day(db, clock):
    device = Client()
    device.post("/accounts/signup/", NEW)
    from unknot import accounts

    accounts.cache.set(f"unknot:codes-locked:{accounts.address_key(NEW['email'])}", True, accounts.LOCKED_FOR)
    assert "until tomorrow" in device.post("/accounts/confirm-email/", {"code": pending_code(device)}).content.decode()
    clock.shift(timedelta(days=1, minutes=1))
    device = Client()
    device.post("/accounts/login/", {"login": NEW["email"], "password": PASSWORD})
    assert device.post("/accounts/confirm-email/", {"code": pending_code(device)}).status_code == 302
    assert device.get("/home/").status_code == 200


@pytest.mark.parametrize("typed", ["12 345", "abcdef", "1234567", "１２３４５６"])
def test_a_code_that_is_not_six_digits_gets_a_clear_message_at_its_field(client, db, typed):
    client.post("/accounts/signup/", NEW)
    page = client.post("/accounts/confirm-email/", {"code": typed}).content.decode()
    assert "Please type the 6 digits from the email" in page
    assert 'class="errorlist" id="id_code-error">Please type the 6 digits' in page


def test_limits_are_keyed_by_the_address_hashed_with_the_secret_not_by_the_host(client, patient, settings):
    from unknot import accounts

    key = accounts.address_key(patient.email)
    assert patient.email not in key and key == accounts.address_key(" PAT@example.org ")
    settings.SECRET_KEY = "another secret"
    assert accounts.address_key(patient.email) != key
    settings.ALLOWED_HOSTS = ["*"]
    for host in ("testserver", "testserver:8080", "other.example"):
        for _ in range(2):
            client.post("/accounts/password/reset/", {"email": patient.email}, HTTP_HOST=host)
    assert len(mails_to(patient.email)) == 3


def test_signing_up_twice_for_a_waiting_address_answers_as_for_any_other(db, clock, patient):
    first, again, known, unknown = Client(), Client(), Client(), Client()
    first.post("/accounts/signup/", NEW)
    waiting = again.post("/accounts/signup/", NEW)  # a sign-up already waits for this address
    existing = known.post("/accounts/signup/", {**NEW, "email": patient.email})
    nobody = unknown.post("/accounts/signup/", {**NEW, "email": "nobody@example.org"})
    assert waiting.status_code == existing.status_code == nobody.status_code == 302
    assert waiting["Location"] == existing["Location"] == nobody["Location"]
