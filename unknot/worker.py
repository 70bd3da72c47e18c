"""The task worker (account mail) that outlives its database and the workers before it.

django-tasks-db's `db_worker` stops at the first database error (a PostgreSQL restart kills it) and
leaves a task it was running when killed marked RUNNING for good: that mail is never sent. Here the
worker's loop is supervised as the reminder loop is (`care.management.commands.send_reminders`): a failed
round is logged and the next one reconnects. A task RUNNING for longer than STALLED_AFTER lost its worker
and is taken back (made READY) by any worker, at most MAX_ATTEMPTS times in all. Mail may then go twice,
never not at all: the same promise as the reminders.

The worker also deletes expired sessions every few minutes: Django keeps them until `clearsessions` runs, and
their data (a pending code, an address someone typed) should not outlive them in the table and its backups.
"""

import logging
import time
from datetime import datetime, timedelta

from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from unknot.sessions import SessionStore

log = logging.getLogger(__name__)

STALLED_AFTER = timedelta(minutes=5)  # far longer than any mail takes to send
MAX_ATTEMPTS = 5  # claims of one task, the first included, before it is given up
SWEEP_EVERY = timedelta(minutes=5)  # expired sessions
LOST_DATABASE = {f"{kind.__module__}.{kind.__qualname__}" for kind in (OperationalError, InterfaceError)}


def take_back_stalled(now: datetime) -> tuple[int, int]:
    """Tasks left RUNNING since before now - STALLED_AFTER go back to the queue, or fail once they have been
    tried MAX_ATTEMPTS times. Returns (retried, given up). Safe with many workers: each row changes only if
    it is still as it was read."""
    retried = given_up = 0
    for row in DBTaskResult.objects.running().filter(started_at__lt=now - STALLED_AFTER):
        same = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
        if len(row.worker_ids) >= MAX_ATTEMPTS:
            given_up += same.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="unknot.worker.Stalled",
                traceback=f"Stalled: no worker finished it in {len(row.worker_ids)} attempts.",
            )
            log.error("Gave up on task %s (%s) after %d attempts", row.pk, row.task_path, len(row.worker_ids))
        else:
            retried += same.update(status=TaskResultStatus.READY)
            log.warning("Task %s (%s) stalled in a lost worker; trying it again", row.pk, row.task_path)
    return retried, given_up


def put_back(row: DBTaskResult) -> bool:
    """A task this worker was running when it lost its database goes straight back to the queue, unless it
    has been tried MAX_ATTEMPTS times (a RUNNING one then fails when it stalls)."""
    if len(row.worker_ids) >= MAX_ATTEMPTS:
        return False
    lost = Q(status=TaskResultStatus.RUNNING) | Q(
        status=TaskResultStatus.FAILED, exception_class_path__in=LOST_DATABASE
    )
    same = DBTaskResult.objects.filter(lost, pk=row.pk, started_at=row.started_at)
    return bool(same.update(status=TaskResultStatus.READY, finished_at=None, exception_class_path="", traceback=""))


class SupervisedWorker(Worker):
    """db_worker's Worker in batch mode (it runs what is ready, then returns), remembering the task it runs."""

    def __init__(self, interval: float, worker_id: str | None = None) -> None:
        super().__init__(
            queue_names=["*"],
            interval=interval,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
        )
        self.current: DBTaskResult | None = None
        self.swept: datetime | None = None

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.current = db_task_result
        super().run_task(db_task_result)  # records success or failure; raises only if it cannot record
        if db_task_result.exception_class_path in LOST_DATABASE:
            # The task failed because the database went away, not because of what it holds: try it again.
            put_back(db_task_result)
        self.current = None

    def round(self, now: datetime) -> None:
        """One round: reconnect if need be, give back what a failure left, take back stalled tasks, delete
        expired sessions (every SWEEP_EVERY), run every task that is ready."""
        close_old_connections()
        if self.current is not None:
            put_back(self.current)
            self.current = None
        take_back_stalled(now)
        if self.swept is None or now - self.swept >= SWEEP_EVERY:
            SessionStore.clear_expired()
            self.swept = now
        self.run()

    def supervise(self) -> None:
        """Rounds until SIGTERM or SIGINT (handled by Worker: a task being run is finished first)."""
        self.configure_signals()
        # The library's own worker says hello at every round: quiet it, and say it once here.
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        log.info("Task worker %s started; a round every %g s", self.worker_id, self.interval)
        while self.running:
            try:
                self.round(timezone.now())
            except Exception:  # the loop outlives any one failure: the next round reconnects
                log.exception("The task worker's round failed; trying again in %g s", self.interval)
                try:
                    connections.close_all()
                except Exception:
                    log.debug("Closing a broken connection failed", exc_info=True)
            if self.running:
                time.sleep(self.interval)
