"""The dataset's version, read from content/VERSION, and the name of the zip it is published as."""

import re
from pathlib import Path

from django.conf import settings

VERSION_PATTERN = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


class DatasetError(Exception):
    """The dataset cannot be made (a bad content/VERSION)."""


def dataset_version(directory: Path | None = None) -> str:
    """The dataset's semantic version, from content/VERSION."""
    path = Path(directory or settings.CONTENT_DIR) / "VERSION"
    try:
        version = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read: {exc}") from None
    if not VERSION_PATTERN.match(version):
        raise DatasetError(f"{path}: '{version}' is not a semantic version such as 1.2.0")
    return version


def zip_name(version: str) -> str:
    """The zip's file name; the folder inside it has the same name without ".zip"."""
    return f"unknot-dataset-{version}.zip"
