"""Loads, validates and serves unknot's clinical content from the version-controlled files in content/.

The content changes with a release, not at run time: it is read once, checked against the schema and
cross-referenced (regions, sources, acupoints, trigger points), then served from memory.
"""

import hashlib
import json
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from django.conf import settings
from pydantic import BaseModel, ValidationError

from clinical.holds import hold_problems
from clinical.schema import Acupoint, Muscle, Questions, Safety, Source, Triage

# Where a text says "call <the emergency number>"; filled per person (clinical.emergency).
EMERGENCY_PLACEHOLDER = "{emergency}"

# Regions the body has only one of; every other region may be marked left or right.
MIDLINE_REGIONS = frozenset({"vertex"})
SIDES = ("left", "right")


class ContentError(Exception):
    """A content file is malformed; the message names the file, the entry and the field."""


@dataclass(frozen=True)
class Region:
    id: str
    label: str
    view: str
    sided: bool


@dataclass(frozen=True)
class MuscleInfo:
    """A muscle's content and its place in the handout (seed_rank) and in the vocabulary."""

    content: Muscle
    label: str
    core: bool
    seed_rank: int | None
    order: int

    @property
    def id(self) -> str:
        return self.content.id


@dataclass(frozen=True)
class SourceGroup:
    slug: str
    label: str  # a muscle's label; the other groups are named by the page
    sources: list[Source]


@dataclass(frozen=True)
class Content:
    regions: dict[str, Region]
    muscles: dict[str, MuscleInfo]
    acupoints: dict[str, Acupoint]
    sources: dict[str, Source]
    safety: Safety | None
    trigger_points: dict[str, tuple[str, int]] = field(default_factory=dict)
    triage: Triage | None = None
    questions: Questions | None = None

    @property
    def rules(self) -> Safety:
        """The safety content: always there in a release (only a partial draft review may lack it)."""
        if self.safety is None:
            raise ContentError("safety.toml is missing")
        return self.safety

    def muscle_for_alias(self, name: str) -> str | None:
        """The id of the muscle a short name ("scm") stands for, if any."""
        return next((info.id for info in self.muscles.values() if name in info.content.aliases), None)

    def key_areas(self) -> list[tuple[int, list[MuscleInfo]]]:
        """The handout's numbered areas: muscles grouped by seed_rank (#6 is two muscles, #7 the bonus chest)."""
        groups: dict[int, list[MuscleInfo]] = {}
        for info in self.muscles.values():
            if info.seed_rank is not None:
                groups.setdefault(info.seed_rank, []).append(info)
        return sorted(groups.items())

    def extended_muscles(self) -> list[MuscleInfo]:
        return [info for info in self.muscles.values() if not info.core]

    def sources_of(self, model: BaseModel) -> list[Source]:
        """The sources a piece of content cites, in citation order."""
        keys = {key for _, key in _source_keys(model.model_dump(), "")}
        return sorted((self.sources[key] for key in keys), key=lambda source: source.citation.lower())

    def source_groups(self) -> list[SourceGroup]:
        """Every source, grouped by what cites it (worked out once: the content does not change)."""
        return self._source_groups

    @cached_property
    def _source_groups(self) -> list[SourceGroup]:
        """Every source, grouped by what cites it: the guide and safety, each muscle, the acupoints, and
        the finder checks (sources only the tests' presentations cite). A source may sit in several groups."""
        guide = {s.key: s for part in (self.safety, self.triage) if part for s in self.sources_of(part)}
        groups = [SourceGroup("guide", "", sorted(guide.values(), key=lambda source: source.citation.lower()))]
        groups += [SourceGroup(info.id, info.label, self.sources_of(info.content)) for info in self.muscles.values()]
        acupoint_keys = {key for point in self.acupoints.values() for _, key in _source_keys(point.model_dump(), "")}
        groups.append(SourceGroup("acupoints", "", [self.sources[key] for key in sorted(acupoint_keys)]))
        cited = {source.key for group in groups for source in group.sources}
        rest = sorted((s for s in self.sources.values() if s.key not in cited), key=lambda s: s.citation.lower())
        groups.append(SourceGroup("finder-checks", "", rest))
        return groups


def _location(error: Mapping[str, Any]) -> str:
    return ".".join(str(part) if not isinstance(part, int) else f"[{part}]" for part in error["loc"]).replace(".[", "[")


def _parse[M: BaseModel](model: type[M], path: Path, data: dict) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(f"{_location(e)}: {e['msg']}" for e in exc.errors())
        raise ContentError(f"{path}: {details}") from None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: not valid TOML: {exc}") from None


def _source_keys(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Yields (where, key) for every source list found anywhere inside a model dump."""
    if isinstance(value, dict):
        for name, inner in value.items():
            if name == "sources":
                for index, key in enumerate(inner):
                    yield f"{where}.sources[{index}]", key
            else:
                yield from _source_keys(inner, f"{where}.{name}" if where else name)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _source_keys(inner, f"{where}[{index}]")


def load(directory: Path | None = None, partial: bool = False) -> Content:
    """Reads and checks every content file; raises ContentError naming the file, entry and field.

    partial=True skips missing muscle files and safety.toml (for reviewing a draft of some muscles)."""
    root = Path(directory or settings.CONTENT_DIR)
    vocabulary = json.loads((root / "vocabulary.json").read_text(encoding="utf-8"))
    regions = {
        item["id"]: Region(item["id"], item["label"], item["view"], item["id"] not in MIDLINE_REGIONS)
        for item in vocabulary["regions"]
    }

    sources: dict[str, Source] = {}
    for path in sorted((root / "sources").glob("*.toml")):
        source = _parse(Source, path, {"key": path.stem, **_read_toml(path)})
        if source.url is None and source.doi is None:
            raise ContentError(f"{path}: a source needs a url or a doi")
        sources[source.key] = source

    acupoints: dict[str, Acupoint] = {}
    for path in sorted((root / "acupoints").glob("*.toml")):
        acupoint = _parse(Acupoint, path, {"code": path.stem, **_read_toml(path)})
        acupoints[acupoint.code] = acupoint

    safety_path = root / "safety.toml"
    safety = _parse(Safety, safety_path, _read_toml(safety_path)) if not partial or safety_path.exists() else None
    if safety:
        _check_safety(safety, safety_path)
    triage_path = root / "triage.toml"
    triage = _parse(Triage, triage_path, _read_toml(triage_path)) if not partial or triage_path.exists() else None
    if triage:
        _check_triage(triage, triage_path, regions)

    vocabulary_muscles = [(m, True) for m in vocabulary["muscles"]["core"]] + [
        (m, False) for m in vocabulary["muscles"]["extended"]
    ]
    known_ids = {m["id"] for m, _ in vocabulary_muscles}
    for path in (root / "muscles").glob("*.toml"):
        if path.stem not in known_ids:
            raise ContentError(f"{path}: '{path.stem}' is not a muscle id of vocabulary.json")

    muscles: dict[str, MuscleInfo] = {}
    trigger_points: dict[str, tuple[str, int]] = {}
    for order, (item, core) in enumerate(vocabulary_muscles):
        path = root / "muscles" / f"{item['id']}.toml"
        if not path.exists():
            if partial:
                continue
            raise ContentError(f"{path}: missing: every muscle of vocabulary.json needs a content file")
        muscle = _parse(Muscle, path, _read_toml(path))
        if muscle.id != item["id"]:
            raise ContentError(f"{path}: id: '{muscle.id}' does not match the file name '{item['id']}'")
        for index, caution in enumerate(muscle.cautions):  # a caution names the number to call as {emergency}
            if "{" in caution.text.replace(EMERGENCY_PLACEHOLDER, "") or "999" in caution.text:
                raise ContentError(
                    f"{path}: cautions[{index}]: say {EMERGENCY_PLACEHOLDER}, not a number or another placeholder"
                )
        for index, point in enumerate(muscle.trigger_points):
            entry = f"trigger_points[{index}] ({point.id})"
            if point.id in trigger_points:
                raise ContentError(f"{path}: {entry}.id: used twice")
            if not point.id.startswith(f"{muscle.id}-"):
                raise ContentError(f"{path}: {entry}.id: must start with '{muscle.id}-'")
            trigger_points[point.id] = (muscle.id, index)
            for kind in ("essential", "spillover", "tingling"):
                for region in getattr(point.referral, kind):
                    if region not in regions:
                        raise ContentError(f"{path}: {entry}.referral.{kind}: unknown region '{region}'")
            overlap = set(point.referral.essential) & set(point.referral.spillover)
            if overlap:
                raise ContentError(f"{path}: {entry}.referral: {sorted(overlap)} both essential and spillover")
            for link in point.acupoints:
                if link.code not in acupoints:
                    raise ContentError(f"{path}: {entry}.acupoints: '{link.code}' has no file in content/acupoints")
        own_points = {point.id for point in muscle.trigger_points}
        for index, technique in enumerate(muscle.techniques):
            for point_id in technique.trigger_points:
                if point_id not in own_points:
                    raise ContentError(
                        f"{path}: techniques[{index}].trigger_points: unknown trigger point '{point_id}'"
                    )
        held = [problem for index, t in enumerate(muscle.techniques) for problem in hold_problems(muscle.id, index, t)]
        if held:
            raise ContentError("the picture would hold the body otherwise than the words:\n" + "\n".join(held))
        for where, key in _source_keys(muscle.model_dump(), ""):
            if key not in sources:
                raise ContentError(f"{path}: {where}: unknown source '{key}'")
        for alias in muscle.aliases:
            taken = alias in known_ids or any(alias in other.content.aliases for other in muscles.values())
            if taken or alias in muscle.aliases[: muscle.aliases.index(alias)]:
                raise ContentError(f"{path}: aliases: '{alias}' is already a muscle's id or alias")
        muscles[muscle.id] = MuscleInfo(muscle, item["label"], core, item.get("seed_rank"), order)

    for code, acupoint in acupoints.items():
        for where, key in _source_keys(acupoint.model_dump(), ""):
            if key not in sources:
                raise ContentError(f"{root / 'acupoints' / code}.toml: {where}: unknown source '{key}'")
    questions_path = root / "questions.toml"
    questions = None
    if not partial or questions_path.exists():
        questions = _parse(Questions, questions_path, _read_toml(questions_path))
        _check_questions(questions, questions_path, muscles, partial)
        if triage:
            _check_answer_rules(questions, triage, safety, questions_path, triage_path)
    for path, part in ((safety_path, safety), (triage_path, triage), (questions_path, questions)):
        for where, key in _source_keys(part.model_dump() if part else {}, ""):
            if key not in sources:
                raise ContentError(f"{path}: {where}: unknown source '{key}'")

    _check_weight(root, muscles, acupoints, safety, sources, questions)
    return Content(regions, muscles, acupoints, sources, safety, trigger_points, triage, questions)


def clinical_claims(
    muscles: Mapping[str, MuscleInfo],
    acupoints: Mapping[str, Acupoint],
    safety: Safety | None,
    questions: Questions | None = None,
) -> Iterator[tuple[str, str, str, list[str]]]:
    """Every clinical claim as (file, entry, claim, its sources): a referral pattern, a location, a caution,
    a trigger point's acupoint pair, a red flag, a follow-up answer's effect."""
    for muscle_id, info in muscles.items():
        where = f"muscles/{muscle_id}.toml"
        for index, point in enumerate(info.content.trigger_points):
            entry = f"trigger_points[{index}] ({point.id})"
            yield where, f"{entry}.find", point.find.text, point.find.sources
            regions = ", ".join(point.referral.essential + point.referral.spillover)
            yield where, f"{entry}.referral", f"refers to {regions}", point.referral.sources
            for link in point.acupoints:
                yield where, f"{entry}.acupoints ({link.code})", f"pairs with {link.code}", link.sources
        for index, caution in enumerate(info.content.cautions):
            yield where, f"cautions[{index}]", caution.text, caution.sources
        for name in ("keeps_coming_back", "stretch"):
            claim = getattr(info.content, name)
            if claim:
                yield where, name, claim.text, claim.sources
    for code, acupoint in acupoints.items():
        yield f"acupoints/{code}.toml", "location", acupoint.location.text, acupoint.location.sources
    for flag in safety.red_flags if safety else []:
        yield "safety.toml", f"red_flags ({flag.id})", flag.question, flag.sources
    for name in ("what_self_massage_can_do", "whole_body_factors"):
        claim = getattr(safety, name, None)
        if claim:
            yield "safety.toml", name, claim.text, claim.sources
    for question in questions.questions if questions else []:
        for value in ("yes", "no"):
            answer = getattr(question, value)
            if answer:
                claim = f"'{value}' to {question.id} {answer.effect}s {', '.join(answer.muscles)}"
                yield "questions.toml", f"questions ({question.id}).{value}", claim, answer.sources


def _check_weight(
    root: Path,
    muscles: Mapping[str, MuscleInfo],
    acupoints: Mapping[str, Acupoint],
    safety: Safety | None,
    sources: Mapping[str, Source],
    questions: Questions | None = None,
) -> None:
    """A lay source may add a tip, but a clinical claim must also cite at least one source of weight."""
    problems = [
        f"{root / where}: {entry}: rests on lay sources alone ({', '.join(keys)}): {claim[:80]!r}"
        for where, entry, claim, keys in clinical_claims(muscles, acupoints, safety, questions)
        if not any(sources[key].of_weight for key in keys if key in sources)
    ]
    if problems:
        raise ContentError("\n".join(problems))


def _check_safety(safety: Safety, path: Path) -> None:
    """Every flag sits in a known group; no id is used twice, counting retired ones (ids are never reused)."""
    groups = {group.id for group in safety.groups}
    seen: set[str] = set()
    for index, flag in enumerate(safety.red_flags):
        if flag.group not in groups:
            raise ContentError(f"{path}: red_flags[{index}] ({flag.id}).group: unknown group '{flag.group}'")
        for part in flag.parts:
            if part.id in seen or part.id == flag.id:
                raise ContentError(f"{path}: red_flags[{index}] ({flag.id}).parts: '{part.id}' used twice")
            seen.add(part.id)
        if flag.id in seen:
            raise ContentError(f"{path}: red_flags[{index}].id: '{flag.id}' used twice")
        seen.add(flag.id)
    for index, retired in enumerate(safety.retired_flags):
        if retired.id in seen:
            raise ContentError(f"{path}: retired_flags[{index}].id: '{retired.id}' is still in use or used twice")
        if retired.retired_in > safety.red_flag_version:
            raise ContentError(f"{path}: retired_flags[{index}].retired_in: later than red_flag_version")
        seen.add(retired.id)
    empty = groups - {flag.group for flag in safety.red_flags}
    if empty:
        raise ContentError(f"{path}: groups: {sorted(empty)} have no red flags")
    if safety.phone_lines and not any(line.kind == "emergency" for line in safety.phone_lines):
        raise ContentError(f"{path}: phone_lines: no emergency number")
    for index, flag in enumerate(safety.red_flags):
        for name in ("question", "sign", "why"):
            text = getattr(flag, name)
            if "{" in text.replace(EMERGENCY_PLACEHOLDER, ""):
                raise ContentError(f"{path}: red_flags[{index}] ({flag.id}).{name}: unknown placeholder")


def _check_questions(questions: Questions, path: Path, muscles: Mapping[str, MuscleInfo], partial: bool) -> None:
    """Ids are unique and every muscle named is one of the atlas's (a draft review may lack some)."""
    ids = [question.id for question in questions.questions]
    for index, question in enumerate(questions.questions):
        entry = f"questions[{index}] ({question.id})"
        if ids.count(question.id) > 1:
            raise ContentError(f"{path}: {entry}.id: used twice")
        named = [("asked_when", m) for group in question.asked_when for m in group]
        named += [(value, m) for value in ("yes", "no") for m in getattr(getattr(question, value), "muscles", [])]
        for where, muscle in named:
            if muscle not in muscles and not partial:
                raise ContentError(f"{path}: {entry}.{where}: unknown muscle '{muscle}'")


def _check_answer_rules(
    questions: Questions, triage: Triage, safety: Safety | None, questions_path: Path, triage_path: Path
) -> None:
    """Every red flag a follow-up answer may indicate has a warning keyed on that answer, so that answering
    raises it wherever a start begins; every answer a warning is keyed on can be given."""
    flags = {flag.id for flag in safety.red_flags} if safety else None
    answers = {f"{q.id}:{value}" for q in questions.questions for value in ("yes", "no") if getattr(q, value)}
    for index, rule in enumerate(triage.warnings):
        entry = f"warnings[{index}] ({rule.id})"
        for answer in rule.answers:
            if answer not in answers:
                raise ContentError(f"{triage_path}: {entry}.answers: '{answer}' is not an answer of questions.toml")
        if rule.flag and flags is not None and rule.flag not in flags:
            raise ContentError(f"{triage_path}: {entry}.flag: '{rule.flag}' is not a red flag of safety.toml")
    for index, question in enumerate(questions.questions):
        for value in ("yes", "no"):
            answer = getattr(question, value)
            for flag in answer.may_indicate if answer else []:
                entry = f"questions[{index}] ({question.id}).{value}.may_indicate"
                if flags is not None and flag not in flags:
                    raise ContentError(f"{questions_path}: {entry}: '{flag}' is not a red flag of safety.toml")
                key = f"{question.id}:{value}"
                if not any(key in rule.answers and rule.flag == flag for rule in triage.warnings):
                    raise ContentError(
                        f"{questions_path}: {entry}: '{flag}' has no warning in triage.toml keyed on this answer "
                        f'(answers = ["{key}"], flag = "{flag}")'
                    )


def _check_triage(triage: Triage, path: Path, regions: dict[str, Region]) -> None:
    ids = [rule.id for rule in triage.warnings]
    for index, rule in enumerate(triage.warnings):
        entry = f"warnings[{index}] ({rule.id})"
        if ids.count(rule.id) > 1:
            raise ContentError(f"{path}: {entry}.id: used twice")
        for pattern in (p for group in rule.when for p in group):
            region, _sep, side = pattern.partition(":")
            if region not in regions or (side and not regions[region].sided):
                raise ContentError(f"{path}: {entry}.when: unknown place '{pattern}'")
        for other in rule.supersedes:
            if other not in ids or other == rule.id:
                raise ContentError(f"{path}: {entry}.supersedes: unknown warning '{other}'")


@cache
def content_version() -> str:
    """A short fingerprint of the content files, so caches never mix two releases' pages."""
    digest = hashlib.sha256()
    for path in sorted(Path(settings.CONTENT_DIR).rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def content() -> Content:
    """The content of this release, loaded once per process."""
    return load()
