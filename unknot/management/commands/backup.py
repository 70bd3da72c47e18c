"""Backs up the database to a file (SQLite's online backup API, or pg_dump for PostgreSQL)."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from unknot.backup import BackupError, backup, open_to_others, private_folder


class Command(BaseCommand):
    help = (
        "Back up the database to a file, safely while unknot is running. The file is readable by its owner only "
        "(600) and the default folder var/backups is closed to other users (700)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="where to write it (default: var/backups/unknot-<time>.<kind>)")

    def handle(self, path: str | None = None, **options: Any) -> None:
        if path is None:
            kind = "sqlite3" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "pgdump"
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            folder = Path(settings.BASE_DIR) / "var" / "backups"
            private_folder(folder)
            path = str(folder / f"unknot-{stamp}.{kind}")
        try:
            written = backup(Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {written}")
        if open_to_others(written.parent):
            # a folder the person chose is theirs to close: say so rather than change its mode
            self.stderr.write(
                f"{written.parent} is open to other users of this host: keep backups in a folder only you can "
                f"open (chmod 700 {written.parent})."
            )
