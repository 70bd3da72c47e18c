"""manage.py content check: validates the clinical content and the body geometry, and prints what each
muscle covers. manage.py content export-dataset DIR: writes the open dataset (clinical.dataset) into DIR."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinical.content import ContentError, load
from clinical.dataset import DatasetError, export
from clinical.geometry import DrawingError, load_geometry
from clinical.review import report


class Command(BaseCommand):
    help = (
        "check: validate the clinical content (content/) and print what each muscle covers, for review. "
        "export-dataset DIR: write the open dataset (a Frictionless Data Package) into DIR."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check", "export-dataset"])
        parser.add_argument("target", nargs="?", type=Path, help="export-dataset: the folder to write into.")
        parser.add_argument("--dir", type=Path, help="A content folder other than the project's (a draft).")
        parser.add_argument("--partial", action="store_true", help="Allow missing muscles (reviewing a draft).")

    def handle(
        self, action: str, target: Path | None = None, dir: Path | None = None, partial: bool = False, **options: Any
    ) -> None:
        if action == "export-dataset":
            self._export(target, dir)
            return
        try:
            data = load(dir, partial=partial)
            if not partial:  # the drawings' geometry is checked against the same content
                load_geometry(Path(dir) / "body" if dir else None, data)
            lines = report(data)
        except (ContentError, DrawingError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("\n".join(lines))

    def _export(self, target: Path | None, dir: Path | None) -> None:
        if target is None:
            raise CommandError("Say where to write the dataset: manage.py content export-dataset DIR")
        if dir is not None:
            raise CommandError("export-dataset writes the release's content; --dir is for check only")
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} is a file, not a folder")
        try:
            written = list(export(target))
        except (ContentError, DrawingError, DatasetError) as exc:
            raise CommandError(str(exc)) from None
        for name, size in written:
            self.stdout.write(f"{name}\t{size} bytes")
        self.stdout.write(f"Wrote the dataset ({len(written)} files) to {target}")
