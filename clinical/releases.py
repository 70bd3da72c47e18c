"""The open dataset's versions. content/VERSION is a semantic version: major when an id is removed or renamed, minor
when entries are added, patch when wording or citations change. content/releases/<version>.json is a compact record of
each release: every record's id and a hash of it, by table. The suite fails when the content differs from the record
of content/VERSION, and when a release's bump is smaller than its changes need."""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.conf import settings

from clinical.dataset import TABLES, VERSION_PATTERN, DatasetError, dataset_version, records

# Tables whose rows are records of their own; citations only repeat the sources each record names.
RECORDED = tuple(table for table in TABLES if table.name != "citations")
BUMPS = ("patch", "minor", "major")

Snapshot = dict[str, dict[str, str]]  # table -> record id -> hash


def record_id(primary_key: tuple[str, ...], row: Mapping[str, Any]) -> str:
    return "/".join(str(row[name]) for name in primary_key)


def record_hash(row: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(row, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def snapshot(rows: Mapping[str, list[dict[str, Any]]]) -> Snapshot:
    """Every record's id and hash, by table, from the dataset's rows (records() or its JSON edition)."""
    return {
        table.name: {record_id(table.primary_key, row): record_hash(row) for row in rows.get(table.name, [])}
        for table in RECORDED
    }


def current() -> Snapshot:
    """The records of the content as it is now."""
    from clinical.content import content
    from clinical.geometry import geometry

    return snapshot(records(content(), geometry()))


@dataclass
class Changes:
    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)

    def needs(self) -> str | None:
        """The smallest bump these changes need: major (an id gone), minor (ids added), patch (a record changed)."""
        if self.removed:
            return "major"
        if self.added:
            return "minor"
        if self.changed:
            return "patch"
        return None


def compare(old: Snapshot, new: Snapshot) -> Changes:
    changes = Changes()
    for table in RECORDED:
        before, after = old.get(table.name, {}), new.get(table.name, {})
        changes.added += [(table.name, key) for key in after if key not in before]
        changes.removed += [(table.name, key) for key in before if key not in after]
        changes.changed += [(table.name, key) for key in after if key in before and before[key] != after[key]]
    return changes


def parse(version: str) -> tuple[int, int, int]:
    match = VERSION_PATTERN.match(version)
    if not match:
        raise DatasetError(f"'{version}' is not a semantic version such as 1.2.0")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def bump_between(old: str, new: str) -> str | None:
    """Which part went up from old to new (None when equal); raises when new is not later."""
    before, after = parse(old), parse(new)
    if after < before:
        raise DatasetError(f"{new} comes before {old}")
    for index, name in enumerate(("major", "minor", "patch")):
        if after[index] != before[index]:
            return name
    return None


def enough(needed: str | None, made: str | None) -> bool:
    rank = {None: 0, "patch": 1, "minor": 2, "major": 3}
    return rank[made] >= rank[needed]


def next_version(old: str, needed: str) -> str:
    major, minor, patch = parse(old)
    if needed == "major":
        return f"{major + 1}.0.0"
    if needed == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def releases_dir(root: Path | None = None) -> Path:
    return Path(root or settings.CONTENT_DIR) / "releases"


def released(root: Path | None = None) -> list[str]:
    """Every recorded version, oldest first."""
    return sorted((path.stem for path in releases_dir(root).glob("*.json")), key=parse)


def read(version: str, root: Path | None = None) -> Snapshot:
    path = releases_dir(root) / f"{version}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path}: cannot be read: {exc}") from None
    if data.get("version") != version:
        raise DatasetError(f"{path}: says version {data.get('version')!r}, not {version}")
    return data["records"]


def dump(version: str, records_now: Snapshot) -> str:
    return json.dumps({"version": version, "records": records_now}, indent=1, sort_keys=True) + "\n"


def problems(root: Path | None = None, now: Snapshot | None = None) -> list[str]:
    """Why the versions are wrong, if they are: the content differs from its release record, or a release's bump is
    smaller than its changes need. Empty when all is well."""
    version = dataset_version(root)
    versions = released(root)
    now = current() if now is None else now
    found: list[str] = []
    for old, new in pairwise(versions):
        needed = compare(read(old, root), read(new, root)).needs()
        made = bump_between(old, new)
        if not enough(needed, made):
            found.append(f"release {new} is a {made or 'no'} bump from {old}, but its changes need a {needed} one")
    latest = versions[-1] if versions else None
    if latest is not None and parse(version) < parse(latest):
        found.append(f"content/VERSION says {version}, older than the latest release {latest}")
    elif version not in versions:
        base = read(latest, root) if latest else {}
        needed = compare(base, now).needs() if latest else None
        made = bump_between(latest, version) if latest else None
        if latest and not enough(needed, made):
            found.append(
                f"content/VERSION {version} is a {made} bump from {latest}, but the changes need a {needed} one"
            )
        found.append(
            f"no record of release {version}: run `manage.py content release` to write content/releases/{version}.json"
        )
    else:
        changes = compare(read(version, root), now)
        needed = changes.needs()
        if needed:
            what = {"major": "an id was removed or renamed", "minor": "entries were added", "patch": "records changed"}
            found.append(
                f"the content differs from release {version} ({what[needed]}): set content/VERSION to "
                f"{next_version(version, needed)} and run `manage.py content release`"
            )
    return found


def write_release(root: Path | None = None) -> tuple[str, Path]:
    """Records the content as release content/VERSION; refuses a bump smaller than the changes need, and rewriting a
    release that was already recorded with other records."""
    version = dataset_version(root)
    now = current()
    versions = released(root)
    path = releases_dir(root) / f"{version}.json"
    if version in versions:
        if compare(read(version, root), now).needs():
            raise DatasetError(f"release {version} is already recorded with other records: raise content/VERSION first")
        return version, path
    earlier = [v for v in versions if parse(v) < parse(version)]
    if later := [v for v in versions if parse(v) > parse(version)]:
        raise DatasetError(f"content/VERSION {version} comes before the recorded release {later[0]}")
    if earlier:
        needed = compare(read(earlier[-1], root), now).needs()
        made = bump_between(earlier[-1], version)
        if not enough(needed, made):
            raise DatasetError(
                f"{version} is a {made} bump from {earlier[-1]}, but the changes need a {needed} one: "
                f"set content/VERSION to {next_version(earlier[-1], needed or 'patch')}"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(version, now), encoding="utf-8")
    return version, path


def from_folder(folder: Path) -> tuple[str, Snapshot]:
    """An exported dataset's version and records (its datapackage.json and JSON edition)."""
    from clinical.dataset import JSON_EDITION

    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        edition = json.loads((folder / JSON_EDITION).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{folder}: not an exported dataset: {exc}") from None
    return str(package.get("version")), snapshot(edition)


def changelog(old: str, new: str, root: Path | None = None) -> list[str]:
    """Lines saying what was added, removed and changed from old to new (versions in content/releases or folders of
    exported datasets), and whether the version bump between them is right."""
    (old_version, before), (new_version, after) = (_side(name, root) for name in (old, new))
    changes = compare(before, after)
    needed = changes.needs()
    made = bump_between(old_version, new_version) if parse(new_version) >= parse(old_version) else None
    verdict = "right" if enough(needed, made) else f"too small: it needs a {needed} bump"
    lines = [
        f"{old_version} -> {new_version}: changes need {'a ' + needed if needed else 'no'} bump; made {made or 'none'} ({verdict})"
    ]
    for title, items in (("Added", changes.added), ("Removed", changes.removed), ("Changed", changes.changed)):
        lines.append(f"{title} ({len(items)}):")
        lines += [f"  {table}: {key}" for table, key in items]
    return lines


def _side(name: str, root: Path | None) -> tuple[str, Snapshot]:
    if VERSION_PATTERN.match(name):
        return name, read(name, root)
    folder = Path(name)
    if folder.is_dir():
        return from_folder(folder)
    raise DatasetError(f"'{name}' is neither a version in content/releases nor a folder of an exported dataset")
