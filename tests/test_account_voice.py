"""The account pages and mails speak unknot's voice: sentence case, plain words, no username the person never
chose, mail subjects that start "unknot:", mail that greets from unknot and never names the host."""

import re

import pytest
from django.core import mail

from tests.conftest import run_queued_tasks
from tests.factories import PASSWORD, PatientFactory

TITLE_CASE = [
    "Sign In",
    "Sign Up",
    "Sign Out",
    "Remember Me",
    "Password Reset",
    "Email Addresses",
    "Change Password",
    "Make Primary",
]


@pytest.fixture
def person(db):
    return PatientFactory(username="pat.neck", email="pat@example.org")


def assert_our_voice(page: str) -> None:
    assert not [words for words in TITLE_CASE if words in page]
    assert "pat.neck" not in page


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/login/", "Sign in"),
        ("/accounts/signup/", "Sign up"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/password/reset/done/", "Check your email"),
        ("/accounts/login/code/", "Sign in with a code"),
    ],
)
def test_the_pages_before_signing_in_are_ours(client, db, url, heading):
    page = client.get(url).content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert_our_voice(page)


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/email/", "Your email address"),
        ("/accounts/password/change/", "Change password"),
        ("/accounts/logout/", "Sign out"),
    ],
)
def test_the_pages_of_a_signed_in_person_are_ours_and_never_show_a_username(client, person, url, heading):
    client.force_login(person)
    page = client.get(url).content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert_our_voice(page)


def test_the_sign_in_form_has_plain_labels_and_autocomplete_hints(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert "Email address" in page and "Keep me signed in on this device" in page
    assert 'autocomplete="email"' in page and 'autocomplete="current-password"' in page


def test_signing_in_says_so_without_a_username(client, person):
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert "You are signed in." in page
    assert_our_voice(page)


def mail_body_without_links(message) -> str:
    return re.sub(r"https?://\S+", "", message.body)


def test_the_sign_up_mail_is_from_unknot_with_its_code(client, db):
    client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "a calm long passphrase", "password2": "a calm long passphrase"},
    )
    run_queued_tasks()
    [message] = mail.outbox
    assert message.subject == "unknot: Your code to confirm your email"
    assert message.body.startswith("Hello,") and "unknot: self-care for neck and upper-back pain" in message.body
    assert re.search(r"\b\d{6}\b", message.body)
    assert not re.search(r"testserver|example\.com|127\.0\.0\.1", mail_body_without_links(message))


def test_the_password_reset_mail_is_from_unknot(client, person):
    client.post("/accounts/password/reset/", {"email": person.email})
    run_queued_tasks()
    [message] = mail.outbox
    assert message.subject == "unknot: Reset your password"
    assert message.body.startswith("Hello,") and "pat.neck" not in message.body
    assert not re.search(r"testserver|example\.com|127\.0\.0\.1", mail_body_without_links(message))


def test_the_sign_in_code_and_its_mail_are_ours(client, person):
    client.post("/accounts/login/code/", {"email": person.email})
    page = client.get("/accounts/login/code/confirm/").content.decode()
    assert "<h1>Check your email</h1>" in page and "The 6-digit code from the email" in page
    assert_our_voice(page)
    run_queued_tasks()
    [message] = mail.outbox
    assert message.subject == "unknot: Your sign-in code"
    assert message.body.startswith("Hello,") and "pat.neck" not in message.body
    assert re.search(r"\b\d{6}\b", message.body) and "10 minutes" in message.body
    assert not re.search(r"testserver|example\.com|127\.0\.0\.1", mail_body_without_links(message))


def test_signing_up_again_with_a_known_address_mails_in_our_voice(client, person):
    client.post(
        "/accounts/signup/",
        {"email": person.email, "password1": "a calm long passphrase", "password2": "a calm long passphrase"},
    )
    run_queued_tasks()
    [message] = mail.outbox
    assert message.subject == "unknot: You already have an account"
    assert "pat.neck" not in message.body and message.body.startswith("Hello,")


def test_the_reminder_mail_is_from_unknot_too(db):
    from datetime import UTC, datetime, time, timedelta

    from allauth.account.models import EmailAddress

    from care import reminders
    from care.models import Profile, Session

    person = PatientFactory(username="rem.ind", email="rem@example.org")
    EmailAddress.objects.filter(user=person).update(verified=True)
    Profile.objects.create(user=person, reminders=True, reminder_time=time(18, 0))
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    Session.objects.create(owner=person, started_at=t0, finished_at=t0 + timedelta(minutes=10))
    assert reminders.send_due_reminders(t0 + timedelta(hours=60)) == 1
    [message] = mail.outbox
    assert message.subject == "unknot: Your self-massage session is due"
    assert message.body.startswith("Hello,") and "rem.ind" not in message.body
