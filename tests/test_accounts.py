"""Accounts: sign up, sign in and out, throttling, password change and reset, remember me, staff idle limit."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session as ServerSession
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.conftest import reset_path, run_queued_tasks
from unknot.sessions import stored_key

PASSWORD = "a long enough passphrase"


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    cache.clear()


def sign_in(client, email, password=PASSWORD, remember=False):
    data = {"login": email, "password": password}
    if remember:
        data["remember"] = "on"
    return client.post("/accounts/login/", data)


def test_passwords_are_hashed_with_argon2_in_production():
    from unknot import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


NEW = {"email": "new@example.org", "password1": "calm shoulders daily", "password2": "calm shoulders daily"}


def code_from(message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_sign_up_sends_a_six_digit_code_and_the_code_signs_in(client, db):
    response = client.post("/accounts/signup/", NEW)
    assert response.status_code == 302 and response.url == "/accounts/confirm-email/"
    assert mail.outbox == []  # queued, not sent while the page was served
    run_queued_tasks()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.org"]
    page = client.get("/accounts/confirm-email/").content.decode()
    assert 'inputmode="numeric"' in page
    assert client.get("/home/").status_code == 302  # not signed in before the code
    done = client.post("/accounts/confirm-email/", {"code": code_from(mail.outbox[0])})
    assert done.status_code == 302
    assert client.get("/home/").status_code == 200
    assert client.session.get_expire_at_browser_close()  # sign-up never ticks "remember me"


def test_a_wrong_code_is_refused_at_its_field(client, db):
    client.post("/accounts/signup/", NEW)
    response = client.post("/accounts/confirm-email/", {"code": "000000"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert client.get("/home/").status_code == 302


def test_sign_up_with_an_address_in_use_looks_the_same_and_mails_the_owner(client, patient):
    taken = client.post("/accounts/signup/", {**NEW, "email": patient.email})
    other = Client().post("/accounts/signup/", NEW)
    assert (taken.status_code, taken.url) == (other.status_code, other.url) == (302, "/accounts/confirm-email/")
    run_queued_tasks()
    to_owner = next(m for m in mail.outbox if m.to == [patient.email])
    assert "already" in to_owner.body.lower()
    assert get_user_model().objects.filter(email=patient.email).count() == 1


def test_sign_up_while_the_mail_server_is_down_still_answers_and_the_mail_is_retried(client, db):
    from unittest import mock

    from django_tasks_db.models import DBTaskResult

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError):
        response = client.post("/accounts/signup/", NEW)
        assert response.status_code == 302
        run_queued_tasks()
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # queued again, for later
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # later has come
    run_queued_tasks()
    assert len(mail.outbox) == 1


def test_a_reset_while_the_mail_server_is_down_still_answers(client, patient):
    from unittest import mock

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError):
        assert client.post("/accounts/password/reset/", {"email": patient.email}).status_code == 302


@pytest.mark.parametrize("password", ["password123", "short"])
def test_common_and_short_passwords_are_refused(client, db, password):
    response = client.post(
        "/accounts/signup/", {"email": "x@example.org", "password1": password, "password2": password}
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="x@example.org").exists()


def test_a_wrong_password_and_an_unknown_account_get_the_same_reply(client, patient):
    wrong = sign_in(client, patient.email, "not the password").content.decode()
    unknown = sign_in(client, "nobody@example.org", "not the password").content.decode()

    def strip(html):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html).replace(
            "nobody@example.org", patient.email
        )

    assert strip(wrong) == strip(unknown)


def test_failed_sign_ins_are_throttled_per_account_with_a_clear_message(client, patient):
    for _ in range(5):
        sign_in(client, patient.email, "wrong")
    response = sign_in(client, patient.email, "wrong")
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert sign_in(client, patient.email).status_code == 429  # even the right password waits


def test_failed_sign_ins_are_throttled_for_an_account_that_does_not_exist(client, db):
    for _ in range(5):
        sign_in(client, "ghost@example.org", "wrong")
    assert sign_in(client, "ghost@example.org", "wrong").status_code == 429


def test_signing_in_gives_a_new_session_id(client, patient):
    client.get("/accounts/login/")
    session = client.session
    session["probe"] = 1
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    sign_in(client, patient.email)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_signing_out_ends_the_server_session(client, patient):
    sign_in(client, patient.email)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/accounts/logout/")
    assert not ServerSession.objects.filter(session_key=stored_key(key)).exists()
    assert client.get("/home/").status_code == 302


def test_remember_me_keeps_a_patient_signed_in_for_30_days(client, patient):
    sign_in(client, patient.email, remember=True)
    assert client.session.get_expiry_age() == 30 * 24 * 3600
    assert not client.session.get_expire_at_browser_close()


def test_without_remember_me_the_session_ends_with_the_browser_and_on_the_server_within_a_day(client, patient):
    sign_in(client, patient.email)
    assert client.session.get_expire_at_browser_close()
    stored = ServerSession.objects.get(session_key=stored_key(client.session.session_key))
    assert stored.expire_date <= timezone.now() + timedelta(days=1)


def test_sign_up_does_not_remember_the_person(client, db):
    client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "calm shoulders daily", "password2": "calm shoulders daily"},
    )
    assert client.session.get_expire_at_browser_close()


def test_staff_sessions_end_after_30_idle_minutes(client, staff):
    client.force_login(staff)
    client.get("/home/")
    assert client.session.get_expiry_age() == 30 * 60


def test_changing_the_password_ends_the_other_sessions(client, patient):
    from django.test import Client

    other_device = Client()
    sign_in(other_device, patient.email)
    sign_in(client, patient.email)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a new calm passphrase", "password2": "a new calm passphrase"},
    )
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200
    assert other_device.get("/home/").status_code == 302


def test_a_reset_link_is_sent_and_works_once(client, patient):
    client.post("/accounts/password/reset/", {"email": patient.email})
    run_queued_tasks()
    assert len(mail.outbox) == 1
    link = reset_path(mail.outbox[0].body)
    form = client.get(link, follow=True)
    action = form.request["PATH_INFO"]
    done = client.post(action, {"password1": "fresh calm passphrase", "password2": "fresh calm passphrase"})
    assert done.status_code == 302
    assert sign_in(client, patient.email, "fresh calm passphrase").status_code == 302
    client.post("/accounts/logout/")
    again = client.get(link, follow=True).content.decode()
    assert "invalid" in again.lower() or "expired" in again.lower() or "used" in again.lower()


def test_a_reset_for_an_unknown_address_says_the_same(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/accounts/password/reset/done/"


def test_the_owner_can_still_sign_in_from_another_address_while_one_is_throttled(client, patient):
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    for _ in range(6):
        client.post("/accounts/login/", {"login": patient.email, "password": "wrong"}, **attacker)
    assert client.post("/accounts/login/", {"login": patient.email, "password": "wrong"}, **attacker).status_code == 429
    owner = client.post("/accounts/login/", {"login": patient.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
    assert owner.status_code == 302


def test_an_account_is_throttled_across_many_addresses(client, patient):
    for n in range(30):
        client.post("/accounts/login/", {"login": patient.email, "password": "wrong"}, REMOTE_ADDR=f"203.0.113.{n}")
    for password in ("wrong", PASSWORD):  # from yet another address, a password alone no longer signs in
        response = Client().post(
            "/accounts/login/", {"login": patient.email, "password": password}, REMOTE_ADDR="192.0.2.1"
        )
        assert (response.status_code, response["Location"]) == (302, "/accounts/login/code/confirm/")
        assert "_auth_user_id" not in client.session


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(client, patient, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _ in range(6):
        client.post(
            "/accounts/login/",
            {"login": patient.email, "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    # Another visitor behind the same balancer is not blocked by the attacker's tries.
    other = client.post(
        "/accounts/login/",
        {"login": patient.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other.status_code == 302


def test_the_admin_has_no_sign_in_of_its_own(client, staff):
    for _ in range(10):
        response = client.post("/admin/login/", {"username": staff.username, "password": "wrong"})
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    response = client.post("/admin/login/", {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_rate_limits_live_in_the_shared_cache():
    from django.conf import settings as live

    assert live.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    assert live.CACHES["pages"]["BACKEND"].endswith("LocMemCache")


def test_the_shared_cache_keeps_enough_entries_that_limits_are_not_pushed_out():
    from django.conf import settings as live

    assert live.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] >= 100_000


def test_the_session_table_holds_no_live_cookie(client, patient):
    sign_in(client, patient.email)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert not ServerSession.objects.filter(session_key=cookie).exists()
    row = ServerSession.objects.get(session_key=stored_key(cookie))
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = row.session_key  # a key read from the table or a backup
    assert thief.get("/home/").status_code == 302  # is no way in
    assert client.get("/home/").status_code == 200


def test_a_key_read_from_the_session_table_opens_no_session_on_the_async_path_either(client, patient):
    from asgiref.sync import async_to_sync

    from unknot.sessions import SessionStore

    sign_in(client, patient.email)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    row_key = ServerSession.objects.get(session_key=stored_key(cookie)).session_key
    assert async_to_sync(SessionStore(row_key).aload)() == {}
    assert async_to_sync(SessionStore(cookie).aload)().get("_auth_user_id") == str(patient.pk)


def test_the_reset_ends_on_a_page_that_says_the_password_changed(client, patient):
    client.post("/accounts/password/reset/", {"email": patient.email})
    run_queued_tasks()
    link = reset_path(mail.outbox[0].body)
    action = client.get(link, follow=True).request["PATH_INFO"]
    done = client.post(
        action, {"password1": "fresh calm passphrase", "password2": "fresh calm passphrase"}, follow=True
    )
    assert done.request["PATH_INFO"] == "/accounts/password/reset/key/done/"
    assert "password" in done.content.decode().lower()


def test_a_deactivated_account_is_told_so_and_not_signed_in(client, patient):
    patient.is_active = False
    patient.save()
    response = client.post("/accounts/login/", {"login": patient.email, "password": PASSWORD}, follow=True)
    assert response.request["PATH_INFO"] == "/accounts/inactive/"
    assert "_auth_user_id" not in client.session


def test_confirming_ones_password_again_asks_for_it(client, patient):
    client.force_login(patient)
    page = client.get("/accounts/reauthenticate/")
    assert page.status_code == 200 and 'name="password"' in page.content.decode()


def test_someone_who_joined_by_code_can_set_a_password(client, patient):
    patient.set_unusable_password()
    patient.save()
    client.force_login(patient)
    asked = client.get("/accounts/password/set/")  # first: is it you? (no password to ask for)
    assert asked.status_code == 302 and asked["Location"].startswith("/settings/prove/")
    client.post("/settings/prove/", {"send_code": "yes"})
    run_queued_tasks()
    client.post("/settings/prove/", {"code": re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)})
    page = client.get("/accounts/password/set/")
    assert page.status_code == 200 and 'name="password1"' in page.content.decode()
    client.post("/accounts/password/set/", {"password1": "fresh calm passphrase", "password2": "fresh calm passphrase"})
    patient.refresh_from_db()
    assert patient.check_password("fresh calm passphrase")


def test_a_code_read_from_the_session_table_signs_no_one_in(client, patient):
    # Why session data is signed, not encrypted: a pending code in it works only with the session's cookie.
    client.post("/accounts/login/code/", {"email": patient.email})
    row = ServerSession.objects.get(session_key=stored_key(client.cookies[settings.SESSION_COOKIE_NAME].value))
    code = row.get_decoded()["account_login"]["state"]["stages"]["login_by_code"]["data"]["code"]
    thief, stranger = Client(), Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = row.session_key  # the row's key as a cookie
    for other in (thief, stranger):
        other.post("/accounts/login/code/confirm/", {"code": code})
        assert other.get("/home/").status_code == 302
    assert client.post("/accounts/login/code/confirm/", {"code": code}).status_code == 302
    assert client.get("/home/").status_code == 200
