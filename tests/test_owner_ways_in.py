"""The owner always has a way in. Each test is one thing an attacker who knows only the email address can do,
then the owner's way in after it: the password on a device they signed in on, the password and an emailed code
on a new device, a fresh code, a reset link. No answer tells the attacker more than before."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client

from tests.conftest import reset_path, run_queued_tasks
from tests.factories import PASSWORD
from tests.test_signin_limits import ask_for_code, code_in, owner_device, signed_in_as, try_password

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW_PLACE = "198.51.100.50"  # the owner, on a device and at an address the site has never seen
SIGN_UP = {"email": "new@example.org", "password1": "calm shoulders daily", "password2": "calm shoulders daily"}


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def stranger(n: int) -> str:
    return f"203.0.113.{n + 1}"


def lock_the_password(email: str) -> None:
    """30 wrong passwords for the account, each from an address of its own: the account-wide limit."""
    for n in range(30):
        assert try_password(Client(), email, address=stranger(n)).status_code == 200


def use_up_the_mail(email: str) -> None:
    """Strangers ask for sign-in codes until the address's 3 mails an hour are gone, and more."""
    for n in range(6):
        ask_for_code(Client(), email, address=stranger(100 + n))
    run_queued_tasks()
    mail.outbox.clear()


def newest_code(email: str) -> str:
    run_queued_tasks()
    return code_in([message for message in mail.outbox if message.to == [email]][-1])


def strip(page: str, email: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page).replace(email, "EMAIL")


def test_after_wrong_passwords_from_elsewhere_a_device_the_owner_signed_in_on_takes_the_password(patient):
    device = owner_device(patient)
    lock_the_password(patient.email)
    elsewhere = Client()
    try_password(elsewhere, patient.email, PASSWORD, address=NEW_PLACE)
    assert signed_in_as(elsewhere) is None  # a new device: the password alone is not enough

    signed = try_password(device, patient.email, PASSWORD, address=NEW_PLACE)
    assert signed.status_code == 302 and signed_in_as(device) == str(patient.pk)


def test_after_wrong_passwords_and_used_up_mail_the_password_on_a_new_device_gets_a_code_to_the_owner(patient):
    lock_the_password(patient.email)
    use_up_the_mail(patient.email)

    owner = Client()
    asked = try_password(owner, patient.email, PASSWORD, address=NEW_PLACE)
    assert (asked.status_code, asked["Location"]) == (302, "/accounts/login/code/confirm/")
    assert signed_in_as(owner) is None  # the password alone is not enough while the account is under attack
    done = owner.post("/accounts/login/code/confirm/", {"code": newest_code(patient.email)}, REMOTE_ADDR=NEW_PLACE)
    assert done.status_code == 302 and signed_in_as(owner) == str(patient.pk)


@pytest.mark.parametrize("has_account", [True, False])
def test_past_the_account_limit_a_wrong_password_gets_the_answer_the_right_one_gets_and_mails_nothing(
    patient, has_account
):
    email = patient.email if has_account else "ghost@example.org"
    lock_the_password(email)
    run_queued_tasks()
    mail.outbox.clear()

    right, wrong = Client(), Client()
    answers = [
        try_password(right, email, PASSWORD, address="192.0.2.1"),
        try_password(wrong, email, address="192.0.2.2"),
    ]
    assert [(a.status_code, a["Location"]) for a in answers] == [(302, "/accounts/login/code/confirm/")] * 2
    pages = [strip(c.get("/accounts/login/code/confirm/").content.decode(), email) for c in (right, wrong)]
    assert pages[0] == pages[1]
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == ([[email]] if has_account else [])  # only a right password mails
    # Three codes typed on either page end the same way, with no one signed in.
    for c in (right, wrong):
        for _ in range(2):
            assert c.post("/accounts/login/code/confirm/", {"code": "000000"}).status_code == 200
    ends = [c.post("/accounts/login/code/confirm/", {"code": "000000"}) for c in (right, wrong)]
    assert [(e.status_code, e["Location"]) for e in ends] == [(302, "/accounts/login/")] * 2
    assert signed_in_as(right) is signed_in_as(wrong) is None
    # A right guess is counted as a wrong one: the next tries from that address run out at the same moment.
    for address in ("192.0.2.1", "192.0.2.2"):
        statuses = [try_password(Client(), email, address=address).status_code for _ in range(5)]
        assert statuses == [302, 302, 302, 302, 429]


def test_strangers_asking_for_codes_all_day_keep_a_new_device_out_no_longer_than_the_mail_limit(patient, clock):
    for _hour in range(8):
        for n in range(3):
            for _ in range(3):
                ask_for_code(Client(), patient.email, address=stranger(n))
        clock.shift(timedelta(hours=1))
    run_queued_tasks()
    mail.outbox.clear()

    owner = Client()
    asked = ask_for_code(owner, patient.email, address=NEW_PLACE)
    assert asked.status_code == 302
    done = owner.post("/accounts/login/code/confirm/", {"code": newest_code(patient.email)})
    assert done.status_code == 302 and signed_in_as(owner) == str(patient.pk)


def test_wrong_guesses_at_strangers_codes_do_not_spoil_the_owners_fresh_code(patient, clock):
    for n in range(3):
        guesser = Client()
        ask_for_code(guesser, patient.email, address=stranger(n))
        for _ in range(3):
            guesser.post("/accounts/login/code/confirm/", {"code": "000000"}, REMOTE_ADDR=stranger(n))
    clock.shift(timedelta(hours=1, minutes=1))  # the strangers' codes used the address's mail for the hour
    run_queued_tasks()
    mail.outbox.clear()

    owner = Client()
    ask_for_code(owner, patient.email, address=NEW_PLACE)
    done = owner.post("/accounts/login/code/confirm/", {"code": newest_code(patient.email)})
    assert done.status_code == 302 and signed_in_as(owner) == str(patient.pk)


def test_wrong_sign_up_codes_typed_by_strangers_short_of_the_days_ten_do_not_keep_the_owner_from_confirming(db, clock):
    owner = Client()
    owner.post("/accounts/signup/", SIGN_UP, REMOTE_ADDR=NEW_PLACE)
    code = newest_code(SIGN_UP["email"])
    for n in range(3):  # strangers sign up with the same address and guess at the code on their pages: 9 wrong
        guesser = Client()
        guesser.post("/accounts/signup/", SIGN_UP, REMOTE_ADDR=stranger(n))
        for _ in range(3):
            guesser.post("/accounts/confirm-email/", {"code": "000000"}, REMOTE_ADDR=stranger(n))

    done = owner.post("/accounts/confirm-email/", {"code": code}, REMOTE_ADDR=NEW_PLACE)
    assert done.status_code == 302 and owner.get("/home/").status_code == 200


def test_a_stranger_who_signed_up_first_with_the_address_cannot_keep_its_owner_from_confirming_it(db, clock):
    stranger_password = "the strangers own password"
    first = {**SIGN_UP, "password1": stranger_password, "password2": stranger_password}
    Client().post("/accounts/signup/", first, REMOTE_ADDR=stranger(0))
    for _hour in range(4):  # codes to the address and wrong guesses at them, all day
        for _ in range(2):
            device = Client()
            device.post(
                "/accounts/login/", {"login": SIGN_UP["email"], "password": stranger_password}, REMOTE_ADDR=stranger(0)
            )
            for _ in range(3):
                device.post("/accounts/confirm-email/", {"code": "000000"}, REMOTE_ADDR=stranger(0))
        clock.shift(timedelta(hours=1, minutes=1))
    # The 10th wrong code locked the address's pending sign-up for a day (tests/test_code_lock.py); then:
    clock.shift(timedelta(days=1))
    run_queued_tasks()
    mail.outbox.clear()

    # The owner of the address takes the account over with a reset link, then confirms the address.
    owner = Client(REMOTE_ADDR=NEW_PLACE)
    owner.post("/accounts/password/reset/", {"email": SIGN_UP["email"]})
    run_queued_tasks()
    link = reset_path(mail.outbox[-1].body)
    form = owner.get(link, follow=True)
    new = "the owners own fresh passphrase"
    owner.post(form.request["PATH_INFO"], {"password1": new, "password2": new})
    asked = owner.post("/accounts/login/", {"login": SIGN_UP["email"], "password": new})
    assert asked["Location"] == "/accounts/confirm-email/"
    done = owner.post("/accounts/confirm-email/", {"code": newest_code(SIGN_UP["email"])})
    assert done.status_code == 302 and owner.get("/home/").status_code == 200


def test_a_code_whose_mail_was_held_back_never_signs_in_even_typed_right(patient):
    use_up_the_mail(patient.email)
    guesser = Client()
    assert ask_for_code(guesser, patient.email, address=stranger(50)).status_code == 302
    held = guesser.session["account_login"]["state"]["stages"]["login_by_code"]["data"]["code"]
    run_queued_tasks()
    assert held not in " ".join(m.body for m in mail.outbox)  # not mailed...
    typed = guesser.post("/accounts/login/code/confirm/", {"code": held})
    assert typed.status_code == 200 and signed_in_as(guesser) is None  # ...so not a way in for anyone

    # The same for a sign-up code held back.
    signup = Client()
    signup.post("/accounts/signup/", {**SIGN_UP, "email": "held@example.org"})
    for _ in range(3):
        Client().post("/accounts/password/reset/", {"email": "held@example.org"})
    again = Client()
    again.post("/accounts/login/", {"login": "held@example.org", "password": SIGN_UP["password1"]})
    code = again.session["account_email_verification_code"]["code"]
    assert again.post("/accounts/confirm-email/", {"code": code}).status_code == 200
    assert again.get("/home/").status_code == 302


def reset_with(client: Client, message, password: str) -> None:
    link = reset_path(message.body)
    form = client.get(link, follow=True)
    assert client.post(form.request["PATH_INFO"], {"password1": password, "password2": password}).status_code == 302


def test_strangers_asking_for_resets_all_the_time_do_not_keep_the_owner_from_resetting(patient, clock):
    device = owner_device(patient)
    for _minute in range(3):  # five a minute, from many addresses
        for n in range(5):
            Client().post("/accounts/password/reset/", {"email": patient.email}, REMOTE_ADDR=stranger(n))
        clock.shift(timedelta(seconds=50))
    run_queued_tasks()
    strangers = [message for message in mail.outbox if message.to == [patient.email]]
    assert len(strangers) == 3  # the address's share: the rest were held back
    mail.outbox.clear()

    # From a device they signed in on, the owner's own reset goes at once...
    asked = device.post("/accounts/password/reset/", {"email": patient.email}, REMOTE_ADDR=NEW_PLACE)
    assert (asked.status_code, asked["Location"]) == (302, "/accounts/password/reset/done/")
    run_queued_tasks()
    [own] = mail.outbox
    reset_with(device, own, "the owners own fresh passphrase")
    assert (
        try_password(device, patient.email, "the owners own fresh passphrase", address=NEW_PLACE)["Location"]
        == "/home/"
    )


def test_a_reset_a_stranger_asked_for_is_a_way_in_for_the_owner_on_a_new_device(patient, clock):
    for n in range(5):
        Client().post("/accounts/password/reset/", {"email": patient.email}, REMOTE_ADDR=stranger(n))
    run_queued_tasks()
    owner = Client(REMOTE_ADDR=NEW_PLACE)
    asked = owner.post("/accounts/password/reset/", {"email": patient.email})
    assert (asked.status_code, asked["Location"]) == (302, "/accounts/password/reset/done/")  # held back, as said
    reset_with(owner, mail.outbox[0], "the owners own fresh passphrase")  # a link from a stranger's request
    assert (
        try_password(owner, patient.email, "the owners own fresh passphrase", address=NEW_PLACE)["Location"] == "/home/"
    )
