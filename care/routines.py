"""Routines: the handout's default, one built from the finder's result, and a person's own."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from care.models import DEFAULT_SECONDS, MAX_SECONDS, MIN_SECONDS, Routine, RoutineStep
from clinical.content import content
from clinical.marks import Mark

# Muscles worked on both sides at once (two balls in a sock under the skull).
BOTH_SIDES_AT_ONCE = {"suboccipitals"}


@dataclass(frozen=True)
class StepPlan:
    muscle: str
    side: str  # "left", "right" or "" (both at once)
    seconds: int = DEFAULT_SECONDS


def handout_plan() -> list[StepPlan]:
    """The handout's order (#1 trapezius ... bonus pectorals), each side its own step."""
    steps: list[StepPlan] = []
    for _rank, group in content().key_areas():
        for info in group:
            sides = [""] if info.id in BOTH_SIDES_AT_ONCE else ["right", "left"]
            steps.extend(StepPlan(info.id, side) for side in sides)
    return steps


def finder_plan(marks: list[Mark] | list[str]) -> list[StepPlan]:
    """The top muscles the finder names for these marks, on the sides it names."""
    from atlas.finder import rank

    steps: list[StepPlan] = []
    for result in rank(marks)[:4]:
        if result.muscle.id in BOTH_SIDES_AT_ONCE or result.side is None:
            sides = [""] if result.muscle.id in BOTH_SIDES_AT_ONCE else ["right", "left"]
        else:
            sides = ["right", "left"] if result.side == "both" else [result.side]
        steps.extend(StepPlan(result.muscle.id, side) for side in sides)
    return steps


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
def save_routine(owner: User, name: str, steps: list[StepPlan], routine: Routine | None = None) -> Routine:
    """Creates or replaces a routine's steps in one transaction: a bad plan changes nothing."""
    check_plan(steps)
    if "\x00" in (name or ""):
        raise ValidationError(_("A routine's name cannot contain that character. Please type it again."))
    name = (name or "").strip()[:80] or _("My routine")
    if routine is None:
        routine = Routine.objects.create(owner=owner, name=name)
    else:
        routine = Routine.objects.select_for_update().get(pk=routine.pk, owner=owner)
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
