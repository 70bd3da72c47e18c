"""The open dataset's versions: content/VERSION and the record of each release in content/releases/ (issue 39).

A content change fails the suite until content/VERSION gets the bump the change needs (major: an id removed or
renamed; minor: entries added; patch: wording or citations) and `manage.py content release` records it."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clinical import releases
from clinical.dataset import DatasetError, dataset_version


def test_the_content_is_the_release_its_version_names():
    assert releases.problems() == []


def test_every_release_is_recorded_with_ids_and_hashes():
    versions = releases.released()
    assert dataset_version() in versions
    for version in versions:
        records = releases.read(version)
        assert {"muscles", "trigger_points", "referral_zones", "acupoint_links", "red_flags", "sources"} <= set(records)
        assert "trapezius" in records["muscles"]
        assert all(len(digest) == 16 for table in records.values() for digest in table.values())


BASE = {"muscles": {"trapezius": "a", "levator-scapulae": "b"}, "sources": {"melzack-1977": "c"}}


@pytest.mark.parametrize(
    ("change", "needed"),
    [
        (lambda s: s, None),
        (lambda s: s | {"sources": {"melzack-1977": "changed"}}, "patch"),  # a citation's wording
        (lambda s: s | {"muscles": s["muscles"] | {"rhomboids": "d"}}, "minor"),  # an entry added
        (lambda s: s | {"muscles": {"trapezius": "a"}}, "major"),  # an id removed
        (lambda s: s | {"muscles": {"trapezius": "a", "levator": "b"}}, "major"),  # an id renamed
    ],
)
def test_each_change_needs_its_bump(change, needed):
    assert releases.compare(BASE, change(BASE)).needs() == needed


@pytest.mark.parametrize(
    ("old", "new", "needed", "right"),
    [
        ("1.0.0", "1.0.1", "patch", True),
        ("1.0.0", "1.0.1", "minor", False),
        ("1.0.0", "1.1.0", "minor", True),
        ("1.0.0", "1.1.0", "major", False),
        ("1.4.2", "2.0.0", "major", True),
        ("1.0.0", "1.0.0", None, True),
        ("1.0.0", "1.0.0", "patch", False),
    ],
)
def test_a_bump_is_right_when_it_is_at_least_what_the_changes_need(old, new, needed, right):
    assert releases.enough(needed, releases.bump_between(old, new)) is right


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A folder with content/VERSION and content/releases of its own, recorded from the real content."""
    (tmp_path / "releases").mkdir()
    (tmp_path / "VERSION").write_text("1.0.0\n")
    (tmp_path / "releases" / "1.0.0.json").write_text(releases.dump("1.0.0", releases.current()))
    return tmp_path


def changed(snapshot, table, key, value=None):
    copy = {name: dict(records) for name, records in snapshot.items()}
    if value is None:
        copy[table].pop(key)
    else:
        copy[table][key] = value
    return copy


def test_a_content_change_without_a_bump_fails(content_copy):
    now = releases.current()
    assert releases.problems(content_copy, now) == []
    reworded = changed(now, "muscles", "trapezius", "0" * 16)
    [problem] = releases.problems(content_copy, reworded)
    assert "set content/VERSION to 1.0.1" in problem
    removed = changed(now, "trigger_points", "trapezius-upper")
    [problem] = releases.problems(content_copy, removed)
    assert "an id was removed or renamed" in problem and "2.0.0" in problem


def test_a_bump_too_small_for_the_change_fails(content_copy):
    now = releases.current()
    (content_copy / "VERSION").write_text("1.0.1\n")
    added = changed(now, "muscles", "new-muscle", "1" * 16)
    found = releases.problems(content_copy, added)
    assert any("need a minor one" in problem for problem in found)
    assert any("no record of release 1.0.1" in problem for problem in found)


def test_a_recorded_release_with_a_bump_too_small_fails(content_copy):
    now = releases.current()
    (content_copy / "releases" / "1.0.1.json").write_text(
        releases.dump("1.0.1", changed(now, "red_flags", "thunderclap-headache"))
    )
    (content_copy / "VERSION").write_text("1.0.1\n")
    found = releases.problems(content_copy, changed(now, "red_flags", "thunderclap-headache"))
    assert found == ["release 1.0.1 is a patch bump from 1.0.0, but its changes need a major one"]


def test_the_version_never_goes_back(content_copy):
    (content_copy / "VERSION").write_text("0.9.0\n")
    assert "older than the latest release" in releases.problems(content_copy, releases.current())[0]


def test_the_changelog_between_two_releases(settings, content_copy):
    now = releases.current()
    newer = changed(changed(now, "muscles", "trapezius", "0" * 16), "trigger_points", "new-point", "2" * 16)
    (content_copy / "releases" / "1.1.0.json").write_text(releases.dump("1.1.0", newer))
    settings.CONTENT_DIR = content_copy
    out = io.StringIO()
    call_command("content", "changelog", "1.0.0", "1.1.0", stdout=out)
    text = out.getvalue()
    assert "1.0.0 -> 1.1.0: changes need a minor bump; made minor (right)" in text
    assert "Added (1):\n  trigger_points: new-point" in text
    assert "Changed (1):\n  muscles: trapezius" in text
    assert "Removed (0):" in text


def test_the_changelog_between_two_exported_datasets(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    call_command("content", "export-dataset", str(old), stdout=io.StringIO())
    shutil.copytree(old, new)
    package = json.loads((new / "datapackage.json").read_text())
    major, minor, patch = package["version"].split(".")
    package["version"] = f"{major}.{minor}.{int(patch) + 1}"  # a patch bump, but an id is gone
    (new / "datapackage.json").write_text(json.dumps(package))
    edition = json.loads((new / "unknot-dataset.json").read_text())
    edition["red_flags"] = [flag for flag in edition["red_flags"] if flag["id"] != "thunderclap-headache"]
    edition["muscles"][0]["summary"] = "Reworded."
    (new / "unknot-dataset.json").write_text(json.dumps(edition))
    out = io.StringIO()
    call_command("content", "changelog", str(old), str(new), stdout=out)
    text = out.getvalue()
    assert "changes need a major bump; made patch (too small: it needs a major bump)" in text
    assert "Removed (1):\n  red_flags: thunderclap-headache" in text
    assert "Changed (1):\n  muscles: trapezius" in text


def test_the_changelog_says_what_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="neither a version"):
        call_command("content", "changelog", "1.0.0", str(tmp_path / "nowhere"))
    with pytest.raises(CommandError, match="Usage"):
        call_command("content", "changelog", "1.0.0")


def test_release_refuses_a_bump_too_small(settings, content_copy):
    (content_copy / "releases" / "1.0.0.json").write_text(
        releases.dump("1.0.0", changed(releases.current(), "muscles", "trapezius"))
    )
    (content_copy / "VERSION").write_text("1.0.1\n")
    settings.CONTENT_DIR = content_copy
    with pytest.raises(DatasetError, match=r"need a minor one: set content/VERSION to 1\.1\.0"):
        releases.write_release(content_copy)
    (content_copy / "VERSION").write_text("1.1.0\n")
    version, path = releases.write_release(content_copy)
    assert version == "1.1.0" and path.exists()
    assert releases.problems(content_copy, releases.current()) == []
