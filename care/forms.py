from django import forms
from django.utils.translation import gettext_lazy as _

from care.models import TIME_ZONES, Profile


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=[(zone, zone) for zone in TIME_ZONES],
        widget=forms.Select(attrs={"data-time-zone": ""}),
    )
    reminder_time = forms.TimeField(label=_("Remind me at"), widget=forms.TimeInput(attrs={"type": "time"}))

    class Meta:
        model = Profile
        fields = ["time_zone", "end_signal", "reminders", "reminder_time"]
        widgets = {"end_signal": forms.RadioSelect}
        labels = {"end_signal": _("At the end of each area, give me")}


NONE_OF_THESE = "none"


class SafetyCheckForm(forms.Form):
    """The red flags by body area: tick the signs you have, or "None of these", in every group.

    One sign per checkbox; an error is shown at its own group; nothing is kept until the form is valid."""

    def __init__(self, *args, **kwargs) -> None:
        from clinical.content import content

        super().__init__(*args, **kwargs)
        safety = content().safety
        self.groups = safety.groups
        self.flags = {flag.id: flag for flag in safety.red_flags}
        for group in safety.groups:
            choices = [(flag.id, flag.question) for flag in safety.red_flags if flag.group == group.id]
            self.fields[f"group-{group.id}"] = forms.MultipleChoiceField(
                label=group.title,
                choices=[*choices, (NONE_OF_THESE, _("None of these"))],
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": _("Tick the signs you have, or “None of these”."),
                    "invalid_choice": _("Please choose from the list."),
                },
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, ticked in list(cleaned.items()):
            if NONE_OF_THESE in ticked and len(ticked) > 1:
                self.add_error(name, _("You ticked a sign and “None of these”. Please untick one of them."))
        return cleaned

    def answers(self) -> dict[str, bool]:
        """Every current red flag: yes (True) when ticked, else no."""
        ticked = {flag_id for values in self.cleaned_data.values() for flag_id in values}
        return {flag_id: flag_id in ticked for flag_id in self.flags}

    def ticked(self) -> list:
        answers = self.answers()
        return [flag for flag_id, flag in self.flags.items() if answers[flag_id]]
