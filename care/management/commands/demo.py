"""Creates (or replaces) the demo patient with two years of history and prints how to sign in."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from care import door
from care.demo import EMAIL, make_demo


class Command(BaseCommand):
    help = "Create the demo patient (demo@example.com) with two years of sessions and diary; a second run replaces it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production", action="store_true", help="run even with DEBUG off (it adds a sign-in-able account)"
        )

    def handle(self, allow_production: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError("DEBUG is off: this looks like production. Add --allow-production if you mean it.")
        began = time.monotonic()
        person, password = make_demo(timezone.now())
        records = door.as_themselves(person)
        sessions, readings = records.sessions().count(), records.diary_entries().count()
        self.stdout.write(
            f"Demo patient ready in {time.monotonic() - began:.1f} s: {sessions} sessions and {readings} diary"
            f" entries over two years.\nSign in at /accounts/login/ with {EMAIL} and the password {password}"
        )
