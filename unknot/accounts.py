"""Accounts: sign-in limits per account and client address that answer 429 with a plain message and, when the
account itself is throttled, offer a sign-in code by email; account emails sent through the task queue; and a
sign-up that takes as long whether or not the address is known.

Mail and codes are limited per address in the shared cache (allauth's rate-limit store, the same rows the
sign-in limits use, so every process and server agrees), keyed by the address hashed with the site's secret:
at most a few account mails an hour to one address, a few codes a day, and a few wrong codes a day across
codes, after which the address takes no code until the next day and its owner is told once. Every limit
applies to an address whether or not it has an account, and a mail held back looks the same as one sent."""

import secrets
from collections.abc import Callable
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import ConfirmEmailVerificationCodeForm, ConfirmLoginCodeForm, RequestLoginCodeForm
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from allauth.core.internal.cryptokit import compare_user_code
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.forms import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from unknot import devices, limits, mail
from unknot.views import too_many_requests

# Per address, whatever asked for the mail: "mail" counts every mail a visitor can make unknot send (sign-up
# codes, sign-in codes, "you already have an account", "there is no account", reset links), "code" the sign-up
# codes sent, "wrong_code" wrong sign-up codes typed.
ADDRESS_LIMITS = {"mail": "3/h/key", "code": "6/d/key", "wrong_code": "10/d/key"}
CODE_MAILS = {"account/email/email_confirmation_signup", "account/email/email_confirmation"}
RESET_MAIL = "account/email/password_reset_key"
LOGIN_CODE_MAIL = "account/email/login_code"
VISITOR_MAILS = CODE_MAILS | {
    RESET_MAIL,
    LOGIN_CODE_MAIL,
    "account/email/account_already_exists",
    "account/email/unknown_account",
}
# Mails that get the owner in: from a device they signed in on, strangers' use of the address's share does not
# hold them back.
WAYS_IN = {RESET_MAIL, LOGIN_CODE_MAIL}
LOCKED_FOR = 24 * 3600
LOCKED_MAIL = "account/email/codes_locked"


def address_key(email: str) -> str:
    """An address as the limits know it: hashed with the site's secret, so the cache never holds it."""
    return salted_hmac("unknot.accounts.address", email.strip().lower(), algorithm="sha256").hexdigest()


def within_limit(action: str, email: str) -> bool:
    """Counts one more `action` for the address; False when the address has had its share."""
    request = allauth_context.request
    if request is None:
        return True
    usage = ratelimit.consume(
        request, app="unknot", action=action, config=ADDRESS_LIMITS, key=address_key(email), limit_get=True
    )
    return bool(usage)


def codes_locked(email: str) -> bool:
    return bool(cache.get(f"unknot:codes-locked:{address_key(email)}"))


def lock_codes(email: str) -> None:
    """No code is taken for the address until tomorrow; its owner gets one mail saying so."""
    if cache.add(f"unknot:codes-locked:{address_key(email)}", True, LOCKED_FOR):
        adapter = AccountAdapter()
        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request)}
        mail.queue(adapter.render_mail(LOCKED_MAIL, email, context))


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many tries. To keep your account safe, please wait a few minutes and try again."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        if template_prefix in CODE_MAILS and (codes_locked(email) or not within_limit("code", email)):
            return  # the page says the same as when the code goes
        # Strangers can use up an address's mail; its owner, on a device they signed in on, still gets a reset
        # link or a sign-in code.
        owner = template_prefix in WAYS_IN and devices.is_known(request, email)
        if template_prefix in VISITOR_MAILS and not owner and not within_limit("mail", email):
            return
        full = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        mail.queue(self.render_mail(template_prefix, email, full))

    def send_account_already_exists_mail(self, email: str) -> None:
        # Hash a password as a new sign-up would, so the answer takes as long whether or not the address
        # has an account.
        make_password(secrets.token_urlsafe(16))
        super().send_account_already_exists_mail(email)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # The account alone (allauth adds the Host header, port and all, which a visitor chooses).
        return str(credentials.get("email", credentials.get("username", ""))).lower()

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Counts a password check against three limits before it is made: per client address (any account),
        per account from this address, and per account from all addresses. Past the last one only a sign-in
        code emailed to the owner gets in (the throttled page offers it), so failures from elsewhere never
        lock the owner out. An account that does not exist is counted the same."""
        login = self._get_login_attempts_cache_key(request, **credentials)
        per_address = ratelimit.consume(request, app="allauth.account", action="login_failed")
        per_account = per_address and limits.consume(login, "password", password_limits(request))
        if not per_account:
            if per_address:
                per_address.rollback()
            request.throttled = "password"  # type: ignore[attr-defined]  # read by ThrottledMiddleware
            raise self.validation_error("too_many_login_attempts")
        self._login_failed_rl_usage = per_address
        self._account_rl_usage = per_account

    def _rollback_login_failed_rl_usage(self) -> None:
        # The right password: its check was no failure.
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_rl_usage", None)
        if usage:
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        # After a password reset (which proves the mailbox, and has limits of its own) the old password's
        # failures no longer count against the account.
        limits.clear(self._get_login_attempts_cache_key(request, **credentials), "password")


def password_limits(request: HttpRequest) -> dict[str, str]:
    return {
        f"from:{limits.tag('address', limits.client_address(request))}": "login_failed_from_address",
        "any": "login_failed",
    }


def code_limits(request: HttpRequest) -> dict[str, str]:
    return {
        f"from:{limits.tag('address', limits.client_address(request))}": "login_code_from_address",
        "any": "login_code",
    }


class ThrottledMiddleware:
    """Turns a throttled sign-in into a 429 page that says what to do."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "throttled", None):
            return too_many_requests(request)
        return response


class EmailCodeForm(ConfirmEmailVerificationCodeForm):
    """The six-digit code from the sign-up email: a number pad on phones, filled in from the message. Wrong codes
    count per address across codes; past the day's share the address takes no code, not even the right one."""

    error_messages = {
        "not_digits": _("Please type the 6 digits from the email, with no spaces or letters."),
        "locked": _(
            "Too many wrong codes have been typed for this address today, so to keep it safe we are not taking "
            "codes for it until tomorrow. Please try again then."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("The 6-digit code from the email")
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "pattern": "[0-9]*", "maxlength": "6", "placeholder": "123456"}
        )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise ValidationError(self.error_messages["not_digits"], code="not_digits")
        email = self.email or ""
        if codes_locked(email):
            raise ValidationError(self.error_messages["locked"], code="locked")
        if not compare_user_code(actual=code, expected=self.expected_code) and not within_limit("wrong_code", email):
            lock_codes(email)
            raise ValidationError(self.error_messages["locked"], code="locked")
        self.cleaned_data["code"] = code
        return super().clean_code()


def _numeric_code_field(form: Any, label: Any) -> None:
    form.fields["code"].label = label
    form.fields["code"].widget.attrs.update(
        {
            "inputmode": "numeric",
            "pattern": "[0-9]*",
            "maxlength": "6",
            "placeholder": "123456",
            "autocomplete": "one-time-code",
        }
    )


class LoginCodeRequestForm(RequestLoginCodeForm):
    """Asks for a sign-in code by email, within limits of its own per account from one address and from all
    (each code is an email to the owner). The answer is the same whether or not the account exists."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].widget.attrs.pop("placeholder", None)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_email(self) -> str:
        email = super().clean_email()
        request = allauth_context.request
        # From a device the owner signed in on, only this address's own share counts: the account-wide share,
        # which strangers from several addresses can use up, does not keep the owner out.
        wanted = code_limits(request)
        if devices.is_known(request, email):
            wanted = {key: limit for key, limit in wanted.items() if key != "any"}
        if email and not limits.consume(email, "code", wanted):
            request.throttled = "code"  # read by ThrottledMiddleware
            raise get_adapter().validation_error("too_many_login_attempts")
        return email


class LoginCodeForm(ConfirmLoginCodeForm):
    """The six-digit sign-in code from the email."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _numeric_code_field(self, _("The 6-digit code from the email"))
