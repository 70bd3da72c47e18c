from django import forms
from django.utils.translation import gettext_lazy as _

from access.models import Membership


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
            (member.person_id, member.person.email) for member in members
        ]
