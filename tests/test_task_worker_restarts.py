"""Account mail survives a worker killed mid-send and PostgreSQL restarts: the task worker (as production runs
it, a process of its own) reconnects, the task the killed worker left RUNNING is taken back, and every
queued mail arrives (one may arrive twice, never none)."""

import contextlib
import threading
import time

import pytest

from tests.servers import Postgres, Sink, SinkHandler, Site

pytestmark = pytest.mark.django_db(transaction=True)  # the servers use a database of their own

ADDRESSES = [f"p{n}@example.org" for n in range(5)]


class StallingHandler(SinkHandler):
    """Takes the first message's text and then hangs (as a slow mail server would) until released."""

    def handle(self) -> None:
        server = self.server
        readline = self.rfile.readline

        def stalling_readline(*args):
            line = readline(*args)
            if line in {b".\r\n", b".\n"} and not server.released.is_set():
                server.receiving.set()
                server.released.wait(60)
                raise ConnectionError("the sender went away")
            return line

        self.rfile.readline = stalling_readline  # type: ignore[method-assign]
        with contextlib.suppress(ConnectionError, OSError):
            super().handle()


@pytest.fixture
def mail_sink():
    sink = Sink()
    sink.RequestHandlerClass = StallingHandler
    sink.receiving, sink.released = threading.Event(), threading.Event()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    yield sink
    sink.released.set()
    sink.shutdown()
    sink.server_close()


@pytest.fixture
def postgres():
    from django.db import connections

    server = Postgres.available()
    if server is None:
        pytest.skip("needs a PostgreSQL this machine can stop and start (scripts/with-postgres)")
    yield server
    if not server.running():
        server.start()
    connections.close_all()  # the test's own connection went with the server


def until(check, seconds: float = 60) -> bool:
    """Polls another process's progress, bounded."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def statuses(site: Site) -> str:
    return site.shell(
        "from django_tasks_db.models import DBTaskResult;"
        "print(','.join(sorted(DBTaskResult.objects.values_list('status', flat=True))))"
    )


def test_every_mail_arrives_across_a_killed_worker_and_postgresql_restarts(postgres, mail_sink, tmp_path):
    site = Site(tmp_path, mail_sink.port)
    try:
        site.shell(
            "from django.core.mail import EmailMessage; from unknot.mail import queue;"
            f"[queue(EmailMessage('Your code', 'hello', None, [a])) for a in {ADDRESSES!r}]; print(1)"
        )
        first = site.start("manage.py", "task_worker", "--interval", "0.2")
        assert mail_sink.receiving.wait(60), "the worker never began to send"
        first.kill()  # mid-send: its task stays RUNNING
        first.wait(timeout=30)
        mail_sink.released.set()
        assert "RUNNING" in statuses(site)

        worker = site.start("manage.py", "task_worker", "--interval", "0.2")
        for _ in range(3):  # db_worker died at 2 of 3 restarts
            postgres.restart()
            assert worker.poll() is None, worker.stderr.read() if worker.poll() is not None else ""
        # The killed worker's task has now been RUNNING for "five minutes": moved back rather than waited for.
        site.shell(
            "from datetime import timedelta; from django.db.models import F;"
            "from django_tasks_db.models import DBTaskResult;"
            "print(DBTaskResult.objects.filter(status='RUNNING')"
            ".update(started_at=F('started_at') - timedelta(minutes=6)))"
        )
        assert until(lambda: set(statuses(site).split(",")) == {"SUCCESSFUL"}), statuses(site)
        assert worker.poll() is None  # still running after three restarts
        received = [address for message in mail_sink.messages for address in message]
        assert set(received) == set(ADDRESSES)
        assert len(received) <= len(ADDRESSES) + 1  # the one being sent when its worker was killed, at most twice
    finally:
        mail_sink.released.set()
        site.close()
