"""Accounts: sign-in limits per account and client address that no one but the owner can use to keep the owner
out; account emails sent through the task queue; and a sign-up that takes as long whether or not the address is
known.

Mail is limited per address in the shared cache (allauth's rate-limit store, the same rows the sign-in limits use,
so every process and server agrees), keyed by the address hashed with the site's secret: at most a few mails an
hour to one address from sign-up, reset and codes together. A mail held back looks the same as one sent, and a
code whose mail was held back works for no one, so only codes that reached the owner's inbox can be guessed at (3
tries each), and at most 10 wrong ones a day for an address where a code is all that is asked for (then a day's
lock of those ways, told to the owner once: `lock_codes`). Every limit applies to an address whether or not it has
an account. What strangers cannot use up:
a device the owner signed in on (unknot.devices) takes the password and gets its mail past the strangers' share,
and on a new device the right password, once strangers have used up the account's tries, gets a sign-in code
mailed to the owner (`proving_by_code`), from a share of its own."""

import secrets
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import ConfirmEmailVerificationCodeForm, ConfirmLoginCodeForm, RequestLoginCodeForm
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.models import Login
from allauth.account.stages import LoginByCodeStage, LoginStageController
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from allauth.core.internal.cryptokit import compare_user_code
from allauth.core.internal.httpkit import headed_redirect_response
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.forms import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from access import second_factor
from unknot import devices, limits, mail
from unknot.views import too_many_requests

# Per address, whatever asked for the mail: "mail" counts every mail a visitor can make unknot send (sign-up
# codes, sign-in codes, "you already have an account", "there is no account", reset links, the lock mail below);
# "password_code" the sign-in codes that only the right password asks for (`proving_by_code`), which strangers
# cannot use up. Both are an hour long: nothing a stranger does holds an owner's mail back for longer.
#
# Wrong codes per address, across codes, on the routes where a code is all that is asked for (a sign-up or
# address confirmation code, a sign-in code asked for without a password): "wrong_code" counts each code typed
# there before it is compared (a right one is taken back), so however many arrive at once no more than 10 are
# compared; the 10th wrong one starts "code_lock", a day in which those routes take no code, not even a right one,
# mail no code, and the owner is told once (`lock_codes`). The owner's ways in need no such code: the password (on
# a device they signed in on, or anywhere while the account's tries last), the password and a code from its own
# share (`proving_by_code`: only the right password gets one, so it works during the lock) and a reset link.
#
# What a stranger who knows only the address can guess, for one address (codes are 6 digits, 10^6 values):
#   before: 3 code mails an hour x 3 tries a code = 9 guesses an hour, 216 a day:
#           216 / 10^6 = 0.022% a day, 1 - (1 - 216e-6)^365 = 7.6% a year;
#   now:    at most 10 guesses compared in any day (then a day's lock, and the count is gone when the lock is):
#           10 / 10^6 = 0.001% a day, 1 - (1 - 1e-5)^365 = 0.36% a year.
# Fewer tries a code (ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3) would not lower that: the day's 10 bind, not the
# tries a code; the owner who mistypes a code once or twice would only have to wait for another mail. A code from
# the password's share is guessed only by someone who has the right password.
ADDRESS_LIMITS = {
    "mail": "3/h/key",
    "password_code": "3/h/key",
    "wrong_code": "10/d/key",
    "code_lock": "1/d/key",
    # a signed-in person's own codes (care.mailbox_codes): only they can ask, so a share of their own
    "own_code": "5/h/key",
}
LOCK_MAIL = "account/email/codes_paused"
# "Save this session" from a guest's summary (care.claim_codes): a code is all it asks for, new address or not.
SAVE_SESSION_MAIL = "account/email/save_session_code"
CODE_MAILS = {"account/email/email_confirmation_signup", "account/email/email_confirmation", SAVE_SESSION_MAIL}
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
HELD_FOR = 3600  # longer than any code lives (30 minutes for sign-up, 10 for sign-in)


def on_site(url: str) -> str:
    """A link for a mail, on SITE_URL whatever address the request came in by: allauth makes its links from the
    request's Host header, which a visitor chooses (any host the site answers to)."""
    parts = urlsplit(url)
    return settings.SITE_URL + urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


def address_key(email: str) -> str:
    """An address as the limits know it: hashed with the site's secret, so the cache never holds it."""
    return salted_hmac("unknot.accounts.address", email.strip().lower(), algorithm="sha256").hexdigest()


def within_limit(action: str, email: str) -> bool:
    """Counts one more `action` for the address; False when the address has had its share."""
    request = allauth_context.request
    if request is None:
        return True
    return _consume(action, email) is not None


def _consume(action: str, email: str, dry_run: bool = False) -> ratelimit.RateLimitUsage | None:
    # Keyed on the address alone (the request only says how the limit is asked for).
    return ratelimit.consume(
        allauth_context.request or HttpRequest(),
        app="unknot",
        action=action,
        config=ADDRESS_LIMITS,
        key=address_key(email),
        dry_run=dry_run,
        limit_get=True,
    )


def own_code_allowed(email: str) -> bool:
    """Counts one more code a signed-in person asked for, to their own address; False past their hour's share."""
    return _consume("own_code", email) is not None


def codes_locked(email: str) -> bool:
    """Whether the address takes no code on the routes where a code is all that is asked for, today."""
    return _consume("code_lock", email, dry_run=True) is None or _consume("wrong_code", email, dry_run=True) is None


def claim_code_try(email: str) -> ratelimit.RateLimitUsage | None:
    """Counts a code typed for the address on a code-only route before it is compared: None (compare nothing) when
    the address's codes are locked or this try is past the day's share, which then starts the lock. The caller
    takes the try back when the code was right (`RateLimitUsage.rollback`) and calls `wrong_code` when not."""
    if _consume("code_lock", email, dry_run=True) is None:
        return None
    usage = _consume("wrong_code", email)
    if usage is None:
        lock_codes(email)
    return usage


def wrong_code(email: str) -> None:
    """A code claimed by `claim_code_try` was wrong: it stays counted, and the day's last one starts the lock."""
    if _consume("wrong_code", email, dry_run=True) is None:
        lock_codes(email)


def lock_codes(email: str) -> None:
    """Starts the address's day without codes, and tells its owner: once, whichever request gets here first."""
    if _consume("code_lock", email) is not None:
        mail.queue_within_limit(
            get_adapter().render_mail(LOCK_MAIL, email, {"email": email}),
            until=time.time() + ratelimit.parse_rate(ADDRESS_LIMITS["code_lock"]).duration,
        )


def mail_room(email: str) -> float:
    """Counts a mail in the address's share and answers 0; or, with the share used up, counts nothing and answers
    the seconds until it has room again."""
    if _consume("mail", email) is not None:
        return 0
    rate = ratelimit.parse_rate(ADDRESS_LIMITS["mail"])
    history = cache.get(
        ratelimit.get_cache_key(HttpRequest(), app="unknot", action="mail", rate=rate, key=address_key(email)), []
    )
    return max(1.0, history[-1] + rate.duration - time.time()) if history else 1.0


def _held_key(email: str, code: str) -> str:
    return (
        "unknot:held-code:"
        + salted_hmac("unknot.accounts.held", f"{address_key(email)}\n{code}", algorithm="sha256").hexdigest()
    )


def hold_back_code(email: str, code: str) -> None:
    """The code's mail was held back: no one may sign in or confirm with it (it could only be guessed)."""
    cache.set(_held_key(email, code), True, HELD_FOR)


def was_held_back(email: str, code: str) -> bool:
    return bool(code) and bool(cache.get(_held_key(email, code)))


def proving_by_code(request: HttpRequest | None) -> bool:
    """Whether this sign-in's password, right or wrong, can only lead to a code mailed to the owner."""
    return bool(getattr(request, "unknot_prove_by_code", False))


def may_mail(template_prefix: str, email: str, request: HttpRequest | None) -> bool:
    """Counts a mail against the address's share it belongs to; False when that share is used up, and for a code
    that no one could use (the address's codes are locked)."""
    if template_prefix not in VISITOR_MAILS:
        return True  # a signed-in person's own mail (password changed, address added): not a visitor's to make
    if template_prefix == LOGIN_CODE_MAIL and getattr(request, "unknot_password_proven", False):
        return within_limit("password_code", email)
    if template_prefix in CODE_MAILS | {LOGIN_CODE_MAIL} and codes_locked(email):
        return False
    # Strangers can use up an address's mail; its owner, on a device they signed in on, still gets a reset link
    # or a sign-in code.
    if template_prefix in WAYS_IN and devices.is_known(request, email):
        return True
    return within_limit("mail", email)


def pretend_code_sent(request: HttpRequest, email: str) -> HttpResponse:
    """For a wrong password (or no account) past the account-wide limit, the answer a right one gets: the sign-in
    code page, the same message, the same three tries. No code is mailed and none can be typed, so a guesser learns
    nothing from it, however many addresses they try from."""
    login = Login(user=None, email=email)
    login.state["stages"] = {"current": LoginByCodeStage.key}
    stage = LoginByCodeStage(LoginStageController(request, login), request, login)
    stage.state.update(LoginCodeVerificationProcess.initial_state(user=None, email=email))
    stage.state.update({"initiated_by_user": False, "login_by_code_required": True})
    process = LoginCodeVerificationProcess(stage=stage)
    process.add_sent_message({"email": email, "recipient": email})
    process.persist()
    return headed_redirect_response(LoginByCodeStage.urlname)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "rate_limited": _("Too many tries. Please wait a few minutes and try again."),
        "too_many_login_attempts": _(
            "Too many tries. To keep your account safe, please wait a few minutes and try again."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        if not may_mail(template_prefix, email, request):
            if context.get("code"):
                hold_back_code(email, str(context["code"]))
            return  # the page says the same as when the mail goes
        # Every link in the mail starts with SITE_URL (allauth names them *_url), never with the request's host.
        links = {name: on_site(value) for name, value in context.items() if name.endswith("_url") and value}
        full = {"request": request, "email": email, **context, **links}
        mail.queue(self.render_mail(template_prefix, email, full))

    def send_password_reset_mail(self, user: AbstractBaseUser, email: str, context: dict[str, Any]) -> None:
        # Queued without the link allauth made: the worker makes its own when it sends (unknot.mail), so no row
        # holds a link that sets a password.
        request = allauth_context.request
        if may_mail(RESET_MAIL, email, request):
            mail.queue_reset(user, email)

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
        per account from this address, and per account from all addresses (not from a device the owner signed
        in on). Past the last one, which strangers can use up, the password is still checked but proves itself
        only by a code mailed to the owner (`prove_by_code`), and a wrong one gets the same answer. An account
        that does not exist is counted the same."""
        login = self._get_login_attempts_cache_key(request, **credentials)
        per_address = ratelimit.consume(request, app="allauth.account", action="login_failed")
        wanted = password_limits(request)
        if devices.is_known(request, login):
            del wanted["any"]
        per_account = per_address and limits.consume(login, "password", wanted)
        if per_address and not per_account and "any" in wanted:
            from_here = {slot: name for slot, name in wanted.items() if slot != "any"}
            per_account = limits.consume(login, "password", from_here)
            request.unknot_prove_by_code = bool(per_account)  # type: ignore[attr-defined]
        if not per_account:
            if per_address:
                per_address.rollback()
            request.throttled = "password"  # type: ignore[attr-defined]  # read by ThrottledMiddleware
            raise self.validation_error("too_many_login_attempts")
        self._login_failed_rl_usage = per_address
        self._account_rl_usage = per_account

    def _rollback_login_failed_rl_usage(self) -> None:
        # The right password: its check was no failure. Except when it must still prove itself by code: then it
        # counts as a wrong one would, or the count left would tell a guesser they were right.
        if proving_by_code(allauth_context.request):
            return
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_rl_usage", None)
        if usage:
            usage.rollback()

    def is_login_by_code_required(self, login: Login) -> bool:
        request = allauth_context.request
        if proving_by_code(request) and login.user is not None:
            request.unknot_password_proven = True  # its code has a share of its own (may_mail)
            return True
        return super().is_login_by_code_required(login)

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
    # No share for the account from all addresses: strangers could use it up. Codes strangers ask for are bounded
    # by the address's mail instead, and a code that was not mailed cannot be guessed.
    return {f"from:{limits.tag('address', limits.client_address(request))}": "login_code_from_address"}


class ThrottledMiddleware:
    """Turns a throttled sign-in into a 429 page that says what to do."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "throttled", None):
            return too_many_requests(request)
        return response


# Said on the code pages, and when a sign-in code is asked for, while the address's codes are locked
# (`lock_codes`): the same for every address, with an account or without.
CONFIRM_PAUSED = _(
    "Too many wrong codes were typed for this email address today, so it cannot be confirmed for a day, not even "
    "with the right code. Please come back tomorrow: sign in with this address and your password, and we will "
    "email you a new code."
)
SIGN_IN_CODES_PAUSED = _(
    "Too many wrong codes were typed for this email address today, so it cannot sign in with a code alone for a "
    "day. Please sign in with your password instead; if you have forgotten it, you can choose a new one."
)


def checked_code(email: str, typed: str, expected: str, paused: Any) -> None:
    """Compares a code typed on a route where a code is all that is asked for, as one of the address's wrong codes
    of the day (taken back if right); refuses it, right or wrong, while the address's codes are locked, and a code
    whose mail was held back, even typed right."""
    claimed = claim_code_try(email)
    if claimed is None:
        raise ValidationError(paused, code="codes_paused")
    if not was_held_back(email, expected) and compare_user_code(actual=typed, expected=expected):
        claimed.rollback()
        return
    wrong_code(email)
    raise get_adapter().validation_error("incorrect_code")


class EmailCodeForm(ConfirmEmailVerificationCodeForm):
    """The six-digit code from the sign-up email: a number pad on phones, filled in from the message. Three tries
    per code (allauth's), so wrong guesses at one code never spoil the next one mailed to the owner."""

    error_messages = {
        "not_digits": _("Please type the 6 digits from the email, with no spaces or letters."),
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
        # A code is all this page asks for: one of the address's wrong codes of the day (`claim_code_try`).
        checked_code(self.email or "", code, self.expected_code or "", CONFIRM_PAUSED)
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
    """Asks for a sign-in code by email: 3 an hour for one account from one client address, and each a mail within
    the address's share. The answer is the same whether or not the account exists, and whether or not the mail
    went."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].widget.attrs.pop("placeholder", None)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_email(self) -> str:
        if self.cleaned_data.get("email") and codes_locked(self.cleaned_data["email"]):
            raise ValidationError(SIGN_IN_CODES_PAUSED, code="codes_paused")
        email = super().clean_email()
        request = allauth_context.request
        if email and not limits.consume(email, "code", code_limits(request)):
            request.throttled = "code"  # read by ThrottledMiddleware
            raise get_adapter().validation_error("too_many_login_attempts")
        return email


class LoginCodeForm(ConfirmLoginCodeForm):
    """The six-digit sign-in code from the email; a code whose mail was held back is wrong, even typed right. A code
    asked for without a password is one of the address's wrong codes of the day (`checked_code`); one that followed
    a password (only the right one gets a code) is not, and works while the address's codes are locked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _numeric_code_field(self, _("The 6-digit code from the email"))

    def clean_code(self) -> str:
        stage = getattr(allauth_context.request, "_login_stage", None)
        state = stage.state if stage is not None else {}
        email = state.get("email", "")
        if state.get("initiated_by_user", True):
            checked_code(email, self.cleaned_data["code"], self.expected_code or "", SIGN_IN_CODES_PAUSED)
            return self.cleaned_data["code"]
        code = super().clean_code()
        if was_held_back(email, self.expected_code or ""):
            raise get_adapter().validation_error("incorrect_code")
        return code


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor sign-in in unknot's words."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("That code did not work. Check the app shows unknot, and try the newest code."),
        "cannot_generate_recovery_codes": _("Set up an authenticator app first; recovery codes come with it."),
        "unverified_email": _("Confirm your email address first, then set up two-step sign-in."),
        "add_email_blocked": _("Turn off two-step sign-in before you change your email address."),
    }


class ActivateAppView(ActivateTOTPView):
    """allauth's page for setting up an authenticator app; the code typed on it confirms this session too, so a
    practitioner sent here from a patient's page goes straight back to work."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        app = Authenticator.objects.get(user_id=self.request.user.pk, type=Authenticator.Type.TOTP)
        second_factor.record_pass(self.request, app)
        return response
