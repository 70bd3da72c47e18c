"""The routine editors: one form per area (muscle, side, seconds) in a Django formset whose order is a number per
row, so the order is kept without a script. The person's own editor (this module) and the practitioner's, which
adds a note and a video link per area (care.assigning_forms), are the same formset."""

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.forms import formset_factory
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from care.models import DEFAULT_SECONDS, MAX_SECONDS, MIN_SECONDS
from care.plain_time import duration
from care.routines import StepPlan
from clinical.content import content
from clinical.sides import BOTH_SIDES_AT_ONCE

SECONDS_CHOICES = [30, 45, 60, 75, 90, 105, 120]  # the editor's choices; the limit is two minutes
TIME_LIMIT = _("Each area takes between 15 and 120 seconds: the handout says no more than a couple of minutes.")
SIDES = [("right", _("Right side")), ("left", _("Left side")), ("", _("Both sides at once"))]
# At most 40 areas; a post that claims more rows is never built past one more than that (a forged row count
# would otherwise make the page build and show every row it names).
MAX_AREAS = 40
SIDE_WORDS = {"right": _("right side"), "left": _("left side"), "": _("both sides at once")}


class RoutineNameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Plain words instead of Django's "Null characters are not allowed."
        name = self.fields["name"]
        name.validators = [v for v in name.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        name.validators.append(
            ProhibitNullCharactersValidator(_("A name cannot contain that character. Please type it again."))
        )


def _seconds(value: object) -> int | None:
    try:
        seconds = int(str(value))
    except (TypeError, ValueError):
        return None
    return seconds if MIN_SECONDS <= seconds <= MAX_SECONDS else None


class StepForm(forms.Form):
    """One area: a muscle, the side and the time. A row left as it came (no muscle) is no area."""

    muscle = forms.ChoiceField(label=_("Muscle"), required=False)
    # The empty row's own defaults are what a browser sends for it untouched (its selects' first or chosen
    # option), so an untouched row counts as unchanged and is left out.
    side = forms.ChoiceField(label=_("Side"), choices=SIDES, required=False, initial="right")
    seconds = forms.TypedChoiceField(
        label=_("Time"),
        coerce=int,
        initial=DEFAULT_SECONDS,
        choices=[(value, duration(value)) for value in SECONDS_CHOICES],
        error_messages={"invalid_choice": TIME_LIMIT},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        muscles = [(info.id, info.label) for info in content().muscles.values()]
        self.fields["muscle"].choices = [("", _("Choose a muscle")), *muscles]  # type: ignore[attr-defined]
        # A time the routine already has (a finder's 20 seconds) stays choosable, within the handout's limits.
        kept = {_seconds(self.initial.get("seconds")), _seconds(self.data.get(self.add_prefix("seconds")))}
        extra = sorted(value for value in kept if value is not None and value not in SECONDS_CHOICES)
        if extra:
            self.fields["seconds"].choices = [  # type: ignore[attr-defined]
                (value, duration(value)) for value in sorted([*SECONDS_CHOICES, *extra])
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [name for name in self.changed_data if name not in {"muscle", "ORDER", "DELETE"}]
        if not data.get("muscle") and filled and not data.get("DELETE"):
            self.add_error("muscle", _("Choose a muscle for this area, or tick “Take out”."))
        return data

    def label(self) -> str:
        """The row's name: its muscle and side, as chosen (or as it came)."""
        muscle = self["muscle"].value()
        info = content().muscles.get(str(muscle or ""))
        if info is None:
            return str(_("Add an area"))
        if info.id in BOTH_SIDES_AT_ONCE:
            return str(info.label)
        side = str(self["side"].value() or "")
        return f"{info.label}, {SIDE_WORDS.get(side, SIDE_WORDS[''])}"

    def plan_step(self) -> StepPlan:
        data = self.cleaned_data
        side = "" if data["muscle"] in BOTH_SIDES_AT_ONCE else data.get("side") or ""
        return StepPlan(data["muscle"], side, data["seconds"])


class BaseStepFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list[forms.Form]:
        """The rows with a muscle, in the order asked for (the order numbers; ties keep the rows' order)."""
        return [form for form in self.ordered_forms if form.cleaned_data.get("muscle")]

    def plan(self) -> list[StepPlan]:
        return [form.plan_step() for form in self.filled_forms()]  # type: ignore[attr-defined]

    def refuse(self, reasons: list[str]) -> None:
        """A plan the handout would not allow, said above the areas (every row keeps what was typed)."""
        self._non_form_errors = self.error_class(reasons)

    def _position(self, form: forms.Form) -> int:
        raw = form["ORDER"].value()
        try:
            return int(raw)
        except (TypeError, ValueError):
            return 10_000  # no number (the empty row): last

    def rows(self) -> list[forms.Form]:
        """The rows as the person ordered them, for the page (a re-shown form keeps its new order)."""
        return [form for _key, form in sorted(((self._position(f), i), f) for i, f in enumerate(self.forms))]

    def moved(self, move: str) -> QueryDict:
        """The submitted data with one row moved a place up or down ("3:up", by the row's number in the form),
        every row given its new position: the editor without scripts shows itself again in the new order."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        ordered = [form.prefix for form in self.rows()]
        index, _sep, direction = move.partition(":")
        prefix = self.add_prefix(index)
        if prefix in ordered and direction in {"up", "down"}:
            at = ordered.index(prefix)
            to = at - 1 if direction == "up" else at + 1
            if 0 <= to < len(ordered):
                ordered[at], ordered[to] = ordered[to], ordered[at]
        for position, row in enumerate(ordered, start=1):
            data[f"{row}-ORDER"] = str(position)
        return data

    def with_another_row(self) -> QueryDict:
        """The submitted data with one more empty row at the end."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        data[self.add_prefix("TOTAL_FORMS")] = str(min(len(self.forms) + 1, self.max_num or 1))
        return data


class OwnStepFormSet(BaseStepFormSet):
    ordering_widget = forms.HiddenInput  # "Move up" and "Move down" set it, never typed


def areas_formset[F: forms.BaseFormSet](form: type[StepForm], formset: type[F]) -> type[F]:
    """A formset of areas as both editors show it: one empty row to add, order and "Take out" on each, at most
    MAX_AREAS kept and a forged row count refused past one more."""
    return formset_factory(  # type: ignore[return-value]
        form,
        formset=formset,
        extra=1,
        can_order=True,
        can_delete=True,
        max_num=MAX_AREAS,
        validate_max=True,
        absolute_max=MAX_AREAS + 1,
    )


StepFormSet = areas_formset(StepForm, OwnStepFormSet)


def plan_rows(plan: list[StepPlan]) -> list[dict]:
    """A plan as the formset's first rows, numbered in order."""
    return [{"muscle": s.muscle, "side": s.side, "seconds": s.seconds, "ORDER": n} for n, s in enumerate(plan, start=1)]
