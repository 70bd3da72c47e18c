import datetime
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from care.diary import WORSE
from care.feedback import OBSTACLES, WENT
from care.models import Profile
from care.pain import PAIN_MAX, PAIN_MIN
from care.recording import is_recent
from care.time_zones import grouped_choices
from clinical import ndi
from clinical.marks import parse_marks
from clinical.regions import region_choices


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=grouped_choices,
        widget=forms.Select(attrs={"data-time-zone": ""}),
    )
    reminder_time = forms.TimeField(label=_("Remind me at"), widget=forms.TimeInput(attrs={"type": "time"}))

    class Meta:
        model = Profile
        fields = ["time_zone", "country", "end_signal", "ready_seconds", "spoken_cues", "reminders", "reminder_time"]
        widgets = {"end_signal": forms.RadioSelect, "ready_seconds": forms.RadioSelect}
        labels = {
            "country": _("Where you are, for the emergency numbers we show"),
            "end_signal": _("At the end of each area, give me"),
            "ready_seconds": _("While I get into position"),
        }


class DiaryForm(forms.Form):
    """A pain diary entry: the score, when, where on the body map, what makes it worse, a note."""

    score = forms.TypedChoiceField(
        label=_("How much does it hurt?"),
        choices=[(n, str(n)) for n in range(PAIN_MIN, PAIN_MAX + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how much it hurts, from 0 to 10."),
            "invalid_choice": _("Choose how much it hurts, from 0 to 10."),
        },
    )
    when = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Say when."), "invalid": _("Enter a date and time.")},
    )
    region = forms.MultipleChoiceField(
        label=_("Where"),
        required=False,
        choices=[],
        error_messages={"invalid_choice": _("We don't know the place “%(value)s”. Please tick it again in the list.")},
    )
    worse = forms.MultipleChoiceField(
        label=_("What makes it worse?"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“%(value)s” is not one of the choices. Please tick from the list.")},
    )
    note = forms.CharField(
        label=_("A note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[ProhibitNullCharactersValidator()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:

        super().__init__(*args, **kwargs)
        self.groups = region_choices()
        values = [
            (value, value) for group in self.groups for region in group["regions"] for value, _ in region["sides"]
        ]
        values += [(r["id"], r["id"]) for group in self.groups for r in group["regions"] if not r["sides"]]
        self.fields["region"].choices = values  # type: ignore[attr-defined]
        self.fields["worse"].choices = list(WORSE.items())  # type: ignore[attr-defined]

    def clean_when(self) -> datetime.datetime:

        when = self.cleaned_data["when"]
        if not is_recent(when, timezone.now()):
            raise forms.ValidationError(_("Choose a time in the last 30 days, and not in the future."))
        return when

    def marks(self) -> list:

        return parse_marks(self.cleaned_data["region"])

    def selected(self) -> set[str]:
        """The ticked places, for the body-map list (also when the form comes back with an error)."""
        if self.is_bound and isinstance(self.data, QueryDict):
            return set(self.data.getlist("region"))
        return set(self.initial.get("region", []))


class SessionFeedbackForm(forms.Form):
    went = forms.ChoiceField(choices=[])
    obstacles = forms.MultipleChoiceField(required=False, choices=[], widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, **kwargs: Any) -> None:

        super().__init__(*args, **kwargs)
        self.fields["went"].choices = list(WENT.items())  # type: ignore[attr-defined]
        self.fields["obstacles"].choices = list(OBSTACLES.items())  # type: ignore[attr-defined]


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for the password: a device left signed in is not enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to delete your account.")},
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password. Nothing has been deleted."))
        return password


class DeleteByCodeForm(forms.Form):
    """Deleting an account that has no password: the code mailed to the person's address (care.mailbox_codes)."""

    code = forms.RegexField(
        label=_("The code from the email"),
        regex=r"^\d{6}$",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 6}),
        error_messages={
            "required": _("Enter the 6-digit code from the email to delete your account."),
            "invalid": _("The code is 6 digits, such as 123456."),
        },
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user


class MailboxCodeForm(forms.Form):
    """The code mailed to a person without a password, before their password or addresses change."""

    code = forms.RegexField(
        label=_("The code from the email"),
        regex=r"^\d{6}$",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 6}),
        error_messages={
            "required": _("Enter the 6-digit code from the email."),
            "invalid": _("The code is 6 digits, such as 123456."),
        },
    )


NOT_ANSWERED = "na"  # "I don't drive": counts as unanswered


class NeckQuestionnaireForm(forms.Form):
    """The Neck Disability Index: one radio group per item. One item may be left out (it is scaled); with two or
    more left out the form asks again, unless the person chooses to keep it without a score."""

    without_score = forms.BooleanField(
        label=_("Save it without a score: I can't answer the questions marked above"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ndi.ITEMS:
            choices = [(str(n), text) for n, text in enumerate(item.options)]
            if item.id in ndi.NOT_APPLICABLE:
                choices.append((NOT_ANSWERED, ndi.NOT_APPLICABLE[item.id]))
            self.fields[item.id] = forms.ChoiceField(
                label=str(item.heading),
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the sentences, or leave this one out.")},
            )
        self.order_fields([*ndi.ITEM_IDS, "without_score"])

    def answers(self) -> dict[str, int]:
        """The answered items as item id -> 0-5 (call after is_valid())."""
        return {
            item_id: int(value)
            for item_id in ndi.ITEM_IDS
            if (value := self.cleaned_data.get(item_id)) not in (None, "", NOT_ANSWERED)
        }

    def item_fields(self) -> list[forms.BoundField]:
        return [self[item_id] for item_id in ndi.ITEM_IDS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        result = ndi.score(self.answers())
        if result.total is None and not cleaned.get("without_score"):
            for item_id in result.missing:
                self.add_error(
                    item_id,
                    _("Not answered yet. With two or more questions left out, the questionnaire can't be scored."),
                )
        return cleaned
