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
