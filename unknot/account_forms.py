"""allauth's account forms in unknot's words: labels a person understands, and the right autocomplete hints so a
phone fills in the address and offers to save the password."""

from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.forms import (
    AddEmailForm,
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
    SetPasswordForm,
    SignupForm,
)
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from unknot import accounts

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

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            if not accounts.proving_by_code(self.request):
                raise
            # Past the account-wide limit a wrong password (or no account) is answered as a right one is.
            self.user = None
            return self.cleaned_data

    def login(self, request: HttpRequest, redirect_url: str | None = None) -> HttpResponse:
        if getattr(self, "user", None) is not None:
            return super().login(request, redirect_url)
        response = accounts.pretend_code_sent(request, self.cleaned_data["login"])
        remember = account_settings.SESSION_REMEMBER
        if remember is None:
            remember = self.cleaned_data["remember"]
        request.session.set_expiry(account_settings.SESSION_COOKIE_AGE if remember else 0)  # as allauth's login does
        return response


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


class UnknotSetPasswordForm(SetPasswordForm):
    """For an account made by saving a guest's session (no password yet)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(
            self,
            {"password1": _("Choose a password"), "password2": _("The same password again")},
            {"password1": "new-password", "password2": "new-password"},
        )


class UnknotAddEmailForm(AddEmailForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self, {"email": _("New email address")}, {"email": "email"})


# Two-factor sign-in (allauth.mfa): one plain field for the code, which a phone can fill in from the app.
CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "off", "spellcheck": "false"}


def _code_field(form: forms.Form, label: Any, help_text: Any = "") -> None:
    field = form.fields["code"]
    field.label, field.help_text = label, help_text
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(CODE_ATTRS)


class UnknotMFACodeForm(AuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self, _("Code"), _("The 6 digits your authenticator app shows now, or one of your recovery codes."))
        self.fields["code"].widget.attrs["inputmode"] = "text"  # a recovery code has letters too


class UnknotMFAReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self, _("Code"), _("The 6 digits your authenticator app shows now, or one of your recovery codes."))
        self.fields["code"].widget.attrs["inputmode"] = "text"


class UnknotActivateTOTPForm(ActivateTOTPForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self, _("Code from the app"), _("The 6 digits the app shows for unknot."))
