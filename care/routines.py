"""Routines: the handout's default, one built from the finder's result, and a person's own."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from atlas import finder
from care.door import Need, Patient
from care.models import DEFAULT_SECONDS, MAX_SECONDS, MIN_SECONDS, READY_ALLOWANCE, Routine, RoutineStep
from clinical.content import content
from clinical.marks import Mark
from clinical.sides import BOTH_SIDES_AT_ONCE as BOTH_SIDES_AT_ONCE


@dataclass(frozen=True)
class StepPlan:
    muscle: str
    side: str  # "left", "right" or "" (both at once)
    seconds: int = DEFAULT_SECONDS


FIRST_RANKS = 3  # the handout: "start with the three main neck muscles", in its order
# After those, the places in the order that asks least of a person: go on sitting, then stand at the wall,
# and lie down last.
PLACE_ORDER = ("seated", "standing", "wall", "side-lying", "floor")
QUICK_SECONDS = 600  # the quick routine, get-ready included


def position_of(step: StepPlan) -> str:
    return content().muscles[step.muscle].content.techniques[0].position


def by_position(steps: list[StepPlan], keep_first: int = 0) -> list[StepPlan]:
    """The same steps, ordered so the person changes place as few times as possible and never goes back to a
    place: chair, standing, wall, lying on the side, floor (PLACE_ORDER). Within a place the first
    `keep_first` steps (the handout's "start here" areas) come first, and the order otherwise stays (a stable
    sort), so a muscle's two sides stay together."""
    order = {place: i for i, place in enumerate(PLACE_ORDER)}
    ranked = sorted(
        enumerate(steps), key=lambda item: (order.get(position_of(item[1]), len(order)), item[0] >= keep_first)
    )
    return [step for _index, step in ranked]


def length_seconds(steps: list[StepPlan]) -> int:
    """How long a session of these steps takes, getting into position included."""
    return sum(step.seconds + READY_ALLOWANCE for step in steps)


def handout_plan() -> list[StepPlan]:
    """The handout's areas, each side its own step, grouped by place (chair, wall, floor) so a person moves as
    little as possible and never back; in each place #1 to #3 come first, as the handout says to start there."""
    steps: list[StepPlan] = []
    first = 0
    for rank, group in content().key_areas():
        for info in group:
            sides = [""] if info.id in BOTH_SIDES_AT_ONCE else ["right", "left"]
            steps.extend(StepPlan(info.id, side) for side in sides)
            if rank <= FIRST_RANKS:
                first = len(steps)
    return by_position(steps, keep_first=first)


def quick_plan(marks: list[Mark] | None = None) -> list[StepPlan]:
    """At most ten minutes, get-ready included: the areas of the person's last finder answer if there is
    one, or else the handout's #1 to #3 on both sides; each area shortened to fit, never under the minimum,
    and areas dropped from the end when even that does not fit."""
    if marks:
        steps = finder_plan(marks)
    else:
        steps = [
            StepPlan(info.id, side)
            for rank, group in content().key_areas()
            if rank <= FIRST_RANKS
            for info in group
            for side in (["right", "left"] if info.id not in BOTH_SIDES_AT_ONCE else [""])
        ]
        steps = by_position(steps)
    return _within_quick(steps)


def rested_plan(worked: Mapping[tuple[str, str], object]) -> list[StepPlan]:
    """On a rest day, the handout's areas that have rested 48 hours (never the ones worked since), as many as
    fit the quick routine's ten minutes at their usual length; empty when every area still needs rest."""
    rested = [step for step in handout_plan() if not _worked(worked, step)]
    return rested[: QUICK_SECONDS // (DEFAULT_SECONDS + READY_ALLOWANCE)]


def plan_query(steps: list[StepPlan]) -> list[tuple[str, str]]:
    """The player's ?muscle= values that make this plan again (muscles_plan)."""
    return [("muscle", f"{step.muscle}:{step.side}" if step.side else step.muscle) for step in steps]


def _worked(worked: Mapping[tuple[str, str], object], step: StepPlan) -> bool:
    return any(m == step.muscle and (s == step.side or "" in (s, step.side)) for m, s in worked)


def _within_quick(steps: list[StepPlan]) -> list[StepPlan]:
    while steps:
        seconds = min(DEFAULT_SECONDS, (QUICK_SECONDS - READY_ALLOWANCE * len(steps)) // len(steps))
        if seconds >= MIN_SECONDS:
            return [StepPlan(step.muscle, step.side, seconds) for step in steps]
        steps = steps[:-1]
    return steps


def finder_plan(marks: list[Mark] | list[str], answers: dict[str, bool] | None = None) -> list[StepPlan]:
    """The top muscles the finder names for these marks and follow-up answers, on the sides it names."""
    areas = finder.session_areas(finder.rank(marks, answers=answers))
    return by_position([StepPlan(muscle, side) for muscle, side in areas])


def muscles_plan(values: list[str]) -> list[StepPlan] | None:
    """Muscles by id, each on the side named ("trapezius:left") or on both sides; None if one is unknown."""
    muscles = content().muscles
    steps: list[StepPlan] = []
    for value in values:
        muscle, _sep, side = value.partition(":")
        if muscle not in muscles or side not in {"", "left", "right"}:
            return None
        both = [""] if muscle in BOTH_SIDES_AT_ONCE else ["right", "left"]
        sides = [side] if side and muscle not in BOTH_SIDES_AT_ONCE else both
        steps.extend(StepPlan(muscle, s) for s in sides if StepPlan(muscle, s) not in steps)
    return steps or None


def check_plan(steps: list[StepPlan]) -> list[StepPlan]:
    """Refuses a plan a person could not safely follow, with a message that says what to change."""
    if not steps:
        raise ValidationError(_("Choose at least one area."))
    muscles = content().muscles
    seen: set[tuple[str, str]] = set()
    for step in steps:
        if step.muscle not in muscles:
            raise ValidationError(_("“%(muscle)s” is not a muscle in the atlas.") % {"muscle": step.muscle})
        if step.side not in {"left", "right", ""}:
            raise ValidationError(_("A side must be left, right or both at once."))
        if not MIN_SECONDS <= step.seconds <= MAX_SECONDS:
            raise ValidationError(
                _(
                    "Each area takes between %(min)d and %(max)d seconds: the handout says no more than a couple of minutes."
                )
                % {"min": MIN_SECONDS, "max": MAX_SECONDS}
            )
        key = (step.muscle, step.side)
        if key in seen or (step.side == "" and any(m == step.muscle for m, _s in seen)):
            raise ValidationError(
                _("%(muscle)s appears twice for the same side: one area gets at most two minutes a session.")
                % {"muscle": muscles[step.muscle].label}
            )
        if step.side and (step.muscle, "") in seen:
            raise ValidationError(_("%(muscle)s appears twice.") % {"muscle": muscles[step.muscle].label})
        seen.add(key)
    return steps


@transaction.atomic
def save_routine(patient: Patient, name: str, steps: list[StepPlan], routine: Routine | None = None) -> Routine:
    """Creates or replaces a routine's steps in one transaction: a bad plan changes nothing."""
    # a new routine may be given (a practitioner will assign one); changing the person's own is theirs alone
    patient.require(Need.ASSIGN if routine is None else Need.EDIT)
    check_plan(steps)
    if "\x00" in (name or ""):
        raise ValidationError(_("A routine's name cannot contain that character. Please type it again."))
    name = (name or "").strip()[:80] or _("My routine")
    if routine is None:
        routine = Routine.objects.create(owner=patient.person, name=name)
    else:
        routine = patient.routines().select_for_update().filter(pk=routine.pk, clinic__isnull=True).first()
        if routine is None:  # not theirs, or their practitioner's (which only the clinic changes)
            raise Http404("No such routine.")
        routine.name = name
        routine.save()
        routine.steps.all().delete()
    RoutineStep.objects.bulk_create(
        RoutineStep(routine=routine, position=index, muscle=s.muscle, side=s.side, seconds=s.seconds)
        for index, s in enumerate(steps)
    )
    return routine


def plan_of(routine: Routine) -> list[StepPlan]:
    return [StepPlan(step.muscle, step.side, step.seconds) for step in routine.steps.all()]
