"""allauth's account forms in unknot's words: labels a person understands, and the right autocomplete hints so a
phone fills in the address and offers to save the password."""

from typing import Any

from allauth.account.forms import (
    AddEmailForm,
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
    SignupForm,
)
from django import forms
from django.utils.translation import gettext_lazy as _

NEW_PASSWORD_HELP = _("At least 10 characters. Not a common password, not only numbers, and not like your email.")


def _plain(form: forms.Form, labels: dict[str, Any], autocomplete: dict[str, str]) -> None:
    for name, label in labels.items():
        if name in form.fields:
            field = form.fields[name]
            field.label = label
            field.widget.attrs.pop("placeholder", None)
            if name in ("password", "oldpassword"):
                field.help_text = ""  # allauth's "Forgot your password?" link: the page has its own
            if name == "password1":  # the validators' four sentences, said once and plainly
                field.help_text = NEW_PASSWORD_HELP
            if name in autocomplete:
                field.widget.attrs["autocomplete"] = autocomplete[name]


class UnknotLoginForm(LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(
            self,
            {"login": _("Email address"), "password": _("Password"), "remember": _("Keep me signed in on this device")},
            {"login": "email", "password": "current-password"},
        )


class UnknotSignupForm(SignupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(
            self,
            {
                "email": _("Email address"),
                "password1": _("Choose a password"),
                "password2": _("The same password again"),
            },
            {"email": "email", "password1": "new-password", "password2": "new-password"},
        )


class UnknotResetPasswordForm(ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self, {"email": _("Your email address")}, {"email": "email"})


class UnknotResetPasswordKeyForm(ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(
            self,
            {"password1": _("New password"), "password2": _("The same password again")},
            {"password1": "new-password", "password2": "new-password"},
        )


class UnknotChangePasswordForm(ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(
            self,
            {
                "oldpassword": _("Your password now"),
                "password1": _("New password"),
                "password2": _("The same new password again"),
            },
            {"oldpassword": "current-password", "password1": "new-password", "password2": "new-password"},
        )


class UnknotAddEmailForm(AddEmailForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self, {"email": _("New email address")}, {"email": "email"})
