"""Runs the task queue (account mail) and keeps running: across database restarts, and taking back tasks a
killed worker left behind. Run it like the web server (`make run` does); any number may run."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from unknot.worker import SupervisedWorker


class Command(BaseCommand):
    help = (
        "Run queued tasks (account emails) until stopped. Survives database restarts; a task left RUNNING by a "
        "lost worker for 5 minutes is tried again, at most 5 times in all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at the queue")

    def handle(self, interval: float = 1.0, **options: Any) -> None:
        self.stdout.write(f"Running queued tasks every {interval:g} s. Stop with Ctrl-C.")
        self.stdout.flush()
        SupervisedWorker(interval).supervise()
