"""Wrong codes are limited per address per day, across codes, on the routes where a code is all that is asked for
(a sign-up code, a sign-in code asked for without a password): the 10th wrong one in a day locks those routes for
the address for a day, a right code included, and tells the owner once by mail. Each test has the strangers' wrong
codes first, then what the owner can do: the password on a device they signed in on, the password on a new
device (with a code from the password's own share once strangers have used up the account's tries), a reset. No
answer differs between an address with an account and one without."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client

from tests.conftest import reset_path, run_queued_tasks
from tests.factories import PASSWORD
from tests.test_signin_limits import code_in, owner_device, rate_limit_rows, signed_in_as, try_password

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW_PLACE = "198.51.100.50"  # the owner, on a device and at an address the site has never seen
SIGN_UP = {"email": "new@example.org", "password1": "calm shoulders daily", "password2": "calm shoulders daily"}
GHOST = "ghost@example.org"
LOCK_SUBJECT = "unknot: Codes for your email address are paused for a day"
CONFIRM_PAUSED = "so it cannot be confirmed for a day, not even with the right code"
SIGN_IN_PAUSED = "so it cannot sign in with a code alone for a day"


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def stranger(n: int) -> str:
    return f"203.0.113.{n + 1}"


def waiting_code(device: Client) -> str:
    """The code a code page waits for, read from the session (as no stranger can); "" when there is none."""
    session = device.session
    if "account_email_verification_code" in session:
        return session["account_email_verification_code"].get("code", "")
    stage = session.get("account_login", {}).get("state", {}).get("stages", {}).get("login_by_code", {})
    return stage.get("data", {}).get("code", "")


def wrong_for(device: Client) -> str:
    code = waiting_code(device)
    return f"{(int(code) + 1) % 1_000_000:06d}" if code else "000000"


def page_of(answer, email: str) -> tuple[int, str, str]:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", answer.content.decode())
    html = re.sub(r'value="\d{6}"', "", html).replace(email, "EMAIL")
    return answer.status_code, answer.get("Location", ""), html


def ask_for_code(device: Client, email: str):
    return device.post("/accounts/login/code/", {"email": email})


def type_code(device: Client, code: str):
    return device.post("/accounts/login/code/confirm/", {"code": code})


def strangers_type_wrong_codes(email: str, wrong: int = 10, first: int = 0) -> list:
    """Strangers ask for sign-in codes, each from an address of its own, and type wrong codes, three a code,
    until `wrong` wrong codes are typed: the answers, as pages."""
    answers, typed, n = [], 0, first
    while typed < wrong:
        device = Client(REMOTE_ADDR=stranger(n))
        n += 1
        answers.append(page_of(ask_for_code(device, email), email))
        for _ in range(min(3, wrong - typed)):
            answers.append(page_of(type_code(device, wrong_for(device)), email))
            typed += 1
    return answers


def mails_to(email: str) -> list:
    run_queued_tasks()
    return [message for message in mail.outbox if message.to == [email]]


def lock_mails(email: str) -> list:
    return [message for message in mails_to(email) if message.subject == LOCK_SUBJECT]


def lock_the_password(email: str) -> None:
    """30 wrong passwords for the account, each from an address of its own: the account-wide limit."""
    for n in range(30):
        assert try_password(Client(), email, address=f"192.0.2.{n + 1}").status_code == 200


def test_nine_wrong_codes_lock_nothing_and_the_tenth_locks_sign_in_by_code_alone_for_a_day(patient, clock):
    strangers_type_wrong_codes(patient.email, wrong=9)
    owner = Client(REMOTE_ADDR=NEW_PLACE)
    assert ask_for_code(owner, patient.email)["Location"] == "/accounts/login/code/confirm/"

    strangers_type_wrong_codes(patient.email, wrong=1, first=20)  # the day's 10th
    right = type_code(owner, waiting_code(owner))  # the owner's own code, typed right, after the 10th
    assert right.status_code == 200 and SIGN_IN_PAUSED in right.content.decode() and signed_in_as(owner) is None
    asked = ask_for_code(Client(REMOTE_ADDR=NEW_PLACE), patient.email)
    assert asked.status_code == 200 and SIGN_IN_PAUSED in asked.content.decode()

    clock.shift(timedelta(hours=23, minutes=59))
    assert SIGN_IN_PAUSED in ask_for_code(Client(REMOTE_ADDR=NEW_PLACE), patient.email).content.decode()
    clock.shift(timedelta(minutes=2))  # a day after the 10th: codes work again, and the count starts afresh
    mail.outbox.clear()
    later = Client(REMOTE_ADDR=NEW_PLACE)
    assert ask_for_code(later, patient.email)["Location"] == "/accounts/login/code/confirm/"
    done = type_code(later, code_in(mails_to(patient.email)[-1]))
    assert done.status_code == 302 and signed_in_as(later) == str(patient.pk)


def test_codes_are_counted_before_they_are_compared_so_no_more_than_ten_a_day_are_and_a_right_one_is_taken_back(
    db, clock
):
    from unknot import accounts

    right = accounts.claim_code_try(GHOST)
    right.rollback()  # a right code is no wrong one
    at_once = [accounts.claim_code_try(GHOST) for _ in range(15)]  # arriving together, none yet found wrong
    assert sum(claimed is not None for claimed in at_once) == 10 and accounts.codes_locked(GHOST)
    for claimed in at_once:
        if claimed is not None:
            accounts.wrong_code(GHOST)  # each found wrong: the lock has started once, with one mail
    from unknot.models import PendingMail

    assert PendingMail.objects.filter(to=[GHOST]).count() == 1
    clock.shift(timedelta(days=1, seconds=1))
    assert not accounts.codes_locked(GHOST) and accounts.claim_code_try(GHOST) is not None


def test_the_lock_mail_goes_once_within_the_addresss_mail_in_plain_words_with_no_link(patient, clock):
    strangers_type_wrong_codes(patient.email)  # 4 codes asked for: 3 mailed, the 4th held back
    assert len(mails_to(patient.email)) == 3 and lock_mails(patient.email) == []  # the hour's 3 mails are gone
    strangers_type_wrong_codes(patient.email, wrong=6, first=30)  # more tries, refused: no second lock
    clock.shift(timedelta(hours=1, minutes=1))
    [told] = lock_mails(patient.email)  # sent when the address's share had room again
    assert told.body.startswith("Hello,") and "No one got in" in told.body
    assert "your password works as usual" in told.body and "We write about this only once." in told.body
    assert "://" not in told.body and "/accounts/" not in told.body  # no link at all
    # The lock mail was one of the hour's 3: two more mails reach the address this hour, then none.
    for n in range(4):
        Client().post("/accounts/password/reset/", {"email": patient.email}, REMOTE_ADDR=stranger(40 + n))
    assert len(mails_to(patient.email)) == 3 + 1 + 2
    for _ in range(10):  # all day: still the one lock mail
        clock.shift(timedelta(hours=2))
        strangers_type_wrong_codes(patient.email, wrong=1, first=50)
    assert len(lock_mails(patient.email)) == 1


def test_while_strangers_keep_the_addresss_mail_used_up_the_lock_mail_waits_then_goes_with_the_lock(patient, clock):
    from unknot.models import PendingMail

    strangers_type_wrong_codes(patient.email)
    for _hour in range(25):
        clock.shift(timedelta(hours=1, minutes=1))
        for n in range(3):  # strangers take every place that comes free before the worker gets to it
            Client().post("/accounts/password/reset/", {"email": patient.email}, REMOTE_ADDR=stranger(60 + n))
        assert lock_mails(patient.email) == []
    assert PendingMail.objects.count() == 0  # dropped when the lock ended: it would no longer be true


def test_a_pending_sign_up_is_locked_with_a_plain_message_and_confirmed_the_next_day(db, clock):
    owner = Client(REMOTE_ADDR=NEW_PLACE)
    owner.post("/accounts/signup/", SIGN_UP)
    code = waiting_code(owner)
    for n in range(4):  # strangers sign up with the same address and guess on their pages: the 10th locks
        guesser = Client(REMOTE_ADDR=stranger(n))
        guesser.post("/accounts/signup/", SIGN_UP)
        for _ in range(3):
            guesser.post("/accounts/confirm-email/", {"code": wrong_for(guesser)})

    refused = owner.post("/accounts/confirm-email/", {"code": code})
    assert refused.status_code == 200 and CONFIRM_PAUSED in refused.content.decode()
    assert owner.get("/home/").status_code == 302
    assert len(lock_mails(SIGN_UP["email"])) == 0  # the hour's mail is used up...
    clock.shift(timedelta(hours=1, minutes=1))
    assert len(lock_mails(SIGN_UP["email"])) == 1  # ...then the owner is told
    mail.outbox.clear()
    during = Client(REMOTE_ADDR=NEW_PLACE)  # signing in with the password asks for a code no one could use...
    asked = during.post("/accounts/login/", {"login": SIGN_UP["email"], "password": SIGN_UP["password1"]})
    assert asked["Location"] == "/accounts/confirm-email/"
    assert mails_to(SIGN_UP["email"]) == []  # ...so none is mailed, though the address's mail has room

    clock.shift(timedelta(days=1))  # the next day the owner signs in with the password and gets a new code
    again = Client(REMOTE_ADDR=NEW_PLACE)
    asked = again.post("/accounts/login/", {"login": SIGN_UP["email"], "password": SIGN_UP["password1"]})
    assert asked["Location"] == "/accounts/confirm-email/"
    done = again.post("/accounts/confirm-email/", {"code": code_in(mails_to(SIGN_UP["email"])[-1])})
    assert done.status_code == 302 and again.get("/home/").status_code == 200


@pytest.mark.parametrize("tries_used_up", [False, True])
def test_after_the_lock_the_password_on_a_device_the_owner_signed_in_on_still_signs_in(patient, clock, tries_used_up):
    device = owner_device(patient)
    strangers_type_wrong_codes(patient.email)
    if tries_used_up:
        lock_the_password(patient.email)
    signed = try_password(device, patient.email, PASSWORD, address=NEW_PLACE)
    assert signed["Location"] == "/home/" and signed_in_as(device) == str(patient.pk)


def test_after_the_lock_the_password_on_a_new_device_still_signs_in(patient, clock):
    strangers_type_wrong_codes(patient.email)
    owner = Client()
    signed = try_password(owner, patient.email, PASSWORD, address=NEW_PLACE)
    assert signed["Location"] == "/home/" and signed_in_as(owner) == str(patient.pk)


def test_after_the_lock_and_the_accounts_tries_the_password_on_a_new_device_gets_a_code_that_works(patient, clock):
    strangers_type_wrong_codes(patient.email)
    lock_the_password(patient.email)
    run_queued_tasks()
    mail.outbox.clear()

    owner = Client()
    asked = try_password(owner, patient.email, PASSWORD, address=NEW_PLACE)
    assert asked["Location"] == "/accounts/login/code/confirm/" and signed_in_as(owner) is None
    [code_mail] = mails_to(patient.email)  # from the password's own share, though strangers used the address's
    assert owner.post("/accounts/login/code/confirm/", {"code": "000001"}).status_code == 200  # a slip...
    done = owner.post("/accounts/login/code/confirm/", {"code": code_in(code_mail)})  # ...and the right code
    assert done.status_code == 302 and signed_in_as(owner) == str(patient.pk)


def test_after_the_lock_a_reset_then_the_new_password_signs_in_on_a_new_device(patient, clock):
    strangers_type_wrong_codes(patient.email)
    lock_the_password(patient.email)
    clock.shift(timedelta(hours=1, minutes=1))  # the strangers' codes used the hour's mail: a reset waits for it
    run_queued_tasks()
    mail.outbox.clear()

    owner = Client(REMOTE_ADDR=NEW_PLACE)
    asked = owner.post("/accounts/password/reset/", {"email": patient.email})
    assert asked["Location"] == "/accounts/password/reset/done/"
    [link] = [message for message in mails_to(patient.email) if message.subject == "unknot: Reset your password"]
    form = owner.get(reset_path(link.body), follow=True)
    new = "the owners own fresh passphrase"
    assert owner.post(form.request["PATH_INFO"], {"password1": new, "password2": new}).status_code == 302
    signed = try_password(owner, patient.email, new, address=NEW_PLACE)
    assert signed["Location"] == "/home/" and signed_in_as(owner) == str(patient.pk)


def test_wrong_codes_after_a_password_lock_nothing(patient, clock):
    """Codes that follow a password (a right one's, or the page a wrong one gets past the account's tries) are not
    the code-only routes: strangers typing wrong codes there lock nothing, and the owner's code alone still works."""
    lock_the_password(patient.email)
    for n in range(4):
        device = Client()
        try_password(device, patient.email, address=stranger(70 + n))  # a wrong password: the same code page
        for _ in range(3):
            device.post("/accounts/login/code/confirm/", {"code": "000000"})
    owner = Client(REMOTE_ADDR=NEW_PLACE)
    assert ask_for_code(owner, patient.email)["Location"] == "/accounts/login/code/confirm/"
    done = type_code(owner, code_in(mails_to(patient.email)[-1]))
    assert done.status_code == 302 and signed_in_as(owner) == str(patient.pk)


def test_nothing_says_whether_the_address_has_an_account(patient, clock):
    answers = {}
    for email in (patient.email, GHOST):
        seen = []
        for n in range(2):  # sign-ups with the address, and wrong codes on their pages
            device = Client(REMOTE_ADDR=stranger(n))
            seen.append(page_of(device.post("/accounts/signup/", {**SIGN_UP, "email": email}), email))
            for _ in range(3):
                seen.append(page_of(device.post("/accounts/confirm-email/", {"code": "000000"}), email))
        seen += strangers_type_wrong_codes(email, wrong=6, first=10)  # the 10th, and two past it
        device = Client(REMOTE_ADDR=stranger(30))  # during the lock: a sign-up and its code, a sign-in code
        seen.append(page_of(device.post("/accounts/signup/", {**SIGN_UP, "email": email}), email))
        seen.append(page_of(device.post("/accounts/confirm-email/", {"code": "000000"}), email))
        seen.append(page_of(ask_for_code(device, email), email))
        answers[email] = seen
    assert answers[patient.email] == answers[GHOST]
    assert any(SIGN_IN_PAUSED in page for _, _, page in answers[GHOST])
    assert any(CONFIRM_PAUSED in page for _, _, page in answers[GHOST])
    clock.shift(timedelta(hours=1, minutes=1))
    assert len(lock_mails(patient.email)) == len(lock_mails(GHOST)) == 1


def test_the_count_and_the_lock_are_salted_and_go_with_the_account(patient, clock):
    from care.deletion import delete_account
    from tests.factories import PatientFactory
    from unknot import accounts

    strangers_type_wrong_codes(patient.email)
    assert accounts.codes_locked(patient.email)
    stored = " ".join(f"{key} {value!r}" for key, value in rate_limit_rows().items())
    assert patient.email not in stored and accounts.address_key(patient.email) not in stored

    delete_account(patient)
    again = PatientFactory(username="pat2", email=patient.email)
    assert not accounts.codes_locked(again.email)
    owner = Client(REMOTE_ADDR=NEW_PLACE)
    assert ask_for_code(owner, again.email)["Location"] == "/accounts/login/code/confirm/"
