"""manage.py content check: validates the clinical content and the body geometry, and prints what each
muscle covers."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinical.content import ContentError, load
from clinical.geometry import DrawingError, load_geometry
from clinical.review import report


class Command(BaseCommand):
    help = "Validate the clinical content (content/) and print what each muscle covers, for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check"])
        parser.add_argument("--dir", type=Path, help="A content folder other than the project's (a draft).")
        parser.add_argument("--partial", action="store_true", help="Allow missing muscles (reviewing a draft).")

    def handle(self, action: str, dir: Path | None = None, partial: bool = False, **options: Any) -> None:
        try:
            data = load(dir, partial=partial)
            if not partial:  # the drawings' geometry is checked against the same content
                load_geometry(Path(dir) / "body" if dir else None, data)
            lines = report(data)
        except (ContentError, DrawingError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("\n".join(lines))
