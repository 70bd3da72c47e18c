"""The finder: which muscles' trigger points refer pain to the places a person marks.

A mark is a region id of vocabulary.json with an optional side ("temple:left"). Referred pain is mostly
on the same side as its trigger point, so a result names the side to work.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinical.content import Content, MuscleInfo, content
from clinical.marks import Mark, UnknownRegion, parse_marks, valid_marks
from clinical.regions import PHRASES
from clinical.schema import TriggerPoint
from clinical.sides import YOURS

ESSENTIAL = 2  # where a trigger point's pain usually is
SPILLOVER = 1  # where it sometimes spreads
MOST = 2  # the place that hurts most counts this many times: it is usually in the essential zone
OTHER_POINTS = 0.5  # how much the marks that only a muscle's other trigger points explain add


@dataclass
class Result:
    muscle: MuscleInfo
    score: int  # tenths of the ranking weight
    essential: list[Mark]
    spillover: list[Mark]
    trigger_point: TriggerPoint
    side: str | None
    reasons: list[str] = field(default_factory=list)

    @property
    def explained(self) -> int:
        return len(self.essential) + len(self.spillover)


def _weight(point: TriggerPoint, region: str) -> int:
    if region in point.referral.essential:
        return ESSENTIAL
    if region in point.referral.spillover:
        return SPILLOVER
    return 0


def _match(point: TriggerPoint, marks: list[Mark], most: Mark | None = None) -> int:
    return sum(_weight(point, mark.region) * (MOST if mark == most else 1) for mark in marks)


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
    where = YOURS.get(side or "")
    if where:
        reasons.append(_("Try first: %(point)s, on %(where)s.") % {"point": point.name.lower(), "where": where})
    else:
        reasons.append(_("Try first: %(point)s.") % {"point": point.name.lower()})
    return reasons


def rank(marks: list[Mark] | list[str], data: Content | None = None, most: Mark | None = None) -> list[Result]:
    """Muscles whose trigger points refer pain to the marks, best first, each with its reasons.

    Essential zones weigh twice spillover. One trigger point's own pattern counts in full; marks that only
    the muscle's other points explain count half, so a muscle whose several points' zones add up does not
    beat one whose single pattern fits the marks. Then a muscle explaining more marks ranks higher; ties go
    to the handout's order (seed_rank), then the vocabulary's. `most`, one of the marks, is where it hurts
    most; it counts twice, since the essential zone is where a trigger point's pain is usually strongest.
    """
    data = data or content()
    marks = [mark for mark in marks if isinstance(mark, Mark)] or parse_marks([str(m) for m in marks], data)
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
        combined = sum(max(_weight(point, m.region) for point in points) * (MOST if m == most else 1) for m in marks)
        # The trigger point whose own zones fit the marks best; the content's order breaks ties.
        first = max(points, key=lambda point: (_match(point, marks, most), -points.index(point)))
        best = _match(first, marks, most)
        score = round(10 * (best + OTHER_POINTS * (combined - best)))
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
