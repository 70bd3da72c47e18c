"""The dataset as published: datapackage.json, the CSV tables, the body drawings, the JSON edition and the README,
built once per release and content change, and the zip of them all. One build serves `manage.py content
export-dataset` and the /data/ pages, so the download and the files on the site are the same bytes."""

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from clinical.content import Content, content, content_version
from clinical.dataset.drawings import body_svg
from clinical.dataset.records import records
from clinical.dataset.schema import LICENSE, Table
from clinical.dataset.tables import TABLES
from clinical.dataset.version import dataset_version, zip_name
from clinical.geometry import VIEWS, Geometry, geometry

PACKAGE_NAME = "unknot-trigger-points"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
JSON_EDITION = "unknot-dataset.json"
README = "README.md"


def descriptor(version: str) -> dict[str, Any]:
    """datapackage.json: the package, its licences and every resource with its schema."""
    return {
        "$schema": PROFILE,
        "name": PACKAGE_NAME,
        "title": "unknot: cited trigger points, referral zones and acupoint links for neck and upper-back pain",
        "description": (
            "The clinical content of unknot, self-care software for neck and upper-back pain, as open data: muscles, "
            "their trigger points with body-drawing coordinates, where each refers pain (essential and spillover "
            "zones), acupuncture points that lie near them (WHO codes), self-care techniques, red flags and the "
            "sources every claim rests on. Self-care information, not a diagnosis. See README.md."
        ),
        "version": version,
        "licenses": [LICENSE],
        "contributors": [{"title": "The unknot project", "roles": ["creator", "publisher"]}],
        "keywords": ["trigger points", "myofascial pain", "referred pain", "acupuncture points", "neck pain"],
        "resources": [
            *(table.descriptor() for table in TABLES),
            *(
                _file(
                    f"body-{name}",
                    f"body-{name}.svg",
                    "svg",
                    "image/svg+xml",
                    f"The body drawing, {name} view",
                    f"unknot's own drawing of the {name} view: regions, muscle outlines, trigger points and acupoints, "
                    "each by its id; the coordinate space of x and y in the tables.",
                )
                for name in VIEWS
            ),
            _file(
                "json-edition",
                JSON_EDITION,
                "json",
                "application/json",
                "The same records as JSON",
                "Every table's rows under its name, lists as arrays.",
            ),
        ],
    }


def _file(name: str, path: str, format: str, mediatype: str, title: str, description: str) -> dict[str, Any]:
    """A resource that is a file rather than a table (a drawing, the JSON edition)."""
    return {
        "name": name,
        "type": "file",
        "path": path,
        "format": format,
        "mediatype": mediatype,
        "title": title,
        "description": description,
    }


def readme(version: str, counts: dict[str, int]) -> str:
    tables = "\n".join(f"| `{t.name}.csv` | {counts[t.name]} | {t.description} |" for t in TABLES)
    return f"""# unknot dataset {version}

Cited trigger points, referral zones and acupoint links for neck and upper-back pain, from unknot, self-care
software. Self-care information, not a diagnosis: the red flags say when to see a clinician instead.

## What is here

| File | Rows | What it holds |
|---|---|---|
{tables}

Also: `body-front.svg`, `body-back.svg`, `body-side.svg` (unknot's own body drawings; `x` and `y` in the tables are in
their units), `{JSON_EDITION}` (the same records as JSON) and `datapackage.json` (the Frictionless Data Package v2
descriptor: every table's fields, keys and links). Check it with `frictionless validate datapackage.json`.

Ids are unknot's stable ids: never renamed, and a removed id means a new major version. Every row that makes a
clinical claim lists its sources in `sources`, and `citations.csv` has one row per claim and source, so every
referral zone and acupoint link traces to its source in `sources.csv`.

## What is whose

- **unknot's own, under CC BY 4.0** (https://creativecommons.org/licenses/by/4.0/): the words (names, how to find a
  spot, techniques, cautions, red flags), the coordinates, the referral zones, the acupoint links and the drawings.
  Use them for anything, with credit.
- **Citations only**: the titles, authors and links in `sources.csv` belong to those works. They are given to
  credit them and to let you read them; unknot does not license them.
- **Not included**: where an acupoint lies in words (the WHO's standard locations), anything drawn by others, and
  the Neck Disability Index (its words are not unknot's to license).

An acupoint link says the two points lie close together, with its sources. Whether they are the same thing is
debated (Melzack 1977 and Dorsher 2008 for a close match; Birch 2003 for far less).

## How to cite it

unknot. unknot dataset: cited trigger points, referral zones and acupoint links, version {version}. CC BY 4.0.

Please cite the sources in `sources.csv` too when you use what they support.
"""


@cache
def _files_for(version: str, fingerprint: str) -> dict[str, bytes]:
    return build(content(), geometry(), version)


def row_counts() -> dict[str, int]:
    """How many rows each table has, by table name."""
    return _counts_for(dataset_version(), content_version())


@cache
def _counts_for(version: str, fingerprint: str) -> dict[str, int]:
    edition = json.loads(files()[JSON_EDITION])
    return {table.name: len(edition[table.name]) for table in TABLES}


def files() -> dict[str, bytes]:
    """The dataset's files by name, made once per release and process."""
    return _files_for(dataset_version(), content_version())


def build(data: Content, geom: Geometry, version: str) -> dict[str, bytes]:
    """Every file of the dataset by name: datapackage.json, the CSV tables, the SVG drawings, the JSON edition and
    the README."""
    rows = records(data, geom)
    out: dict[str, bytes] = {"datapackage.json": _json(descriptor(version))}
    for table in TABLES:
        out[f"{table.name}.csv"] = _csv(table, rows[table.name])
    for name in VIEWS:
        out[f"body-{name}.svg"] = body_svg(geom, name)
    edition = {"name": PACKAGE_NAME, "version": version, "license": LICENSE["name"], **rows}
    out[JSON_EDITION] = _json(edition)
    out[README] = readme(version, {name: len(table) for name, table in rows.items()}).encode("utf-8")
    return out


def _csv(table: Table, rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([field.name for field in table.fields])
    for row in rows:
        writer.writerow([_cell(row.get(field.name)) for field in table.fields])
    return out.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, float):  # exactly as the geometry says, without a trailing ".0"
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def zipped(found: dict[str, bytes], version: str) -> bytes:
    """The whole dataset as one zip, in a folder named after it."""
    out = io.BytesIO()
    folder = zip_name(version).removesuffix(".zip")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in found.items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


@cache
def _zip_for(version: str, fingerprint: str) -> bytes:
    return zipped(files(), version)


def zip_bytes() -> bytes:
    return _zip_for(dataset_version(), content_version())


def export(directory: Path) -> Iterator[tuple[str, int]]:
    """Writes the dataset into a folder; yields each file's name and size."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files().items():
        (directory / name).write_bytes(data)
        yield name, len(data)
