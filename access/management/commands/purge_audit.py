"""Deletes audit rows older than AUDIT_KEEP_DAYS (8 years by default): the only way rows leave the trail.

Run it from cron, daily or monthly; it is safe to run on several servers at once."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from access import audit


class Command(BaseCommand):
    help = "Delete audit trail rows older than the retention period (AUDIT_KEEP_DAYS)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = audit.purge(timezone.now())
        self.stdout.write(f"Deleted {deleted} audit rows older than {audit.keep_for().days} days.")
