"""Creates (or replaces) the demo patient with two years of history, or with --clinic a demo clinic of N
patients, and prints how to sign in."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from care import door
from care.demo import EMAIL, make_demo
from care.demo_clinic import make_demo_clinic, patient_email


class Command(BaseCommand):
    help = (
        "Create the demo patient (demo@example.com) with two years of sessions and diary, or with --clinic a demo"
        " clinic (an owner, two practitioners and --patients N patients); a second run replaces it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production", action="store_true", help="run even with DEBUG off (it adds sign-in-able accounts)"
        )
        parser.add_argument("--clinic", action="store_true", help="make the demo clinic instead of the demo patient")
        parser.add_argument("--patients", type=int, default=50, help="how many patients the demo clinic has")

    def handle(self, allow_production: bool = False, clinic: bool = False, patients: int = 50, **options: Any) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError("DEBUG is off: this looks like production. Add --allow-production if you mean it.")
        if clinic:
            self._clinic(patients)
            return
        began = time.monotonic()
        person, password = make_demo(timezone.now())
        records = door.as_themselves(person)
        sessions, readings = records.sessions().count(), records.diary_entries().count()
        self.stdout.write(
            f"Demo patient ready in {time.monotonic() - began:.1f} s: {sessions} sessions and {readings} diary"
            f" entries over two years.\nSign in at /accounts/login/ with {EMAIL} and the password {password}"
        )

    def _clinic(self, patients: int) -> None:
        if not 1 <= patients <= 5000:
            raise CommandError("--patients must be between 1 and 5000.")
        began = time.monotonic()
        made = make_demo_clinic(timezone.now(), patients)
        kinds = ", ".join(f"{count} {kind}" for kind, count in made.kinds.items() if count)
        lines = [
            f"{made.clinic.name} ready in {time.monotonic() - began:.1f} s with {made.patients} patients ({kinds}).",
            "Sign in at /accounts/login/, then type the code your authenticator app shows for the key:",
        ]
        lines += [f"  {s.role:<13} {s.email:<36} password {s.password}  key {s.authenticator_key}" for s in made.staff]
        lines.append(
            f"Patients sign in as {patient_email(1)} to {patient_email(patients)}, password {made.patient_password}"
        )
        self.stdout.write("\n".join(lines))
