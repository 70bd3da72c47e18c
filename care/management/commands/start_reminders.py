"""Queues the reminder task unless one is already waiting (it then re-queues itself every 15 minutes)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from care.reminders import remind


class Command(BaseCommand):
    help = "Queue the email-reminder task (run once per deployment; the worker keeps it going)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", default=getattr(settings, "SITE_URL", ""), help="e.g. https://unknot.example.org"
        )

    def handle(self, base_url: str = "", **options):
        waiting = DBTaskResult.objects.filter(task_path__endswith="reminders.remind", status__in=["READY", "RUNNING"])
        if waiting.exists():
            self.stdout.write("The reminder task is already queued.")
            return
        remind.enqueue(base_url)
        self.stdout.write("Queued the reminder task.")
