"""Sends the reminders that are due: once, or every few minutes with --loop (run it like the web server)."""

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from care.reminders import RUN_EVERY, send_due_reminders

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send the email reminders that are due. With --loop, keep sending every few minutes until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running, one sweep every --every seconds")
        parser.add_argument("--every", type=float, default=RUN_EVERY.total_seconds(), help="seconds between sweeps")

    def handle(self, loop: bool = False, every: float = 300, **options: Any) -> None:
        if not loop:
            self.stdout.write(f"Sent {send_due_reminders(timezone.now())} reminders.")
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        self.stdout.write(f"Sending reminders every {every:g} s. Stop with Ctrl-C.")
        while not stopping:
            try:
                close_old_connections()  # a database restart must not kill the loop
                sent = send_due_reminders(timezone.now())
                if sent:
                    log.info("Sent %d reminders", sent)
            except Exception:  # the loop outlives any one failure: the next sweep tries again
                log.exception("The reminder sweep failed; trying again in %g s", every)
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                break
