"""The two steps of saving a guest's session with an email address: the address (with the booked time the summary
proposed), then the code mailed to it."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SaveSessionForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        error_messages={
            "required": _("Enter your email address to save this session."),
            "invalid": _("Enter an email address such as name@example.com."),
        },
    )
    session = forms.UUIDField(widget=forms.HiddenInput)
    time = forms.TimeField(required=False, input_formats=["%H:%M"], widget=forms.HiddenInput)
    time_zone = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class SessionCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("The code from the email"),
        regex=r"^\d{6}$",
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 6}),
        error_messages={
            "required": _("Enter the 6-digit code from the email."),
            "invalid": _("The code is 6 digits, such as 123456."),
        },
    )
