"""Reminders that never stop: a failed mail, a killed sender, two senders at once, a thousand people due."""

import threading
import uuid
from datetime import UTC, datetime, time, timedelta
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from care import reminders
from care.models import Profile, ReminderSent, Session

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DUE = T0 + timedelta(hours=60)  # the due day, after 18:00 UTC


def people_due(count: int, prefix: str = "p") -> list:
    """People with reminders on at 18:00 UTC, a verified address and a session finished at T0."""
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"{prefix}{n}-{uuid.uuid4().hex[:6]}", email=f"{prefix}{n}@example.org") for n in range(count)]
    )
    Profile.objects.bulk_create([Profile(user=u, reminders=True, reminder_time=time(18, 0)) for u in users])
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
    Session.objects.bulk_create(
        [Session(owner=u, started_at=T0, finished_at=T0 + timedelta(minutes=10), pain_before=5) for u in users]
    )
    return users


def test_one_failed_mail_does_not_stop_the_others_and_is_retried(db):
    people_due(3)
    real = reminders.send_mail

    def flaky(subject, body, sender, to):
        if to == ["p1@example.org"]:
            raise ConnectionRefusedError("the mail server is down")
        return real(subject, body, sender, to)

    with mock.patch.object(reminders, "send_mail", flaky):
        assert reminders.send_due_reminders(DUE) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p2@example.org"]
    assert ReminderSent.objects.filter(sent_at__isnull=True).count() == 1  # released, not marked sent
    assert reminders.send_due_reminders(DUE + timedelta(minutes=5)) == 1
    assert len(mail.outbox) == 3 and ReminderSent.objects.filter(sent_at__isnull=True).count() == 0


def test_a_sender_killed_mid_run_leaves_a_claim_that_is_taken_over_later(db):
    [person] = people_due(1)
    # Another sender claimed the reminder and died before sending it.
    ReminderSent.objects.create(owner=person, due_date=DUE.date(), claim="dead-sender", claimed_at=DUE)
    assert reminders.send_due_reminders(DUE + timedelta(minutes=5)) == 0  # a fresh claim is left alone
    assert reminders.send_due_reminders(DUE + timedelta(minutes=16)) == 1  # a stale one is taken over
    assert len(mail.outbox) == 1
    assert reminders.send_due_reminders(DUE + timedelta(hours=1)) == 0  # and then it is sent: never again


def test_a_reminder_already_sent_is_never_sent_again(db):
    people_due(1)
    assert reminders.send_due_reminders(DUE) == 1
    assert reminders.send_due_reminders(DUE + timedelta(hours=2)) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_reminder_once():
    people_due(20)
    start = threading.Barrier(2)
    counts: list[int] = []

    def sweep():
        from django.db import connections

        start.wait()
        try:
            counts.append(reminders.send_due_reminders(DUE))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 20
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"p{n}@example.org" for n in range(20))


def test_a_thousand_people_due_take_a_fixed_number_of_queries(db):
    people_due(1000)
    with mock.patch.object(reminders, "send_mail"), CaptureQueriesContext(connection) as queries:
        sent = reminders.send_due_reminders(DUE)
    assert sent == 1000
    assert len(queries) == reminders.SWEEP_QUERIES + sent  # the sweep, then one "sent" mark per mail


def test_the_sweep_query_count_does_not_grow_with_people(db):
    people_due(3)
    with CaptureQueriesContext(connection) as few:
        reminders._claim(reminders.due_reminders(DUE), DUE)
    people_due(50, prefix="q")
    with CaptureQueriesContext(connection) as many:
        reminders._claim(reminders.due_reminders(DUE), DUE)
    assert len(few) == len(many) == reminders.SWEEP_QUERIES


def test_the_loop_survives_a_failing_sweep(db):
    sweeps, sleeps = [], []

    def sweep(now):
        sweeps.append(now)
        if len(sweeps) == 1:
            raise RuntimeError("the database went away")
        return 0

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt  # Ctrl-C, after two sweeps

    with (
        mock.patch("care.management.commands.send_reminders.send_due_reminders", sweep),
        mock.patch("care.management.commands.send_reminders.time.sleep", sleep),
    ):
        call_command("send_reminders", "--loop", "--every", "0")
    assert len(sweeps) == 2  # it went on after the failure


def test_one_sweep_from_the_command(db):
    people_due(2)
    import time_machine

    with time_machine.travel(DUE, tick=False):
        call_command("send_reminders")
    assert len(mail.outbox) == 2
