"""The finder: which muscles' trigger points refer pain to the places a person marks.

A mark is a region id of vocabulary.json with an optional side ("temple:left"). Referred pain is mostly
on the same side as its trigger point, so a result names the side to work.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinical.content import Content, MuscleInfo, content
from clinical.marks import Mark, UnknownRegion, parse_marks, valid_marks
from clinical.regions import PHRASES
from clinical.schema import Question, TriggerPoint
from clinical.sides import BOTH_SIDES_AT_ONCE, YOURS
from clinical.timing import DEFAULT_SECONDS, session_minutes

ESSENTIAL = 2  # where a trigger point's pain usually is
SPILLOVER = 1  # where it sometimes spreads
MOST = 2  # the place that hurts most counts this many times: it is usually in the essential zone
OTHER_POINTS = 0.5  # how much the marks that only a muscle's other trigger points explain add
# A follow-up answer nudges, never decides: a boost lifts a close second past the first, a damping lowers a
# muscle without hiding it. An answer never hides a warning, but one that may be a red-flag sign raises one
# (content/questions.toml `may_indicate`, clinical.triage).
EFFECTS = {"boost": 1.3, "damp": 0.85}
QUESTIONS_AT_MOST = 2
NEAR_TOP = 3  # a question is asked only about the muscles at the top of the list


class UnknownAnswer(ValueError):
    """Answers that are not QUESTION_ID:yes or QUESTION_ID:no for a known question."""

    def __init__(self, answers: list[str], valid: list[str]):
        super().__init__(f"unknown answers: {', '.join(answers)}")
        self.answers = answers
        self.valid = valid


def valid_answers(data: Content | None = None) -> list[str]:
    data = data or content()
    questions = data.questions.questions if data.questions else []
    return [f"{q.id}:{value}" for q in questions for value in ("yes", "no")]


def parse_answers(values: list[str], data: Content | None = None) -> dict[str, bool]:
    """`QUESTION_ID:yes|no` values as {question id: yes?}; raises UnknownAnswer naming the bad ones."""
    valid = valid_answers(data)
    bad = [value for value in values if value.strip() not in valid]
    if bad:
        raise UnknownAnswer(bad, valid)
    return {value.strip().partition(":")[0]: value.strip().endswith(":yes") for value in values}


def answer_query(answers: Mapping[str, bool]) -> list[tuple[str, str]]:
    """The answers as the query of a link (`answer=chew:yes`), so that they travel with the marks."""
    return [("answer", f"{qid}:{'yes' if yes else 'no'}") for qid, yes in answers.items()]


def questions_for(results: list["Result"], data: Content | None = None) -> list[Question]:
    """The follow-up questions worth asking: those that tell apart muscles at the top of the list, at most two.

    Pass the results ranked without answers, so answering a question does not take it away."""
    data = data or content()
    top = {result.muscle.id for result in results[:NEAR_TOP]}
    asked = [q for q in (data.questions.questions if data.questions else []) if all(top & set(g) for g in q.asked_when)]
    return asked[:QUESTIONS_AT_MOST]


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


SESSION_MUSCLES = 4  # a session from the finder works its top four muscles


def session_areas(ranked: list[Result]) -> list[tuple[str, str]]:
    """The areas (muscle, side) a session from this answer works: the top muscles, on the sides marked, each
    side its own area ("" for a muscle worked on both sides at once)."""
    areas: list[tuple[str, str]] = []
    for result in ranked[:SESSION_MUSCLES]:
        if result.muscle.id in BOTH_SIDES_AT_ONCE:
            sides = [""]
        elif result.side in (None, "both"):
            sides = ["right", "left"]
        else:
            sides = [str(result.side)]
        areas.extend((result.muscle.id, side) for side in sides)
    return areas


def session_size(ranked: list[Result]) -> tuple[int, int]:
    """How many muscles a session from this answer works, and about how many minutes it takes."""
    areas = session_areas(ranked)
    return len({muscle for muscle, _side in areas}), session_minutes([DEFAULT_SECONDS] * len(areas))


def rank(
    marks: list[Mark] | list[str],
    data: Content | None = None,
    most: Mark | None = None,
    answers: dict[str, bool] | None = None,
) -> list[Result]:
    """Muscles whose trigger points refer pain to the marks, best first, each with its reasons.

    Essential zones weigh twice spillover. One trigger point's own pattern counts in full; marks that only
    the muscle's other points explain count half, so a muscle whose several points' zones add up does not
    beat one whose single pattern fits the marks. Then a muscle explaining more marks ranks higher; ties go
    to the handout's order (seed_rank), then the vocabulary's. `most`, one of the marks, is where it hurts
    most; it counts twice, since the essential zone is where a trigger point's pain is usually strongest.
    `answers` to the follow-up questions ({id: yes?}) boost or damp the muscles their cited effects name.
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
    answered = _answered(answers or {}, data)
    for result in results:
        said = []
        for answer in answered:
            if result.muscle.id in answer.muscles:
                result.score = round(result.score * EFFECTS[answer.effect])
                if answer.effect == "boost" and answer.reason:
                    said.append(answer.reason)
        result.reasons = _reasons(result.essential, result.spillover, result.side, result.trigger_point)
        result.reasons[-1:-1] = said
    results.sort(key=lambda r: (-r.score, -r.explained, r.muscle.seed_rank or 99, r.muscle.order))
    return results


def _answered(answers: dict[str, bool], data: Content) -> list:
    questions = {q.id: q for q in data.questions.questions} if data.questions else {}
    effects = [getattr(questions[qid], "yes" if yes else "no") for qid, yes in answers.items() if qid in questions]
    return [effect for effect in effects if effect]


def summary(count: int) -> str:
    return ngettext("%(count)d muscle may be involved.", "%(count)d muscles may be involved.", count) % {"count": count}


__all__ = [
    "Mark",
    "Result",
    "UnknownAnswer",
    "UnknownRegion",
    "answer_query",
    "parse_answers",
    "parse_marks",
    "questions_for",
    "rank",
    "valid_answers",
    "valid_marks",
]
