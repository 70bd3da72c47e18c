"""Account mail is limited per address: a few mails an hour from sign-up, reset and sign-in codes together, with
the same answers whether the mail went or not and whether or not the address has an account; each code takes three
tries, and no limit on codes outlasts the hour of the mail limit (tests/test_owner_ways_in.py); wrong codes across
codes have a day's limit of their own (tests/test_code_lock.py)."""

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


def test_codes_reach_an_address_every_hour_all_day_within_its_mail(db, clock):
    Client().post("/accounts/signup/", NEW)
    for _ in range(3):  # within the hour of the sign-up, two more codes go and then they are held back
        Client().post("/accounts/login/", {"login": NEW["email"], "password": PASSWORD})
    assert len(mails_to(NEW["email"])) == 3
    for _ in range(8):  # no lock for the day: every hour brings the address its share again
        clock.shift(timedelta(hours=1, minutes=1))
        Client().post("/accounts/login/", {"login": NEW["email"], "password": PASSWORD})
    assert len(mails_to(NEW["email"])) == 11


def test_a_code_takes_three_tries_and_the_next_code_three_more(db, clock):
    device = Client()
    device.post("/accounts/signup/", NEW)
    for _ in range(2):
        assert device.post("/accounts/confirm-email/", {"code": wrong(pending_code(device))}).status_code == 200
    assert device.post("/accounts/confirm-email/", {"code": wrong(pending_code(device))}).status_code == 302
    device = Client()
    device.post("/accounts/login/", {"login": NEW["email"], "password": PASSWORD})
    code = pending_code(device)
    for _ in range(2):
        assert device.post("/accounts/confirm-email/", {"code": wrong(code)}).status_code == 200
    assert device.post("/accounts/confirm-email/", {"code": code}).status_code == 302
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
