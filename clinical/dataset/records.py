"""The dataset's rows, read from the content and the body geometry: one list of plain values per table, the same
rows the CSV tables and the JSON edition are written from."""

from collections.abc import Iterable, Mapping
from typing import Any

from clinical.body import ViewGeometry
from clinical.content import EMERGENCY_PLACEHOLDER, Content, MuscleInfo
from clinical.dataset.tables import TABLES
from clinical.geometry import Geometry
from clinical.schema import Claim, Motion, Muscle, TriggerPoint

# Where a text names the number to call, the dataset says it in words: numbers differ by country.
EMERGENCY_WORDS = "your local emergency number"

Row = dict[str, Any]


def _words(text: str) -> str:
    return text.replace(EMERGENCY_PLACEHOLDER, EMERGENCY_WORDS)


def _keys(*groups: Iterable[str]) -> list[str]:
    """Source keys in first-cited order, each once."""
    return list(dict.fromkeys(key for group in groups for key in group))


class _Tables:
    """The tables as they fill: rows added in order, and citations.csv's rows for the claims they make."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Row]] = {table.name: [] for table in TABLES}

    def add(self, table: str, row: Row) -> None:
        self.rows[table].append(row)

    def cite(self, column: str, record: str, claims: Mapping[str, Iterable[str]]) -> None:
        """One citation per claim and source key, naming the record (a row's id) in `column`."""
        for claim, keys in claims.items():
            for key in keys:
                citation = {"id": f"{record}/{claim}/{key}", "claim": claim, "source_id": key, column: record}
                self.rows["citations"].append(citation)


def records(data: Content, geom: Geometry) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, keyed by table name, as plain values (lists for list fields)."""
    tables = _Tables()
    tables.rows["regions"] = [
        {"id": r.id, "label": r.label, "view": r.view, "sided": r.sided} for r in data.regions.values()
    ]
    for info in data.muscles.values():
        _muscle(tables, info, geom)
    for flag in data.rules.red_flags:
        row = {
            "id": flag.id,
            "level": flag.urgency,
            "group": flag.group,
            "question": _words(flag.question),
            "sign": _words(flag.sign),
            "why": _words(flag.why),
            "sources": list(flag.sources),
        }
        tables.add("red_flags", row)
        tables.cite("red_flag_id", flag.id, {"sign": flag.sources})
    rows = tables.rows
    cited_keys = {row["source_id"] for row in rows["citations"]} | {
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


def _muscle(tables: _Tables, info: MuscleInfo, geom: Geometry) -> None:
    """A muscle's row, then its trigger points', techniques' and cautions'."""
    muscle = info.content
    claims = {"summary": muscle.summary, "actions": muscle.actions, "posture": muscle.posture}
    claims |= {name: claim for name in ("keeps_coming_back", "stretch") if (claim := getattr(muscle, name))}
    row = {
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
    tables.add("muscles", row)
    tables.cite("muscle_id", muscle.id, {name: claim.sources for name, claim in claims.items()})
    for number, point in enumerate(muscle.trigger_points, start=1):
        _trigger_point(tables, muscle, number, point, geom.views[point.view])
    for number, technique in enumerate(muscle.techniques, start=1):
        technique_id = f"{muscle.id}-technique-{number}"
        steps: dict[str, Claim | Motion] = {"motion": technique.motion, "placement": technique.placement}
        steps |= {f"cue-{n}": cue for n, cue in enumerate(technique.cues, start=1)}
        steps["nerve_sensation"] = technique.nerve_sensation
        row = {
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
        tables.add("techniques", row)
        tables.cite("technique_id", technique_id, {name: step.sources for name, step in steps.items()})
    for number, caution in enumerate(muscle.cautions, start=1):
        caution_id = f"{muscle.id}-caution-{number}"
        row = {"id": caution_id, "muscle_id": muscle.id, "text": _words(caution.text), "sources": list(caution.sources)}
        tables.add("cautions", row)
        tables.cite("caution_id", caution_id, {"text": caution.sources})


def _trigger_point(tables: _Tables, muscle: Muscle, number: int, point: TriggerPoint, view: ViewGeometry) -> None:
    """A trigger point's row, then its referral zones and acupoint links (cited under the trigger point)."""
    xy = view.trigger_points[point.id]
    row = {
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
    tables.add("trigger_points", row)
    tables.cite("trigger_point_id", point.id, {"find": point.find.sources, "referral": point.referral.sources})
    for kind in ("essential", "spillover", "tingling"):
        for region in getattr(point.referral, kind):
            zone = {"trigger_point_id": point.id, "region_id": region, "kind": kind}
            tables.add("referral_zones", zone | {"sources": list(point.referral.sources)})
    for link in point.acupoints:
        at = view.acupoints.get(link.code)
        row = {
            "trigger_point_id": point.id,
            "code": link.code,
            "distance": link.distance,
            "x": at.x if at else None,
            "y": at.y if at else None,
            "sources": list(link.sources),
        }
        tables.add("acupoint_links", row)
        tables.cite("trigger_point_id", point.id, {f"acupoint-{link.code}": link.sources})
