"""The finder: which muscles' trigger points refer pain to the places a person marks.

A mark is a region id of vocabulary.json with an optional side ("temple:left"). Referred pain is mostly
on the same side as its trigger point, so a result names the side to work.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atlas.content import SIDES, Content, MuscleInfo, content
from atlas.regions import PHRASES
from atlas.schema import TriggerPoint

ESSENTIAL = 2  # where a trigger point's pain usually is
SPILLOVER = 1  # where it sometimes spreads


class UnknownRegion(ValueError):
    """A mark names no region of the vocabulary, or a side the region does not have."""

    def __init__(self, marks: list[str], valid: list[str]):
        self.marks = marks
        self.valid = valid
        super().__init__(f"unknown region: {', '.join(marks)}")


@dataclass(frozen=True, order=True)
class Mark:
    region: str
    side: str | None = None

    def __str__(self) -> str:
        return f"{self.region}:{self.side}" if self.side else self.region


@dataclass
class Result:
    muscle: MuscleInfo
    score: int
    essential: list[Mark]
    spillover: list[Mark]
    trigger_point: TriggerPoint
    side: str | None
    reasons: list[str] = field(default_factory=list)

    @property
    def explained(self) -> int:
        return len(self.essential) + len(self.spillover)


def parse_marks(values: list[str], data: Content | None = None) -> list[Mark]:
    """Turns "temple:left"-style strings into marks; raises UnknownRegion for anything not in the vocabulary."""
    data = data or content()
    marks: list[Mark] = []
    unknown: list[str] = []
    for value in values:
        region, _sep, side = value.strip().partition(":")
        info = data.regions.get(region)
        if info is None or (side and (side not in SIDES or not info.sided)):
            unknown.append(value)
            continue
        mark = Mark(region, side or None)
        if mark not in marks:
            marks.append(mark)
    if unknown:
        raise UnknownRegion(unknown, valid_marks(data))
    return marks


def valid_marks(data: Content | None = None) -> list[str]:
    data = data or content()
    valid = []
    for region in data.regions.values():
        valid.append(region.id)
        if region.sided:
            valid.extend(f"{region.id}:{side}" for side in SIDES)
    return valid


def _weight(point: TriggerPoint, region: str) -> int:
    if region in point.referral.essential:
        return ESSENTIAL
    if region in point.referral.spillover:
        return SPILLOVER
    return 0


def _join(phrases: list[str]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(phrases[:-1]), "last": phrases[-1]}


def _reasons(essential: list[Mark], spillover: list[Mark], side: str | None, point: TriggerPoint) -> list[str]:
    def regions(marks: list[Mark]) -> list[str]:
        seen: list[str] = []
        for mark in marks:
            if mark.region not in seen:
                seen.append(mark.region)
        return [str(PHRASES[region]) for region in seen]

    reasons = []
    if essential:
        reasons.append(_("Often refers pain to %(places)s.") % {"places": _join(regions(essential))})
    if spillover:
        reasons.append(_("Sometimes spreads pain to %(places)s.") % {"places": _join(regions(spillover))})
    where = {"left": _("your left side"), "right": _("your right side"), "both": _("both sides")}.get(side or "")
    if where:
        reasons.append(_("Try first: %(point)s, on %(where)s.") % {"point": point.name.lower(), "where": where})
    else:
        reasons.append(_("Try first: %(point)s.") % {"point": point.name.lower()})
    return reasons


def rank(marks: list[Mark] | list[str], data: Content | None = None) -> list[Result]:
    """Muscles whose trigger points refer pain to the marks, best first, each with its reasons.

    Essential zones weigh more than spillover; a muscle explaining more marks ranks higher; ties go to the
    handout's order (seed_rank), then the vocabulary's.
    """
    data = data or content()
    if marks and isinstance(marks[0], str):
        marks = parse_marks(marks, data)  # type: ignore[arg-type]
    results: list[Result] = []
    for info in data.muscles.values():
        points = info.content.trigger_points
        essential: list[Mark] = []
        spillover: list[Mark] = []
        for mark in marks:
            best = max(_weight(point, mark.region) for point in points)
            if best == ESSENTIAL:
                essential.append(mark)
            elif best == SPILLOVER:
                spillover.append(mark)
        if not essential and not spillover:
            continue
        score = ESSENTIAL * len(essential) + SPILLOVER * len(spillover)
        # The trigger point that explains most of what was marked; the content's order breaks ties.
        first = max(points, key=lambda point: (sum(_weight(point, m.region) for m in marks), -points.index(point)))
        sides = {mark.side for mark in essential + spillover if mark.side}
        side = sides.pop() if len(sides) == 1 else ("both" if sides else None)
        results.append(Result(info, score, essential, spillover, first, side))
    results.sort(key=lambda r: (-r.score, -r.explained, r.muscle.seed_rank or 99, r.muscle.order))
    for result in results:
        result.reasons = _reasons(result.essential, result.spillover, result.side, result.trigger_point)
    return results


def summary(count: int) -> str:
    return ngettext("%(count)d muscle may be involved.", "%(count)d muscles may be involved.", count) % {"count": count}


__all__ = ["Mark", "Result", "UnknownRegion", "parse_marks", "rank", "valid_marks"]
