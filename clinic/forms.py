from django import forms
from django.utils.translation import gettext_lazy as _

from access.models import Clinic, Membership
from clinic import overlay
from clinical.content import content


class ClinicForm(forms.Form):
    name = forms.CharField(label=_("Clinic name"), max_length=120, help_text=_("As your patients know it."))

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the clinic a name."))
        return name


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Their email address"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.PRACTITIONER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class AssignForm(forms.Form):
    practitioner = forms.TypedChoiceField(label=_("Practitioner"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: object, members: list[Membership], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["practitioner"].choices = [("", _("No one yet"))] + [  # type: ignore[attr-defined]
            (member.person_id, member.display_name or member.person.email) for member in members
        ]


class AddPatientForm(forms.Form):
    """A new patient entry: the name the practitioner will search for, and where to send the link (optional)."""

    label = forms.CharField(
        label=_("Patient's name"),
        max_length=120,
        help_text=_("As you will search for them. Only your clinic sees it."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Give the patient a name you will recognise.")},
    )
    email = forms.EmailField(
        label=_("Their email address (optional)"),
        required=False,
        help_text=_("We send them the link, with nothing about their health. Or show them the QR code."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: object, needs_name: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if needs_name:  # the patient will see who invites them: the member's name is asked once, here
            self.fields["display_name"] = DisplayNameForm.base_fields["display_name"]
            self.order_fields(["display_name", "label", "email"])

    def clean_display_name(self) -> str:
        return DisplayNameForm.clean_display_name(self)  # type: ignore[arg-type]

    def clean_label(self) -> str:
        label = " ".join(self.cleaned_data["label"].split())
        if not label:
            raise forms.ValidationError(_("Give the patient a name you will recognise."))
        return label


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name as patients see it"),
        max_length=120,
        help_text=_("Shown when a patient joins and when they check who opened their record."),
        error_messages={"required": _("Write your name as your patients know you.")},
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Write your name as your patients know you."))
        return name


class JoinForm(forms.Form):
    """The patient's consent, with the age unknot is for until a guardian can consent for a younger person."""

    old_enough = forms.BooleanField(
        label=_("I am 16 or older"),
        error_messages={"required": _("unknot is for people aged 16 and over for now.")},
    )


class VideoLinksForm(forms.Form):
    """The clinic's default video link for each muscle and each video topic of the handout: https only, optional."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        muscles = content().muscles
        for key in overlay.link_keys():
            kind, _sep, name = key.partition(":")
            label = muscles[name].label if kind == "muscle" else _("Handout video: %(topic)s") % {"topic": topic(name)}
            self.fields[key] = forms.URLField(label=label, max_length=500, required=False, assume_scheme="https")

    def clean(self) -> dict:
        data = super().clean() or {}
        for key, value in list(data.items()):
            try:
                data[key] = overlay.check_video_url(value or "")
            except forms.ValidationError as error:
                self.add_error(key, error)
        return data

    def muscle_fields(self) -> list:
        return [self[key] for key in self.fields if key.startswith("muscle:")]

    def topic_fields(self) -> list:
        return [self[key] for key in self.fields if key.startswith("topic:")]


def topic(slug: str) -> str:
    """The handout topic a key's slug names."""
    return next((name for name in overlay.topics() if overlay.topic_key(name) == f"topic:{slug}"), slug)


class ClinicSettingsForm(forms.ModelForm):
    """What the owner sets for the whole clinic: the paper its handouts are printed on."""

    class Meta:
        model = Clinic
        fields = ["paper"]
        labels = {"paper": _("Paper size for printed handouts")}
        help_texts = {"paper": _("The print button offers the other size too.")}
        widgets = {"paper": forms.RadioSelect}
