"""The practitioner's routine editor: one form per area (muscle, side, seconds, note, video link) in a Django
formset whose order is a number per row (no script needed), and how often."""

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from care.assigned import AssignedStep, check_video_url
from care.forms import SECONDS_CHOICES, TIME_LIMIT
from care.models import DEFAULT_SECONDS, INTERVAL_DAYS
from care.plain_time import duration
from clinical.content import content
from clinical.sides import BOTH_SIDES_AT_ONCE

SIDES = [("right", _("Right side")), ("left", _("Left side")), ("", _("Both sides at once"))]


class IntervalForm(forms.Form):
    interval_days = forms.TypedChoiceField(
        label=_("How often"),
        coerce=int,
        choices=[
            (days, _("Every %(days)s days") % {"days": days}) for days in range(INTERVAL_DAYS[0], INTERVAL_DAYS[1] + 1)
        ],
        initial=INTERVAL_DAYS[0],
        help_text=_("The handout says every 2 to 3 days: muscles need that long to recover."),
    )


class AreaForm(forms.Form):
    muscle = forms.ChoiceField(label=_("Muscle"))
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
    note = forms.CharField(
        label=_("Your note (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    video_url = forms.URLField(
        label=_("Video link (optional)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("https only. Patients see the website's name and open it outside unknot."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        muscles = [(info.id, info.label) for info in content().muscles.values()]
        self.fields["muscle"].choices = [("", _("Choose a muscle")), *muscles]  # type: ignore[attr-defined]

    def clean_video_url(self) -> str:
        return check_video_url(self.cleaned_data.get("video_url") or "")

    def step(self) -> AssignedStep:
        data = self.cleaned_data
        side = "" if data["muscle"] in BOTH_SIDES_AT_ONCE else data.get("side") or ""
        return AssignedStep(data["muscle"], side, data["seconds"], data.get("note", ""), data.get("video_url", ""))


class BaseAreaFormSet(forms.BaseFormSet):
    def steps(self) -> list[AssignedStep]:
        """The filled rows in the practitioner's order (the order numbers; ties keep the rows' order)."""
        return [form.step() for form in self.ordered_forms if form.cleaned_data.get("muscle")]

    def refuse(self, reasons: list[str]) -> None:
        """A plan the handout would not allow, said above the areas (every row keeps what was typed)."""
        self._non_form_errors = self.error_class(reasons)


AreaFormSet: type[BaseAreaFormSet] = formset_factory(  # type: ignore[assignment]
    AreaForm, formset=BaseAreaFormSet, extra=1, can_order=True, can_delete=True
)


def initial_rows(steps: list[AssignedStep]) -> list[dict]:
    return [
        {"muscle": s.muscle, "side": s.side, "seconds": s.seconds, "note": s.note, "video_url": s.video_url}
        for s in steps
    ]
