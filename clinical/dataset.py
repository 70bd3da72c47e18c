"""The open dataset: unknot's cited content as a Frictionless Data Package (v2) of CSV tables, the body drawings as
SVG, a JSON edition of the same records and a README. One build serves `manage.py content export-dataset` and the
/data/ pages, so the download and the files on the site are the same bytes.

What is exported is unknot's own: its words, coordinates, zones and pairs (CC BY 4.0), and the sources' citations
(citations only). Nothing that is not unknot's to license goes in: no acupoint location sentences (they follow the
WHO's), no drawings but unknot's own, nothing of the Neck Disability Index.
"""

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from django.conf import settings

from clinical.content import EMERGENCY_PLACEHOLDER, Content, content, content_version
from clinical.geometry import VIEWS, Geometry, geometry
from clinical.schema import ACUPOINT_CODE_PATTERN, Claim, Motion

PACKAGE_NAME = "unknot-trigger-points"
VERSION_PATTERN = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
JSON_EDITION = "unknot-dataset.json"
README = "README.md"
# Where a text names the number to call, the dataset says it in words: numbers differ by country.
EMERGENCY_WORDS = "your local emergency number"


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
    return f"unknot-dataset-{version}.zip"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None

    def descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "list":
            out["itemType"] = "string"
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.pattern:
            constraints["pattern"] = self.pattern
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...]  # (field, resource, its field)

    def descriptor(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": "table",
            "path": f"{self.name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": self.title,
            "description": self.description,
            "licenses": [SOURCES_LICENSE] if self.name == "sources" else [LICENSE],
            "schema": {
                "fields": [field.descriptor() for field in self.fields],
                "primaryKey": list(self.primary_key),
                "foreignKeys": [
                    {"fields": [own], "reference": {"resource": resource, "fields": [theirs]}}
                    for own, resource, theirs in self.foreign_keys
                ],
            },
        }


# The sources' titles, authors and links are the works' own: given to cite them, not licensed by unknot.
SOURCES_LICENSE = {
    "name": "citations-only",
    "title": "Citations of other people's works, given to credit them; unknot does not license them",
}

ID = "A stable id (unknot's own; never renamed)"
SOURCES = Field("sources", "list", "The ids of the sources (sources.csv) this row's claims rest on", required=True)
VIEW = ("front", "back", "side")

TABLES: tuple[Table, ...] = (
    Table(
        "regions",
        "Body regions",
        "The places on the body where a person can feel pain, as the body map shows them.",
        (
            Field("id", "string", ID, required=True),
            Field("label", "string", "Its name in plain English", required=True),
            Field("view", "string", "The body view it is drawn on", required=True, enum=VIEW),
            Field("sided", "boolean", "Whether the body has one on each side (left and right)", required=True),
        ),
        ("id",),
        (),
    ),
    Table(
        "muscles",
        "Muscles",
        "The muscles whose trigger points can cause neck and upper-back pain, in plain words.",
        (
            Field("id", "string", ID, required=True),
            Field("name", "string", "Its name", required=True),
            Field("handout", "boolean", "Whether it is one of the original handout's areas", required=True),
            Field("handout_rank", "integer", "Its place in the handout's order (empty if not in the handout)"),
            Field("summary", "string", "What it is and the pain it causes", required=True),
            Field("actions", "string", "What it does", required=True),
            Field("posture", "string", "How posture strains it", required=True),
            Field("keeps_coming_back", "string", "What keeps its trigger points coming back"),
            Field("stretch", "string", "A gentle stretch"),
            SOURCES,
        ),
        ("id",),
        (),
    ),
    Table(
        "trigger_points",
        "Trigger points",
        "Each muscle's trigger points: how to find each one, and where it is on the body drawing (x, y in the "
        "drawing units of body-<view>.svg, on the person's right side; mirror about the drawing's middle for the left).",
        (
            Field("id", "string", ID, required=True),
            Field("muscle_id", "string", "The muscle (muscles.csv)", required=True),
            Field("number", "integer", "Its number on the muscle's drawing", required=True),
            Field("name", "string", "Where it is, in a few words", required=True),
            Field("view", "string", "The body view it is worked from", required=True, enum=VIEW),
            Field("x", "number", "Across the drawing, in drawing units", required=True),
            Field("y", "number", "Down the drawing, in drawing units", required=True),
            Field("find", "string", "How to find it with your hands", required=True),
            SOURCES,
        ),
        ("id",),
        (("muscle_id", "muscles", "id"),),
    ),
    Table(
        "referral_zones",
        "Referral zones",
        "Where a trigger point sends pain: essential (where the pain usually is), spillover (where it sometimes "
        "spreads) and tingling (where it may bring tingling or numbness rather than pain).",
        (
            Field("trigger_point_id", "string", "The trigger point (trigger_points.csv)", required=True),
            Field("region_id", "string", "The body region (regions.csv)", required=True),
            Field(
                "kind",
                "string",
                "Essential, spillover or tingling",
                required=True,
                enum=("essential", "spillover", "tingling"),
            ),
            SOURCES,
        ),
        ("trigger_point_id", "region_id", "kind"),
        (("trigger_point_id", "trigger_points", "id"), ("region_id", "regions", "id")),
    ),
    Table(
        "acupoint_links",
        "Acupoint links",
        "Acupuncture points that lie at or near a trigger point, by WHO standard code. This is anatomical "
        "closeness, with its sources; whether the two are the same thing is debated.",
        (
            Field("trigger_point_id", "string", "The trigger point (trigger_points.csv)", required=True),
            Field(
                "code", "string", "The WHO standard code (GB21, SI14...)", required=True, pattern=ACUPOINT_CODE_PATTERN
            ),
            Field(
                "distance", "string", "How far the point lies from the trigger point, when it is near rather than on it"
            ),
            Field("x", "number", "The point on the trigger point's body drawing, across"),
            Field("y", "number", "The point on the trigger point's body drawing, down"),
            SOURCES,
        ),
        ("trigger_point_id", "code"),
        (("trigger_point_id", "trigger_points", "id"),),
    ),
    Table(
        "techniques",
        "Techniques",
        "How to work a muscle's trigger points yourself: the position, the tool, where to place it and what to "
        "do if you feel tingling, numbness or sharp pain.",
        (
            Field("id", "string", "The muscle's id and the technique's number", required=True),
            Field("muscle_id", "string", "The muscle (muscles.csv)", required=True),
            Field("number", "integer", "Its number on the muscle's page", required=True),
            Field(
                "position",
                "string",
                "The position",
                required=True,
                enum=("wall", "floor", "seated", "standing", "side-lying"),
            ),
            Field("tool", "string", "What presses", required=True, enum=("ball", "fingers", "pincer")),
            Field("balls", "integer", "How many balls (2: in a sock, one each side of the spine)", required=True),
            Field(
                "hand",
                "string",
                "The hand that works a hand technique: the other hand, the hand of the side worked, or both",
                enum=("other", "same", "both"),
            ),
            Field(
                "hold",
                "list",
                "How the words hold the head and the arm of the side worked (head-turned-away, head-tilted-towards, "
                "chin-down, arm-raised, arms-across, arm-in-lap); empty when they hold nothing",
            ),
            Field("motion", "string", "Hold still, or stroke slowly", required=True, enum=("hold", "stroke")),
            Field("trigger_point_ids", "list", "The trigger points it works (trigger_points.csv)", required=True),
            Field("placement", "string", "Where and how to place the tool", required=True),
            Field("cues", "string", "What to keep in mind while doing it"),
            Field(
                "nerve_sensation", "string", "What to do if you feel tingling, numbness or sharp pain", required=True
            ),
            SOURCES,
        ),
        ("id",),
        (("muscle_id", "muscles", "id"),),
    ),
    Table(
        "cautions",
        "Cautions",
        "What to take care with when working each muscle.",
        (
            Field("id", "string", "The muscle's id and the caution's number", required=True),
            Field("muscle_id", "string", "The muscle (muscles.csv)", required=True),
            Field("text", "string", "The caution", required=True),
            SOURCES,
        ),
        ("id",),
        (("muscle_id", "muscles", "id"),),
    ),
    Table(
        "red_flags",
        "Red flags",
        "Signs that call for a clinician rather than self-care, by level: emergency (get help now), urgent (see a "
        "doctor today), clinician (see a clinician before self-care).",
        (
            Field("id", "string", ID, required=True),
            Field("level", "string", "How soon to get help", required=True, enum=("emergency", "urgent", "clinician")),
            Field("group", "string", "The body area it is asked with", required=True),
            Field("question", "string", "Whom it concerns, as the safety check asks it", required=True),
            Field("sign", "string", "The sign", required=True),
            Field("why", "string", "Why it matters", required=True),
            SOURCES,
        ),
        ("id",),
        (),
    ),
    Table(
        "sources",
        "Sources",
        "Every source the other tables cite. The citation (title), authors and link are the works' own, given to "
        "credit them: they are citations only, not licensed by unknot.",
        (
            Field("id", "string", "The source's stable key", required=True),
            Field(
                "kind",
                "string",
                "What it is (lay pages never stand alone behind a clinical claim)",
                required=True,
                enum=("paper", "guideline", "textbook", "textbook-summary", "reference", "lay"),
            ),
            Field("authors", "string", "The people or the organisation behind it", required=True),
            Field("year", "integer", "Year of publication (empty when the page is undated)"),
            Field("title", "string", "The full reference: authors, title, where and when it appeared", required=True),
            Field("link", "string", "Where to read it: its address, or its DOI as an address", required=True),
        ),
        ("id",),
        (),
    ),
    Table(
        "citations",
        "Citations",
        "One row for each claim and each source it cites: every claim above traced to its sources. Exactly one of "
        "muscle_id, trigger_point_id, technique_id, caution_id and red_flag_id names the row the claim is in.",
        (
            Field("id", "string", "The row, the claim and the source", required=True),
            Field("claim", "string", "Which claim of the row", required=True),
            Field("source_id", "string", "The source (sources.csv)", required=True),
            Field("muscle_id", "string", "A muscle (muscles.csv)"),
            Field(
                "trigger_point_id", "string", "A trigger point (trigger_points.csv), its referral or an acupoint link"
            ),
            Field("technique_id", "string", "A technique (techniques.csv)"),
            Field("caution_id", "string", "A caution (cautions.csv)"),
            Field("red_flag_id", "string", "A red flag (red_flags.csv)"),
        ),
        ("id",),
        (
            ("source_id", "sources", "id"),
            ("muscle_id", "muscles", "id"),
            ("trigger_point_id", "trigger_points", "id"),
            ("technique_id", "techniques", "id"),
            ("caution_id", "cautions", "id"),
            ("red_flag_id", "red_flags", "id"),
        ),
    ),
)


def _words(text: str) -> str:
    return text.replace(EMERGENCY_PLACEHOLDER, EMERGENCY_WORDS)


def _keys(*groups: Iterable[str]) -> list[str]:
    """Source keys in first-cited order, each once."""
    return list(dict.fromkeys(key for group in groups for key in group))


def records(data: Content, geom: Geometry) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, keyed by table name, as plain values (lists for list fields)."""
    rows: dict[str, list[dict[str, Any]]] = {table.name: [] for table in TABLES}
    cite = rows["citations"]

    def cited(column: str, record: str, claim: str, keys: Iterable[str]) -> None:
        for key in keys:
            cite.append({"id": f"{record}/{claim}/{key}", "claim": claim, "source_id": key, column: record})

    rows["regions"] = [{"id": r.id, "label": r.label, "view": r.view, "sided": r.sided} for r in data.regions.values()]
    for info in data.muscles.values():
        muscle = info.content
        claims = {"summary": muscle.summary, "actions": muscle.actions, "posture": muscle.posture}
        claims |= {name: claim for name in ("keeps_coming_back", "stretch") if (claim := getattr(muscle, name))}
        rows["muscles"].append(
            {
                "id": muscle.id,
                "name": muscle.name,
                "handout": info.seed_rank is not None,
                "handout_rank": info.seed_rank,
                "summary": muscle.summary.text,
                "actions": muscle.actions.text,
                "posture": muscle.posture.text,
                "keeps_coming_back": muscle.keeps_coming_back.text if muscle.keeps_coming_back else None,
                "stretch": muscle.stretch.text if muscle.stretch else None,
                "sources": _keys(*(claim.sources for claim in claims.values())),
            }
        )
        for name, claim in claims.items():
            cited("muscle_id", muscle.id, name, claim.sources)
        for number, point in enumerate(muscle.trigger_points, start=1):
            view = geom.views[point.view]
            xy = view.trigger_points[point.id]
            rows["trigger_points"].append(
                {
                    "id": point.id,
                    "muscle_id": muscle.id,
                    "number": number,
                    "name": point.name,
                    "view": point.view,
                    "x": xy.x,
                    "y": xy.y,
                    "find": point.find.text,
                    "sources": list(point.find.sources),
                }
            )
            cited("trigger_point_id", point.id, "find", point.find.sources)
            cited("trigger_point_id", point.id, "referral", point.referral.sources)
            for kind in ("essential", "spillover", "tingling"):
                for region in getattr(point.referral, kind):
                    rows["referral_zones"].append(
                        {
                            "trigger_point_id": point.id,
                            "region_id": region,
                            "kind": kind,
                            "sources": list(point.referral.sources),
                        }
                    )
            for link in point.acupoints:
                at = view.acupoints.get(link.code)
                rows["acupoint_links"].append(
                    {
                        "trigger_point_id": point.id,
                        "code": link.code,
                        "distance": link.distance,
                        "x": at.x if at else None,
                        "y": at.y if at else None,
                        "sources": list(link.sources),
                    }
                )
                cited("trigger_point_id", point.id, f"acupoint-{link.code}", link.sources)
        for number, technique in enumerate(muscle.techniques, start=1):
            technique_id = f"{muscle.id}-technique-{number}"
            steps: dict[str, Claim | Motion] = {"motion": technique.motion, "placement": technique.placement}
            steps |= {f"cue-{n}": cue for n, cue in enumerate(technique.cues, start=1)}
            steps["nerve_sensation"] = technique.nerve_sensation
            rows["techniques"].append(
                {
                    "id": technique_id,
                    "muscle_id": muscle.id,
                    "number": number,
                    "position": technique.position,
                    "tool": technique.tool,
                    "balls": technique.balls,
                    "hand": technique.hand,
                    "hold": list(technique.hold),
                    "motion": technique.motion.kind,
                    "trigger_point_ids": list(technique.trigger_points),
                    "placement": technique.placement.text,
                    "cues": " ".join(cue.text for cue in technique.cues) or None,
                    "nerve_sensation": technique.nerve_sensation.text,
                    "sources": _keys(*(step.sources for step in steps.values())),
                }
            )
            for name, step in steps.items():
                cited("technique_id", technique_id, name, step.sources)
        for number, caution in enumerate(muscle.cautions, start=1):
            caution_id = f"{muscle.id}-caution-{number}"
            rows["cautions"].append(
                {
                    "id": caution_id,
                    "muscle_id": muscle.id,
                    "text": _words(caution.text),
                    "sources": list(caution.sources),
                }
            )
            cited("caution_id", caution_id, "text", caution.sources)
    for flag in data.rules.red_flags:
        rows["red_flags"].append(
            {
                "id": flag.id,
                "level": flag.urgency,
                "group": flag.group,
                "question": _words(flag.question),
                "sign": _words(flag.sign),
                "why": _words(flag.why),
                "sources": list(flag.sources),
            }
        )
        cited("red_flag_id", flag.id, "sign", flag.sources)
    cited_keys = {row["source_id"] for row in cite} | {
        key for table in rows.values() for row in table for key in row.get("sources", [])
    }
    for source in sorted(data.sources.values(), key=lambda s: s.key):
        if source.key not in cited_keys:
            continue  # a source only the finder's test cases cite
        address = str(source.url) if source.url else f"https://doi.org/{source.doi}"
        rows["sources"].append(
            {
                "id": source.key,
                "kind": source.kind,
                "authors": source.authors,
                "year": source.year,
                "title": source.citation,
                "link": address,
            }
        )
    return rows


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


def body_svg(geom: Geometry, name: str) -> bytes:
    """One body view as unknot draws it: the outline, every region (id and side), the muscles' outlines and the
    trigger points and acupoints at their coordinates (the person's right side), each named by its id."""
    view = geom.views[name]
    x, y, width, height = view.view_box
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:g} {y:g} {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" role="img" aria-labelledby="title">',
        f'<title id="title">unknot body drawing, {name} view (CC BY 4.0)</title>',
        f"<desc>Drawn by unknot. Ids are those of the dataset (regions.csv, muscles.csv, trigger_points.csv, "
        f"acupoint_links.csv). {escape(view.scale.measure)}: {view.scale.units_per_cm:g} units per cm.</desc>",
        f'<path id="outline" d="{view.outline}" fill="#f4efe8" stroke="#555" stroke-width="1"/>',
        '<g id="regions" fill="none" stroke="#9aa" stroke-width="0.5">',
    ]
    for shape in view.regions:
        side = f"-{shape.side}" if shape.side else ""
        side_attr = f' data-side="{shape.side}"' if shape.side else ""
        lines.append(f'<path id="region-{shape.id}{side}" data-region="{shape.id}"{side_attr} d="{shape.path}"/>')
    lines.append('</g>\n<g id="muscles" fill="#c9675d" fill-opacity="0.25" stroke="#a3473e" stroke-width="0.6">')
    for muscle_id, outline in view.muscles.items():
        lines.append(f'<path id="muscle-{muscle_id}" data-muscle="{muscle_id}" data-side="right" d="{outline}"/>')
    lines.append('</g>\n<g id="trigger-points" fill="#7a1f16">')
    for point_id, xy in view.trigger_points.items():
        lines.append(f'<circle id="tp-{point_id}" data-trigger-point="{point_id}" cx="{xy.x:g}" cy="{xy.y:g}" r="3"/>')
    lines.append('</g>\n<g id="acupoints" fill="none" stroke="#1f5f5b" stroke-width="1">')
    for code, xy in view.acupoints.items():
        lines.append(f'<circle id="acupoint-{code}" data-acupoint="{code}" cx="{xy.x:g}" cy="{xy.y:g}" r="2.5"/>')
    lines.append("</g>\n</svg>\n")
    return "\n".join(lines).encode("utf-8")


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
                {
                    "name": f"body-{name}",
                    "type": "file",
                    "path": f"body-{name}.svg",
                    "format": "svg",
                    "mediatype": "image/svg+xml",
                    "title": f"The body drawing, {name} view",
                    "description": f"unknot's own drawing of the {name} view: regions, muscle outlines, trigger "
                    "points and acupoints, each by its id; the coordinate space of x and y in the tables.",
                }
                for name in VIEWS
            ),
            {
                "name": "json-edition",
                "type": "file",
                "path": JSON_EDITION,
                "format": "json",
                "mediatype": "application/json",
                "title": "The same records as JSON",
                "description": "Every table's rows under its name, lists as arrays.",
            },
        ],
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
