"""Account mail leaves no secret behind: the task queue holds only an id, a reset mail waits without its link (the
worker makes it when it sends), the message is gone once sent, old task rows are blanked, the admin shows no task
rows and a reset link lasts two hours; every link in account mail starts with SITE_URL, never with the host a request
named."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from tests.conftest import reset_path, run_queued_tasks

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW = {"email": "new@example.org", "password1": "calm shoulders daily", "password2": "calm shoulders daily"}


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    cache.clear()


def every_task_row() -> str:
    from django_tasks_db.models import DBTaskResult

    return json.dumps([[row.args_kwargs, row.return_value, row.traceback] for row in DBTaskResult.objects.all()])


def reset_link(message) -> str:
    return reset_path(message.body)


def every_row() -> str:
    """Every column of every row of the mail and task tables, as text."""
    from django_tasks_db.models import DBTaskResult

    from unknot.models import PendingMail

    return json.dumps([*PendingMail.objects.values(), *DBTaskResult.objects.values()], default=str)


def test_after_a_reset_and_a_sign_up_no_mail_or_task_row_holds_a_link_a_token_or_a_code(client, patient):
    from unknot.models import PendingMail

    # One frozen second: a link made when the reset was asked for would be the very link the worker sends.
    with time_machine.travel(T0, tick=False):
        client.post("/accounts/password/reset/", {"email": patient.email})
        Client().post("/accounts/signup/", NEW)
        queued, queued_tasks = every_row(), every_task_row()
        run_queued_tasks()
        sent = every_row()
        link = reset_link(next(message for message in mail.outbox if message.to == [patient.email]))
        assert 'name="password1"' in client.get(link, follow=True).content.decode()  # the link made when sent works
    [signup] = [message for message in mail.outbox if message.to == [NEW["email"]]]
    token = link.rstrip("/").rsplit("/", 1)[-1]
    code = re.search(r"\b(\d{6})\b", signup.body).group(1)
    assert link not in queued and token not in queued  # the reset mail waits without its link
    assert PendingMail.objects.count() == 0  # sent, so gone
    for rows in (sent, every_task_row()):
        assert link not in rows and token not in rows and code not in rows
    for rows in (queued_tasks, every_task_row()):
        assert patient.email not in rows and "password" not in rows.lower()


def test_a_reset_mail_that_fails_to_send_waits_without_its_link_and_its_link_works_once_sent(client, patient):
    from unittest import mock

    from django_tasks_db.models import DBTaskResult

    with time_machine.travel(T0, tick=False) as clock:
        client.post("/accounts/password/reset/", {"email": patient.email})
        with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError):
            run_queued_tasks()
        waiting = every_row()
        assert mail.outbox == [] and "/reset/key/" not in waiting
        clock.shift(timedelta(minutes=3))  # the retry is due
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_queued_tasks()
        link = reset_link(mail.outbox[0])
        assert link.rstrip("/").rsplit("/", 1)[-1] not in waiting
        form = client.get(link, follow=True)
        new = "a calm new passphrase"
        done = client.post(form.request["PATH_INFO"], {"password1": new, "password2": new})
    assert done.status_code == 302
    patient.refresh_from_db()
    assert patient.check_password(new)


def test_a_mail_that_cannot_be_sent_is_dropped_with_its_last_try(db):
    from unittest import mock

    from django.core.mail import EmailMessage
    from django_tasks_db.models import DBTaskResult

    from unknot import mail as account_mail
    from unknot.models import PendingMail

    account_mail.queue(EmailMessage("Your code", "123456", None, ["a@example.org"]))
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError):
        for _ in range(account_mail.ATTEMPTS):
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
            run_queued_tasks()
    assert PendingMail.objects.count() == 0
    assert "123456" not in every_task_row()


def test_the_admin_lists_no_task_rows(client, db):
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django_tasks_db.models import DBTaskResult

    from tests.cast import confirm_second_factor
    from unknot.models import PendingMail

    assert not admin.site.is_registered(DBTaskResult)
    assert not admin.site.is_registered(PendingMail)
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "a long enough passphrase")
    client.force_login(boss)
    session = client.session
    confirm_second_factor(session, boss)  # staff reach the admin only after the second factor
    session.save()
    assert client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 404


def test_a_reset_link_stops_working_after_two_hours(client, patient):
    with time_machine.travel(T0, tick=False) as clock:
        client.post("/accounts/password/reset/", {"email": patient.email})
        run_queued_tasks()
        link = reset_link(mail.outbox[0])
        clock.move_to(T0 + timedelta(hours=2, minutes=1))
        page = client.get(link, follow=True).content.decode().lower()
    assert "invalid" in page or "expired" in page or "used" in page


ELSEWHERE = "elsewhere.example"  # a host the site answers to, but not the address people use


@pytest.mark.parametrize(
    ("asked", "links"),
    [
        ("reset", ["/accounts/password/reset/key/"]),
        ("reset, no account", ["/accounts/signup/"]),
        ("sign-up, address in use", ["/accounts/password/reset/"]),
        ("sign-up", []),
        ("sign-in code", []),
    ],
)
def test_every_link_in_account_mail_starts_with_site_url_whatever_host_the_request_named(
    patient, settings, asked, links
):
    settings.SITE_URL = "https://unknot.example.org"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ELSEWHERE]
    visitor = Client(HTTP_HOST=ELSEWHERE)
    if asked.startswith("reset"):
        address = patient.email if asked == "reset" else "nobody@example.org"
        visitor.post("/accounts/password/reset/", {"email": address})
    elif asked.startswith("sign-up"):
        visitor.post("/accounts/signup/", {**NEW, "email": patient.email if "in use" in asked else NEW["email"]})
    else:
        visitor.post("/accounts/login/code/", {"email": patient.email})
    run_queued_tasks()
    [message] = mail.outbox
    text = message.body + "".join(content for content, _ in getattr(message, "alternatives", []))
    assert ELSEWHERE not in text and "testserver" not in text
    found = re.findall(r"\w+://\S+", text)
    assert [link.startswith("https://unknot.example.org" + path) for link, path in zip(found, links, strict=True)] == [
        True
    ] * len(links)
    if asked == "reset":  # and the link works, asked for by any host
        path = found[0].removeprefix(settings.SITE_URL)
        assert 'name="password1"' in visitor.get(path, follow=True).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_waiting_mail_out_of_its_task_and_blanks_finished_ones():
    before, after = [("unknot", "0001_pending_mail")], [("unknot", "0002_blank_mail_in_tasks")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(
        [*before, ("django_tasks_database", "0021_conditional_partial_index_ordering")]
    ).apps
    OldTask = old.get_model("django_tasks_database", "DBTaskResult")

    def old_task(status: str, body: str):
        return OldTask.objects.create(
            status=status,
            task_path="unknot.mail.send_email",
            args_kwargs={"args": ["Your code", body, ["a@example.org"], "u <n@x.org>", "", 2], "kwargs": {}},
            backend_name="default",
            queue_name="default",
            run_after=timezone.now(),
            return_value=None,
            exception_class_path="",
            traceback="",
        )

    waiting, sent = old_task("READY", "code 111111"), old_task("SUCCESSFUL", "link /reset/key/secret-token/")
    MigrationExecutor(connection).migrate(after)
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())  # later migrations too, for the models as they are now

    from django_tasks_db.models import DBTaskResult

    from unknot.models import PendingMail

    rows = every_task_row()
    assert "111111" not in rows and "secret-token" not in rows and "a@example.org" not in rows
    assert DBTaskResult.objects.get(pk=sent.pk).args_kwargs == {"args": [], "kwargs": {}}
    [pending] = PendingMail.objects.all()
    assert (pending.body, pending.to, pending.from_email) == ("code 111111", ["a@example.org"], "u <n@x.org>")
    assert DBTaskResult.objects.get(pk=waiting.pk).args_kwargs == {"args": [pending.pk, 2], "kwargs": {}}
    run_queued_tasks()  # the waiting mail still goes out
    assert [message.body for message in mail.outbox] == ["code 111111"]
    assert PendingMail.objects.count() == 0
