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
from care.plain_time import duration
from care.recording import is_recent
from care.routines import BOTH_SIDES_AT_ONCE, DEFAULT_SECONDS, StepPlan
from care.time_zones import grouped_choices
from clinical import ndi
from clinical.content import content
from clinical.marks import parse_marks
from clinical.regions import region_choices
from clinical.sides import LABEL


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


SECONDS_CHOICES = [30, 45, 60, 75, 90, 105, 120]  # the editor's choices; the limit is two minutes
TIME_LIMIT = _("Each area takes between 15 and 120 seconds: the handout says no more than a couple of minutes.")


class RoutineForm(forms.Form):
    """The routine editor: for each muscle, the sides to work, the seconds and the order.

    Bad input keeps everything the person ticked and typed and shows the error at its field; a plan the
    handout would not allow (an area twice, nothing chosen) is refused with a message above the list."""

    name = forms.CharField(label=_("Name"), max_length=80)

    def __init__(self, *args: Any, plan: list | None = None, **kwargs: Any) -> None:

        super().__init__(*args, **kwargs)
        # Plain words instead of Django's "Null characters are not allowed."
        name = self.fields["name"]
        name.validators = [v for v in name.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        name.validators.append(
            ProhibitNullCharactersValidator(_("A name cannot contain that character. Please type it again."))
        )
        chosen: dict[str, dict] = {}
        for position, step in enumerate(plan or []):
            row = chosen.setdefault(step.muscle, {"sides": [], "seconds": step.seconds, "order": position + 1})
            row["sides"].append(step.side or "both")
        self.muscles = list(content().muscles.values())
        for info in self.muscles:
            sides = (
                [("both", _("Both sides at once"))]
                if info.id in BOTH_SIDES_AT_ONCE
                else [(side, LABEL[side]) for side in ("right", "left")]
            )
            initial = chosen.get(info.id, {"sides": [], "seconds": DEFAULT_SECONDS, "order": None})
            for side, label in sides:
                self.fields[f"step-{info.id}-{side}"] = forms.BooleanField(
                    label=label, required=False, initial=side in initial["sides"]
                )
            self.fields[f"seconds-{info.id}"] = forms.TypedChoiceField(
                label=_("Time"),
                choices=[(value, duration(value)) for value in SECONDS_CHOICES],
                coerce=int,
                required=False,
                empty_value=DEFAULT_SECONDS,  # type: ignore[arg-type]  # coerced to int like every choice
                initial=initial["seconds"],
                error_messages={"invalid_choice": TIME_LIMIT},
            )
            # The order is set with "Move up" and "Move down", not typed: a hidden position per muscle.
            self.fields[f"order-{info.id}"] = forms.IntegerField(
                label=_("Order"),
                required=False,
                min_value=1,
                max_value=999,
                initial=initial["order"],
                widget=forms.HiddenInput,
            )

    def _position(self, info_id: str, index: int) -> tuple[int, int]:
        name = f"order-{info_id}"
        raw = self.data.get(name) if self.is_bound else self.fields[name].initial
        try:
            return (int(raw), index) if raw not in (None, "") else (1000, index)
        except (TypeError, ValueError):
            return (1000, index)

    def ordered(self) -> list:
        """The muscles in the order the person set: chosen ones by position, then the rest as listed."""
        return [
            info for _key, info in sorted((self._position(info.id, i), info) for i, info in enumerate(self.muscles))
        ]

    def rows(self) -> list[dict]:
        """The form by muscle, in the person's order, for the template: the side boxes, seconds, position."""
        ordered = self.ordered()
        return [
            {
                "info": info,
                "sides": [self[name] for name in self.fields if name.startswith(f"step-{info.id}-")],
                "seconds": self[f"seconds-{info.id}"],
                "order": self[f"order-{info.id}"],
                "first": index == 0,
                "last": index == len(ordered) - 1,
            }
            for index, info in enumerate(ordered)
        ]

    def moved(self, move: str) -> QueryDict:
        """The submitted data with one muscle moved a place up or down ("trapezius:up"), every muscle given
        its new position: the editor without scripts re-shows itself in the new order, saving nothing."""
        data = QueryDict(mutable=True)
        for key in self.data:
            data.setlist(key, self.data.getlist(key) if isinstance(self.data, QueryDict) else [self.data[key]])
        ordered = [info.id for info in self.ordered()]
        muscle, _sep, direction = move.partition(":")
        if muscle in ordered and direction in {"up", "down"}:
            at = ordered.index(muscle)
            to = at - 1 if direction == "up" else at + 1
            if 0 <= to < len(ordered):
                ordered[at], ordered[to] = ordered[to], ordered[at]
        for position, muscle_id in enumerate(ordered, start=1):
            data[f"order-{muscle_id}"] = str(position)
        return data

    def plan(self) -> list:
        """The chosen steps in the order asked for (the content's order breaks ties). Call after is_valid()."""

        chosen = []
        for index, info in enumerate(self.muscles):
            for name in self.fields:
                if name.startswith(f"step-{info.id}-") and self.cleaned_data.get(name):
                    side = name.rsplit("-", 1)[1]
                    position = self.cleaned_data.get(f"order-{info.id}") or 99
                    seconds = self.cleaned_data[f"seconds-{info.id}"]
                    chosen.append((position, index, StepPlan(info.id, "" if side == "both" else side, seconds)))
        return [step for *_key, step in sorted(chosen, key=lambda item: (item[0], item[1]))]


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
