"""The task worker outlives its database and the workers before it: a task a lost worker left RUNNING is
taken back after five minutes and tried again (at most five times), and a task that failed because the
database went away is queued again at once."""

from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from unknot import worker

pytestmark = pytest.mark.django_db

DONE: list[str] = []


@task
def note(word: str) -> None:
    DONE.append(word)


@task
def needs_the_database(word: str) -> None:
    if not DONE:
        DONE.append("lost")
        raise OperationalError("server closed the connection unexpectedly")
    DONE.append(word)


@pytest.fixture(autouse=True)
def nothing_done():
    DONE.clear()


@pytest.fixture(autouse=True)
def connections_kept(monkeypatch):
    """The worker closes its connections between rounds; a test's connection holds its transaction."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker.connections, "close_all", lambda: None)


def left_running(task_, *args, claims: int = 1) -> DBTaskResult:
    """A task a worker claimed and then died with, as the row it leaves."""
    row = DBTaskResult.objects.get(pk=task_.enqueue(*args).id)
    for n in range(claims):
        row.claim(f"lost-worker-{n}")
    return row


def test_a_task_left_running_for_five_minutes_is_taken_back_and_run_again():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        row = left_running(note, "hello")
    with time_machine.travel(start + timedelta(minutes=5, seconds=1), tick=False):
        assert worker.take_back_stalled(timezone.now()) == (1, 0)
        worker.SupervisedWorker(interval=0).round(timezone.now())
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL" and DONE == ["hello"]
    assert len(row.worker_ids) == 2  # the lost worker's claim and the one that finished it


def test_a_task_running_for_less_than_five_minutes_is_left_to_its_worker():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        row = left_running(note, "hello")
    with time_machine.travel(start + timedelta(minutes=4, seconds=59), tick=False):
        worker.SupervisedWorker(interval=0).round(timezone.now())
    row.refresh_from_db()
    assert row.status == "RUNNING" and DONE == []


def test_a_task_stalled_five_times_is_given_up():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        row = left_running(note, "hello", claims=worker.MAX_ATTEMPTS)
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert worker.take_back_stalled(timezone.now()) == (0, 1)
        worker.SupervisedWorker(interval=0).round(timezone.now())
    row.refresh_from_db()
    assert row.status == "FAILED" and row.exception_class_path == "unknot.worker.Stalled" and DONE == []


def test_a_task_that_lost_the_database_is_queued_again_at_once_and_then_runs():
    row = DBTaskResult.objects.get(pk=needs_the_database.enqueue("sent").id)
    runner = worker.SupervisedWorker(interval=0)
    runner.round(timezone.now())
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL" and DONE == ["lost", "sent"]
    assert len(row.worker_ids) == 2


def test_a_round_that_fails_leaves_the_worker_running_and_gives_its_task_back(monkeypatch):
    row = left_running(note, "hello")
    runner = worker.SupervisedWorker(interval=0)
    runner.current = row  # what the worker ran when its database went away
    calls = []

    def one_failure_then_stop(now):
        calls.append(now)
        if len(calls) == 1:
            raise OperationalError("terminating connection due to administrator command")
        runner.running = False

    monkeypatch.setattr(runner, "round", one_failure_then_stop)
    monkeypatch.setattr(runner, "configure_signals", lambda: None)
    runner.supervise()
    assert len(calls) == 2  # the failure was logged and the next round came
    assert worker.put_back(row)
    row.refresh_from_db()
    assert row.status == "READY"


def test_a_round_deletes_expired_sessions_and_keeps_live_ones():
    from django.contrib.sessions.models import Session

    now = timezone.now()
    Session.objects.create(session_key="e" * 40, session_data="", expire_date=now - timedelta(seconds=1))
    Session.objects.create(session_key="l" * 40, session_data="", expire_date=now + timedelta(hours=1))
    sweeper = worker.SupervisedWorker(interval=0)
    with time_machine.travel(now, tick=False):
        sweeper.round(timezone.now())
    assert list(Session.objects.values_list("session_key", flat=True)) == ["l" * 40]
    Session.objects.create(session_key="f" * 40, session_data="", expire_date=now + timedelta(minutes=1))
    with time_machine.travel(now + timedelta(minutes=6), tick=False):
        sweeper.round(timezone.now())
    assert list(Session.objects.values_list("session_key", flat=True)) == ["l" * 40]
