"""Sign-in limits that cannot be turned against the owner: keyed on the account and the client address (never
the Host header); past the per-account limit the owner gets in with an emailed code, which has limits of its
own; nothing says whether an account exists; every key is salted with the secret and goes with the account."""

import base64
import hashlib
import pickle
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tests.conftest import reset_path, run_queued_tasks
from tests.factories import PASSWORD

WRONG = "not the password"
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    cache.clear()


def try_password(client, email, password=WRONG, address=ATTACKER, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address, **extra)


def ask_for_code(client, email, address=OWNER):
    return client.post("/accounts/login/code/", {"email": email}, REMOTE_ADDR=address)


def code_in(message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def signed_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def throttle_from_elsewhere(email: str) -> None:
    """30 wrong passwords for the account, each from an address of its own."""
    for n in range(30):
        assert try_password(Client(), email, address=f"203.0.113.{n + 1}").status_code == 200


def test_the_host_header_and_its_port_do_not_raise_the_per_address_limit(client, patient):
    hosts = ["testserver", "testserver:8080", "localhost:81", "127.0.0.1:9999"]
    statuses = [try_password(client, patient.email, HTTP_HOST=hosts[n % len(hosts)]).status_code for n in range(12)]
    assert statuses.count(200) == 5, statuses  # 5 wrong passwords for one account from one address, whatever host
    assert statuses[5:] == [429] * 7


def test_after_five_wrong_passwords_from_one_address_the_owner_signs_in_there_with_an_emailed_code(client, patient):
    for _ in range(5):  # someone at the owner's address (a shared network, or the owner mistyping)
        assert try_password(Client(), patient.email, address=OWNER).status_code == 200

    refused = try_password(client, patient.email, PASSWORD, address=OWNER)
    assert refused.status_code == 429 and signed_in_as(client) is None
    assert refused["Retry-After"] == "3600"
    page = refused.content.decode()
    assert "Email me a sign-in code" in page
    assert 'action="/accounts/login/code/"' in page and f'value="{patient.email}"' in page

    asked = ask_for_code(client, patient.email)
    assert asked.status_code == 302 and asked.url == "/accounts/login/code/confirm/"
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [[patient.email]]
    assert "sign-in code" in mail.outbox[0].subject.lower()
    assert 'inputmode="numeric"' in client.get("/accounts/login/code/confirm/").content.decode()

    done = client.post("/accounts/login/code/confirm/", {"code": code_in(mail.outbox[0])}, REMOTE_ADDR=OWNER)
    assert done.status_code == 302
    assert signed_in_as(client) == str(patient.pk)
    assert client.get("/home/", REMOTE_ADDR=OWNER).status_code == 200

    # Password tries from that address still stop at the limit.
    assert try_password(Client(), patient.email, address=OWNER).status_code == 429


def test_the_sign_in_page_offers_a_code_too(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/login/code/"' in page
    assert client.get("/accounts/login/code/").status_code == 200


def strip(html: str, email: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html.replace(email, "EMAIL")


def test_a_throttled_account_and_one_that_does_not_exist_get_the_same_answers(patient):
    ghost = "ghost@example.org"
    for email in (patient.email, ghost):
        for _ in range(5):
            try_password(Client(), email, address=OWNER)

    owner, other = Client(), Client()
    pages = [try_password(c, e, PASSWORD, address=OWNER) for c, e in [(owner, patient.email), (other, ghost)]]
    assert [p.status_code for p in pages] == [429, 429]
    assert strip(pages[0].content.decode(), patient.email) == strip(pages[1].content.decode(), ghost)

    asked = [ask_for_code(owner, patient.email), ask_for_code(other, ghost)]
    assert [(a.status_code, a.url) for a in asked] == [(302, "/accounts/login/code/confirm/")] * 2
    confirm = [c.get("/accounts/login/code/confirm/").content.decode() for c in (owner, other)]
    assert strip(confirm[0], patient.email) == strip(confirm[1], ghost)
    wrong = [c.post("/accounts/login/code/confirm/", {"code": "000000"}).content.decode() for c in (owner, other)]
    assert strip(wrong[0], patient.email) == strip(wrong[1], ghost)


@pytest.mark.parametrize("known", [True, False])
def test_sign_in_codes_have_limits_of_their_own(patient, known):
    email = patient.email if known else "ghost@example.org"
    # 3 codes an hour for one account from one address...
    statuses = [ask_for_code(Client(), email, address=OWNER).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    throttled = ask_for_code(Client(), email, address=OWNER).content.decode()
    assert "Too many tries" in throttled and "Email me a sign-in code" not in throttled
    # ...and no share for the account from all addresses, which strangers could use up: each code is a mail
    # within the address's 3 an hour instead.
    statuses = [ask_for_code(Client(), email, address=f"192.0.2.{n + 1}").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 302]
    run_queued_tasks()
    # A code to the owner, or where there is no account a mail saying so: either way within the address's
    # 3 mails an hour.
    assert len([m for m in mail.outbox if m.to == [email]]) == 3
    # Another account is not held back.
    assert ask_for_code(Client(), "someone.else@example.org", address=OWNER).status_code == 302


def test_a_code_allows_three_tries_and_then_is_void(client, patient):
    ask_for_code(client, patient.email)
    run_queued_tasks()
    code = code_in(mail.outbox[0])
    wrong = "111111" if code != "111111" else "222222"
    for _ in range(2):
        assert client.post("/accounts/login/code/confirm/", {"code": wrong}).status_code == 200
    third = client.post("/accounts/login/code/confirm/", {"code": wrong})
    assert third.status_code == 302 and third.url == "/accounts/login/code/"
    late = client.post("/accounts/login/code/confirm/", {"code": code})
    assert late.status_code == 302 and signed_in_as(client) is None


def rate_limit_rows() -> dict[str, object]:
    """The shared cache's rate-limit rows: key -> the stored value."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM unknot_cache")
        rows = cursor.fetchall()
    values = {}
    for key, value in rows:
        values[key] = pickle.loads(base64.b64decode(value))  # noqa: S301  # the test's own cache rows
    return values


def everything_about(patient):
    """Wrong passwords from two addresses, a code, a password reset, and a sign-up with the address in use that
    ends in wrong codes: every kind of limit an address is in."""
    for address in (ATTACKER, OWNER):
        try_password(Client(), patient.email, address=address)
    ask_for_code(Client(), patient.email)
    Client().post("/accounts/password/reset/", {"email": patient.email}, REMOTE_ADDR=OWNER)
    visitor = Client(REMOTE_ADDR=OWNER)
    visitor.post(
        "/accounts/signup/",
        {"email": patient.email, "password1": "calm shoulders daily", "password2": "calm shoulders daily"},
    )
    visitor.post("/accounts/confirm-email/", {"code": "000000"})


def test_rate_limit_keys_hold_no_address_nor_an_unsalted_hash_of_one(patient):
    everything_about(patient)
    rows = rate_limit_rows()
    assert len(rows) >= 6
    stored = " ".join(f"{key} {value!r}" for key, value in rows.items())
    for secret in [patient.email, ATTACKER, OWNER]:
        for form in [secret, hashlib.sha256(secret.encode()).hexdigest()]:
            assert form not in stored
    assert not [key for key in rows if "allauth" in key or "unknot" in key]  # every key is an HMAC


def test_rate_limit_keys_are_salted_with_the_secret(settings):
    from unknot.limits import make_key

    key = "allauth:rl:allauth.account:reset_password:5/60/key:abc"
    before = make_key(key, "", 1)
    settings.SECRET_KEY = "another long random secret for this test only, 0123456789abcdef"
    assert make_key(key, "", 1) != before
    assert make_key("pages:guide", "", 1) == ":1:pages:guide"  # other cache keys as Django makes them


def test_deleting_an_account_removes_its_rate_limit_rows(patient):
    from allauth.account import app_settings as account_settings
    from allauth.core.internal import ratelimit
    from django.test import RequestFactory

    from care.deletion import delete_account

    everything_about(patient)
    per_address_only = set()  # rows about a client address alone (any account), which stay
    for address in (ATTACKER, OWNER):
        request = RequestFactory().post("/", REMOTE_ADDR=address)
        for action, text in account_settings.RATE_LIMITS.items():
            for rate in ratelimit.parse_rates(text):
                if rate.per == "ip":
                    key = ratelimit.get_cache_key(request, app="allauth.account", action=action, rate=rate)
                    per_address_only.add(cache.make_key(key))
    before = set(rate_limit_rows())
    assert before - per_address_only  # the account's own rows are there...

    delete_account(patient)
    assert set(rate_limit_rows()) <= per_address_only  # ...and gone with it


def test_a_new_account_with_a_deleted_persons_address_starts_with_no_failures(patient):
    from care.deletion import delete_account

    for n in range(30):
        try_password(Client(), patient.email, address=f"203.0.113.{n + 1}")
    delete_account(patient)
    from tests.factories import PatientFactory

    again = PatientFactory(username="pat2", email=patient.email)
    assert try_password(Client(), again.email, PASSWORD, address=OWNER)["Location"] == "/home/"  # signed in, no code


def test_the_limits_are_in_settings():
    assert settings.ACCOUNT_LOGIN_BY_CODE_ENABLED
    assert settings.ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS == 3
    assert settings.CACHES["default"]["KEY_FUNCTION"] == "unknot.limits.make_key"
    assert "key" not in settings.ACCOUNT_RATE_LIMITS["login_failed"]  # per account: unknot.limits


def test_after_a_password_reset_the_old_passwords_failures_no_longer_count(client, patient):
    throttle_from_elsewhere(patient.email)
    client.post("/accounts/password/reset/", {"email": patient.email}, REMOTE_ADDR=OWNER)
    run_queued_tasks()
    link = reset_path(mail.outbox[-1].body)
    form = client.get(link, follow=True, REMOTE_ADDR=OWNER)
    new = "a fresh calm passphrase"
    done = client.post(form.request["PATH_INFO"], {"password1": new, "password2": new}, REMOTE_ADDR=OWNER)
    assert done.status_code == 302
    assert try_password(Client(), patient.email, new, address=OWNER)["Location"] == "/home/"  # signed in, no code


def owner_device(patient) -> Client:
    """A browser the owner has signed in on before (and signed out of)."""
    device = Client()
    device.force_login(patient)
    device.get("/home/", REMOTE_ADDR=OWNER)
    device.post("/accounts/logout/", REMOTE_ADDR=OWNER)
    return device


def test_signing_in_marks_the_device_with_a_hash_not_the_address(patient):
    device = owner_device(patient)
    mark = device.cookies["unknot_device"]
    assert mark["httponly"] and patient.email not in mark.value
    assert signed_in_as(device) is None


def strangers_use_up_the_mail(email: str) -> None:
    """Two stranger addresses ask for 6 codes: the address's 3 mails an hour go, and a stranger's next code is
    held back."""
    for n in range(2):
        for _ in range(3):
            assert ask_for_code(Client(), email, address=f"192.0.2.{n + 1}").status_code == 302
    run_queued_tasks()
    mail.outbox.clear()
    assert ask_for_code(Client(), email, address="192.0.2.99").status_code == 302
    run_queued_tasks()
    assert mail.outbox == []


def test_strangers_using_up_the_addresss_mail_do_not_keep_the_owner_out_on_a_device_they_signed_in_on(patient):
    device = owner_device(patient)
    throttle_from_elsewhere(patient.email)
    strangers_use_up_the_mail(patient.email)

    asked = ask_for_code(device, patient.email, address="198.51.100.99")  # the owner, from a new address
    assert asked.status_code == 302
    run_queued_tasks()
    code = code_in([m for m in mail.outbox if m.to == [patient.email]][-1])
    assert device.post("/accounts/login/code/confirm/", {"code": code}).status_code == 302
    assert signed_in_as(device) == str(patient.pk)


def test_a_device_marked_for_one_account_does_not_help_with_another(patient, other_patient):
    device = owner_device(patient)
    other = other_patient.email
    strangers_use_up_the_mail(other)
    assert ask_for_code(device, other, address="198.51.100.99").status_code == 302
    run_queued_tasks()
    assert mail.outbox == []


def test_strangers_filling_an_address_mail_cannot_hold_back_the_owners_reset(patient):
    device = owner_device(patient)
    for _ in range(3):  # a stranger's resets use up the address's 3 mails an hour
        Client().post("/accounts/password/reset/", {"email": patient.email}, REMOTE_ADDR=ATTACKER)
    run_queued_tasks()
    mail.outbox.clear()
    Client().post("/accounts/password/reset/", {"email": patient.email}, REMOTE_ADDR=ATTACKER)
    run_queued_tasks()
    assert mail.outbox == []  # held back for a stranger
    device.post("/accounts/password/reset/", {"email": patient.email}, REMOTE_ADDR=OWNER)
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [[patient.email]]


def test_a_password_change_revokes_every_device_marked_before(patient):
    device = owner_device(patient)
    patient.set_password("a brand new calm password")
    patient.save()
    strangers_use_up_the_mail(patient.email)
    assert ask_for_code(device, patient.email, address="198.51.100.99").status_code == 302
    run_queued_tasks()
    assert mail.outbox == []
