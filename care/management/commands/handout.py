"""`manage.py handout --generic [--paper a4|letter] FILE`: the illustrated seed handout as a PDF, for printing a
stack. A patient's handout is printed from their page, through the door, never by command."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from care import handout
from clinic.handout import PAPERS, HandoutUnavailable


class Command(BaseCommand):
    help = "Writes the generic handout (the seed handout's areas, illustrated) as a tagged PDF."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--generic", action="store_true", help="The handout for any patient (the only kind).")
        parser.add_argument("--paper", choices=sorted(PAPERS), default="a4")
        parser.add_argument("file", type=Path, help="Where to write the PDF (- for standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["generic"]:
            raise CommandError("Say --generic: a patient's handout is printed from their page, through the door.")
        try:
            rendered = handout.render(handout.generic(), options["paper"])
        except HandoutUnavailable as missing:
            raise CommandError(f"This machine cannot make PDFs: {missing}") from None
        if str(options["file"]) == "-":
            self.stdout.buffer.write(rendered.pdf)  # type: ignore[attr-defined]
            return
        options["file"].write_bytes(rendered.pdf)
        self.stderr.write(f"Wrote {options['file']} ({len(rendered.pdf) // 1024} KB, {rendered.seconds:.2f} s)")
