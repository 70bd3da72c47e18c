"""The finder: which muscles' trigger points refer pain to the places a person marks.

A mark is a region id of vocabulary.json with an optional side ("temple:left"). Referred pain is mostly
on the same side as its trigger point, so a result names the side to work.

The likelihood model. Each trigger point's referral pattern says, for every region of the body map, how likely
a person with that trigger point is to mark it: a region of its essential zone (where its pain usually is) with
chance ESSENTIAL, of its spillover zone (where the pain sometimes spreads) with chance SPILLOVER, a region only
the muscle's other trigger points refer to with half of that point's chance (OTHER_POINTS: several points of one
muscle are often active together). A region outside all of the muscle's zones is marked only if its pain comes
from something else: ELSEWHERE, plus REFERRED_BY_OTHERS for every muscle of the content that refers pain there
(`background`). The regions are taken as independent, so

    likelihood(marks | point) = product over marked regions of chance(region)
                              * product over unmarked regions of the point's own zones of (1 - chance(region))

and a muscle's likelihood is that of its trigger point that explains the marks best, among the points whose own
zones take in at least one mark (the content's order breaks ties among its points; that point is the one offered
first). Every muscle is taken as equally likely before the
marks, so the ratios of their likelihoods are their posterior odds, and:

- a mark that few muscles refer to weighs more than one that many do: a muscle that does not refer to a mark
  is multiplied by that region's background, which is small for a region few muscles refer to and larger for
  one that many do (its pain then easily comes from one of them);
- a muscle whose pattern the marks cover more completely ranks above one only partly covered: each essential
  region left unmarked multiplies its likelihood by 1 - ESSENTIAL, each spillover region by 1 - SPILLOVER.

`most`, one of the marks, is where it hurts most: its region's chance is counted a second time, since a trigger
point's pain is usually strongest in its essential zone. An answer to a follow-up question multiplies the
likelihood of the muscles its cited effect names by a likelihood ratio (EFFECTS), smaller than the ratio between
an essential and a spillover region: an answer tells apart muscles the marks fit about equally well and never
outweighs the marks. Muscles with exactly equal likelihood (the arithmetic is exact, in fractions) are equally
likely: they share a `place`, and nothing (not the handout's order) puts one of them first. Within a place they
are listed in the handout's order, which says nothing about likelihood.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinical.content import Content, MuscleInfo, content
from clinical.marks import Mark, UnknownRegion, parse_marks, valid_marks
from clinical.regions import PHRASES
from clinical.schema import Question, TriggerPoint
from clinical.sides import BOTH_SIDES_AT_ONCE, YOURS
from clinical.timing import DEFAULT_SECONDS, session_minutes

ESSENTIAL = Fraction(2, 5)  # chance that a person with the trigger point marks a region of its essential zone
SPILLOVER = Fraction(1, 8)  # ... a region of its spillover zone
ELSEWHERE = Fraction(1, 100)  # ... a region outside every zone of the muscle, from something else than a muscle
REFERRED_BY_OTHERS = Fraction(1, 200)  # ... and more for each other muscle that refers pain there
OTHER_POINTS = Fraction(1, 2)  # a region only the muscle's other trigger points refer to: their chance, halved
# A follow-up answer nudges, never decides: a likelihood ratio below ESSENTIAL / SPILLOVER. An answer never
# hides a muscle nor a warning, but one that may be a red-flag sign raises one (content/questions.toml
# `may_indicate`, clinical.triage).
EFFECTS = {"boost": Fraction(2), "damp": Fraction(1, 2)}
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
    """The follow-up questions worth asking, at most two: first those whose answer tells apart the muscles tied
    in first place, then those that tell apart muscles at the top of the list.

    Asked from the ranking before any answer (`Result.fit`), so answering a question does not take it away."""
    data = data or content()
    before = sorted(results, key=lambda result: -result.fit)
    top = {result.muscle.id for result in before if _place(before, result.fit) <= NEAR_TOP}
    questions = data.questions.questions if data.questions else []
    tied = first_tie(before)
    separating = [q for q in questions if separates(q, tied)]
    near = [q for q in questions if q not in separating and all(top & set(g) for g in q.asked_when)]
    return (separating + near)[:QUESTIONS_AT_MOST]


def first_tie(results: list["Result"]) -> set[str]:
    """The muscles that share first place before any answer, when more than one does."""
    if not results:
        return set()
    best = max(result.fit for result in results)
    tied = {result.muscle.id for result in results if result.fit == best}
    return tied if len(tied) > 1 else set()


def separates(question: Question, muscles: set[str]) -> bool:
    """Whether some answer to the question moves some of these muscles and not the others."""
    return any(
        answer and muscles & set(answer.muscles) and muscles - set(answer.muscles)
        for answer in (question.yes, question.no)
    )


def _place(ranked: list["Result"], fit: Fraction) -> int:
    return 1 + sum(1 for result in ranked if result.fit > fit)


@dataclass
class Result:
    muscle: MuscleInfo
    likelihood: Fraction  # of the marks (and the answers), given this muscle
    fit: Fraction  # likelihood of the marks alone, before any answer
    essential: list[Mark]
    spillover: list[Mark]
    trigger_point: TriggerPoint
    side: str | None
    place: int = 1  # 1 + the number of muscles more likely: equally likely muscles share it
    score: int = 100  # likelihood as a percentage of the first place's
    reasons: list[str] = field(default_factory=list)

    @property
    def explained(self) -> int:
        return len(self.essential) + len(self.spillover)


def _zone(point: TriggerPoint, region: str) -> Fraction | None:
    if region in point.referral.essential:
        return ESSENTIAL
    if region in point.referral.spillover:
        return SPILLOVER
    return None


def _chance(
    point: TriggerPoint, points: list[TriggerPoint], region: str, elsewhere: Mapping[str, Fraction]
) -> Fraction:
    """How likely a person with this trigger point is to mark the region."""
    own = _zone(point, region)
    if own is not None:
        return own
    others = [chance for other in points if (chance := _zone(other, region)) is not None]
    return max(max(others) * OTHER_POINTS, elsewhere[region]) if others else elsewhere[region]


def background(data: Content | None = None) -> dict[str, Fraction]:
    """How likely each region is marked when a muscle does not refer pain there: from no muscle of the content
    (ELSEWHERE), or from one of the other muscles that do (REFERRED_BY_OTHERS for each of them)."""
    data = data or content()
    return {
        region: ELSEWHERE
        + REFERRED_BY_OTHERS
        * sum(
            any(region in p.referral.essential or region in p.referral.spillover for p in info.content.trigger_points)
            for info in data.muscles.values()
        )
        for region in data.regions
    }


def likelihood(
    point: TriggerPoint,
    points: list[TriggerPoint],
    regions: set[str],
    elsewhere: Mapping[str, Fraction],
    most: str | None = None,
) -> Fraction:
    """How likely a person with this trigger point (of a muscle with these points) is to mark exactly these regions;
    `elsewhere` is the `background` of the content."""
    value = Fraction(1)
    for region in regions:
        value *= _chance(point, points, region, elsewhere)
    value *= (1 - ESSENTIAL) ** len(set(point.referral.essential) - regions)
    value *= (1 - SPILLOVER) ** len(set(point.referral.spillover) - regions)
    if most is not None:
        value *= _chance(point, points, most, elsewhere)
    return value


def join_words(phrases: list[str]) -> str:
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
        reasons.append(_("Often refers pain to %(places)s.") % {"places": join_words(regions(essential))})
    if spillover:
        reasons.append(_("Sometimes spreads pain to %(places)s.") % {"places": join_words(regions(spillover))})
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
    """Muscles whose trigger points refer pain to the marks, most likely first, each with its reasons and place.

    The likelihood model is in this module's docstring. `most`, one of the marks, is where it hurts most.
    `answers` to the follow-up questions ({id: yes?}) multiply the likelihood of the muscles their cited effects
    name; each result keeps its `fit` before them, from which `questions_for` chooses the questions."""
    data = data or content()
    marks = [mark for mark in marks if isinstance(mark, Mark)] or parse_marks([str(m) for m in marks], data)
    regions = {mark.region for mark in marks}
    worst = most.region if most is not None and most in marks else None
    answered = _answered(answers or {}, data)
    elsewhere = background(data)
    results: list[Result] = []
    for info in data.muscles.values():
        points = info.content.trigger_points
        essential = [m for m in marks if any(m.region in p.referral.essential for p in points)]
        spillover = [m for m in marks if m not in essential and any(m.region in p.referral.spillover for p in points)]
        if not essential and not spillover:
            continue
        # Only a trigger point whose own zones take in a mark can be the one behind them.
        own = [p for p in points if regions & (set(p.referral.essential) | set(p.referral.spillover))]
        fits = [likelihood(point, points, regions, elsewhere, worst) for point in own]
        fit = max(fits)
        first = own[fits.index(fit)]  # the content's order breaks ties among a muscle's points
        value = fit
        said = []
        for answer in answered:
            if info.id in answer.muscles:
                value *= EFFECTS[answer.effect]
                if answer.effect == "boost" and answer.reason:
                    said.append(answer.reason)
        sides = {mark.side for mark in essential + spillover if mark.side}
        side = sides.pop() if len(sides) == 1 else ("both" if sides else None)
        result = Result(info, value, fit, essential, spillover, first, side)
        result.reasons = _reasons(essential, spillover, side, first)
        result.reasons[-1:-1] = said
        results.append(result)
    # Within a place, the handout's order, then the vocabulary's: a way to list them, not a ranking.
    results.sort(key=lambda r: (-r.likelihood, r.muscle.seed_rank or 99, r.muscle.order))
    for result in results:
        result.place = 1 + sum(1 for other in results if other.likelihood > result.likelihood)
        result.score = round(100 * result.likelihood / results[0].likelihood)
    return results


def places(results: list[Result]) -> list[list[Result]]:
    """The results grouped by place: each group's muscles are equally likely."""
    groups: list[list[Result]] = []
    for result in results:
        if groups and groups[-1][0].place == result.place:
            groups[-1].append(result)
        else:
            groups.append([result])
    return groups


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
    "background",
    "first_tie",
    "join_words",
    "likelihood",
    "parse_answers",
    "parse_marks",
    "places",
    "questions_for",
    "rank",
    "separates",
    "valid_answers",
    "valid_marks",
]
