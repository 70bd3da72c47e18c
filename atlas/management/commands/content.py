"""manage.py content check: validates the clinical content and the body geometry, and prints what each muscle covers.

The open dataset (clinical.dataset, clinical.releases): `export-dataset DIR` writes it into DIR; `release` records the
content as release content/VERSION in content/releases/; `changelog OLD NEW` lists what was added, removed and changed
between two versions of content/releases/ or two exported datasets, and whether the version bump is right."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinical import releases
from clinical.content import ContentError, load
from clinical.dataset import DatasetError, export
from clinical.geometry import DrawingError, load_geometry
from clinical.review import report


class Command(BaseCommand):
    help = (
        "check: validate the clinical content (content/) and print what each muscle covers, for review. "
        "export-dataset DIR: write the open dataset (a Frictionless Data Package) into DIR. "
        "release: record the content as release content/VERSION. "
        "changelog OLD NEW: what changed between two releases (versions or exported dataset folders)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check", "export-dataset", "release", "changelog"])
        parser.add_argument("targets", nargs="*", help="export-dataset: the folder; changelog: OLD NEW.")
        parser.add_argument("--dir", type=Path, help="check: a content folder other than the project's (a draft).")
        parser.add_argument("--partial", action="store_true", help="Allow missing muscles (reviewing a draft).")

    def handle(
        self, action: str, targets: list[str], dir: Path | None = None, partial: bool = False, **options: Any
    ) -> None:
        wanted = {"check": 0, "export-dataset": 1, "release": 0, "changelog": 2}[action]
        if len(targets) != wanted:
            usage = {
                "check": "manage.py content check",
                "export-dataset": "manage.py content export-dataset DIR",
                "release": "manage.py content release",
                "changelog": "manage.py content changelog OLD NEW",
            }[action]
            if action == "export-dataset" and not targets:
                raise CommandError(f"Say where to write the dataset: {usage}")
            raise CommandError(f"Usage: {usage}")
        if dir is not None and action != "check":
            raise CommandError(f"{action} works on the release's content; --dir is for check only")
        try:
            if action == "export-dataset":
                self._export(Path(targets[0]))
            elif action == "release":
                version, path = releases.write_release()
                self.stdout.write(f"Release {version} is recorded in {path}")
            elif action == "changelog":
                self.stdout.write("\n".join(releases.changelog(targets[0], targets[1])))
            else:
                data = load(dir, partial=partial)
                if not partial:  # the drawings' geometry is checked against the same content
                    load_geometry(Path(dir) / "body" if dir else None, data)
                self.stdout.write("\n".join(report(data)))
        except (ContentError, DrawingError, DatasetError) as exc:
            raise CommandError(str(exc)) from None

    def _export(self, target: Path) -> None:
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} is a file, not a folder")
        written = list(export(target))
        for name, size in written:
            self.stdout.write(f"{name}\t{size} bytes")
        self.stdout.write(f"Wrote the dataset ({len(written)} files) to {target}")
