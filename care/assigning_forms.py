"""The practitioner's routine editor: the person's own editor's formset (care.routine_forms), each area with a
note and a video link, the order a number per row (no script needed), and how often."""

from django import forms
from django.utils.translation import gettext_lazy as _

from care.assigned import AssignedStep
from care.models import INTERVAL_DAYS
from care.routine_forms import BaseStepFormSet, StepForm, areas_formset
from clinic.overlay import check_video_url


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


class AreaForm(StepForm):
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

    def clean_video_url(self) -> str:
        return check_video_url(self.cleaned_data.get("video_url") or "")

    def step(self) -> AssignedStep:
        plan = self.plan_step()
        data = self.cleaned_data
        return AssignedStep(plan.muscle, plan.side, plan.seconds, data.get("note", ""), data.get("video_url", ""))


class BaseAreaFormSet(BaseStepFormSet):
    def steps(self) -> list[AssignedStep]:
        """The filled rows in the practitioner's order (the order numbers; ties keep the rows' order)."""
        return [form.step() for form in self.filled_forms()]  # type: ignore[attr-defined]


AreaFormSet = areas_formset(AreaForm, BaseAreaFormSet)


def initial_rows(steps: list[AssignedStep]) -> list[dict]:
    return [
        {"muscle": s.muscle, "side": s.side, "seconds": s.seconds, "note": s.note, "video_url": s.video_url}
        for s in steps
    ]
