"""Restores the database from a backup file made by `manage.py backup`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unknot.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup. Stop the app servers and workers first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the backup file")
        parser.add_argument(
            "--into", help="restore into another database instead: a SQLite file, or a PostgreSQL database name"
        )
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing the database")

    def handle(self, path: str, into: str | None = None, yes: bool = False, **options: Any) -> None:
        if not into and not yes:
            answer = input("This replaces everything in the database with the backup. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            restore(Path(path), into)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {path}{f' into {into}' if into else ''}")
