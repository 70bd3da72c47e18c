"""Two-step sign-in (allauth.mfa in unknot's words): a patient turns it on in Settings, every later sign-in asks
for the app's code, wrong codes are throttled, recovery codes work once, and the door's question (access.
second_factor) is answered by what this session's sign-in used, never by owning an app. Codes are computed
from the key with the clock frozen."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client, RequestFactory

from access import second_factor
from tests.cast import TOTP_SECRET, give_authenticator, totp_code
from tests.factories import PASSWORD, PatientFactory, PractitionerFactory

NOON = datetime(2026, 3, 2, 12, 0, 10, tzinfo=UTC)
LATER = datetime(2026, 3, 2, 12, 5, 10, tzinfo=UTC)  # ten periods on: a code of its own


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def confirm_it_is_you(client):
    """Changing two-step sign-in first asks for the password again (allauth's reauthentication)."""
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302


def session_passed(client, person) -> bool:
    request = RequestFactory().get("/")
    request.user, request.session = person, client.session
    return second_factor.passed_this_session(request)


def test_a_patient_turns_it_on_in_settings(client, frozen, db, django_capture_on_commit_callbacks):
    person = PatientFactory(email="pat@example.org")
    sign_in(client, person.email)
    assert "/accounts/2fa/" in client.get("/settings/").content.decode()
    confirm_it_is_you(client)
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    assert "<h1>Set up an authenticator app</h1>" in page and "<svg" in page
    key = re.search(r'<code id="totp-secret">(\w+)</code>', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):  # allauth's mail waits for the commit
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(key)})
    assert response.status_code == 302 and response.url == "/accounts/2fa/recovery-codes/"
    codes = client.get(response.url).content.decode()
    assert "<h1>Your recovery codes</h1>" in codes and codes.count("<li><code>") == 10
    assert Authenticator.objects.filter(user=person, type="totp").exists()
    # Setting it up proves the code: this session has passed.
    assert session_passed(client, person)


def test_a_wrong_code_when_setting_up_says_so_at_the_field_and_changes_nothing(client, frozen, db):
    person = PatientFactory()
    sign_in(client, person.email)
    confirm_it_is_you(client)
    client.get("/accounts/2fa/totp/activate/")
    page = client.post("/accounts/2fa/totp/activate/", {"code": "000000"}).content.decode()
    assert "That code did not work" in page and 'aria-invalid="true"' in page
    assert not Authenticator.objects.filter(user=person).exists()


def test_signing_in_asks_for_the_code_and_only_then_lets_in(client, frozen, db):
    person = PractitionerFactory()
    give_authenticator(person)
    response = sign_in(client, person.email)
    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get("/home/").status_code == 302  # not signed in yet
    page = client.get(response.url).content.decode()
    assert "<h1>Enter your code</h1>" in page and 'autocomplete="one-time-code"' in page
    page = client.post(response.url, {"code": "123456"}).content.decode()
    assert "That code did not work" in page
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302 and client.get("/home/").status_code == 200
    assert session_passed(client, person)


def test_a_code_works_once(client, frozen, db):
    person = PractitionerFactory()
    give_authenticator(person)
    code = totp_code()
    sign_in(client, person.email)
    client.post("/accounts/2fa/authenticate/", {"code": code})
    other = Client()
    sign_in(other, person.email)
    page = other.post("/accounts/2fa/authenticate/", {"code": code}).content.decode()
    assert "That code did not work" in page


def test_wrong_codes_are_throttled(client, frozen, db):
    person = PractitionerFactory()
    give_authenticator(person)
    sign_in(client, person.email)
    for _ in range(10):
        client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    page = client.post("/accounts/2fa/authenticate/", {"code": totp_code()}).content.decode()
    assert "Too many tries" in page
    assert client.get("/home/").status_code == 302


def test_a_recovery_code_signs_in_once(client, frozen, db):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    person = PractitionerFactory()
    give_authenticator(person)
    spare = RecoveryCodes.activate(person).get_unused_codes()[0]
    sign_in(client, person.email)
    assert client.post("/accounts/2fa/authenticate/", {"code": spare}).status_code == 302
    assert session_passed(client, person)
    other = Client()
    sign_in(other, person.email)
    assert "That code did not work" in other.post("/accounts/2fa/authenticate/", {"code": spare}).content.decode()


def test_a_password_sign_in_has_not_passed_even_with_an_app_elsewhere(client, frozen, db):
    person = PractitionerFactory()
    sign_in(client, person.email)  # no app yet: in with the password alone
    assert client.get("/home/").status_code == 200
    give_authenticator(person)  # set up from another device
    assert not session_passed(client, person)


def test_turning_the_app_off_forgets_the_pass(client, frozen, db):
    person = PatientFactory()
    give_authenticator(person)
    sign_in(client, person.email)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert session_passed(client, person)
    frozen.move_to(LATER)  # a fresh code for confirming it is you
    client.post("/accounts/2fa/reauthenticate/", {"code": totp_code()})
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=person).exists()
    assert not session_passed(client, person)


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/2fa/", "Two-step sign-in"),
        ("/accounts/2fa/totp/activate/", "Set up an authenticator app"),
    ],
)
def test_the_pages_are_in_our_words(client, frozen, db, url, heading):
    person = PatientFactory()
    sign_in(client, person.email)
    confirm_it_is_you(client)
    page = client.get(url).content.decode()
    assert f"<h1>{heading}</h1>" in page
    for theirs in ("Two-Factor Authentication", "Authenticator App", "Activate", "Recovery Codes"):
        assert theirs not in page


def test_the_key_is_the_casts(db):
    assert len(TOTP_SECRET) == 32


def test_new_recovery_codes_replace_the_old_and_download_as_text(client, frozen, db):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    person = PatientFactory()
    give_authenticator(person)
    old = RecoveryCodes.activate(person).get_unused_codes()
    sign_in(client, person.email)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    frozen.move_to(LATER)
    client.post("/accounts/2fa/reauthenticate/", {"code": totp_code()})
    page = client.get("/accounts/2fa/recovery-codes/generate/").content.decode()
    assert "<h1>Make new recovery codes</h1>" in page and "The codes you have now stop working." in page
    assert client.post("/accounts/2fa/recovery-codes/generate/").status_code == 302
    text = client.get("/accounts/2fa/recovery-codes/download/").content.decode()
    new = [line for line in text.splitlines()[1:] if line]
    assert len(new) == 10 and not set(new) & set(old)
    assert text.startswith("unknot recovery codes.")


def test_the_passkey_pages_are_in_our_words_and_no_one_reaches_anothers_key(client, frozen, db):
    person, other = PatientFactory(), PatientFactory()
    key = Authenticator.objects.create(user=other, type="webauthn", data={"name": "Theirs"})
    sign_in(client, person.email)
    assert "<h1>Your passkeys</h1>" in client.get("/accounts/2fa/webauthn/").content.decode()
    # Without a passkey of one's own there is nothing to confirm with: to the password instead.
    assert client.get("/accounts/2fa/webauthn/reauthenticate/").status_code == 302
    confirm_it_is_you(client)
    page = client.get("/accounts/2fa/webauthn/add/").content.decode()
    assert "<h1>Add a passkey</h1>" in page and "Security Key" not in page
    assert client.get(f"/accounts/2fa/webauthn/keys/{key.pk}/edit/").status_code == 404
    assert client.post(f"/accounts/2fa/webauthn/keys/{key.pk}/remove/").status_code == 404
    assert Authenticator.objects.filter(pk=key.pk).exists()
