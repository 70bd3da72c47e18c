"""Proving one's mailbox with an emailed code, for a person whose account has no password (one made by saving a
guest's session): deleting the account, setting a password, or changing its addresses asks for it, so a phone
left signed in is not enough. A code lives hashed in the server session, works once, for 10 minutes and 3 tries;
the person's own codes have a small hourly share of mail (unknot.accounts.ADDRESS_LIMITS "own_code")."""

import secrets
import time

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login import get_authentication_records
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from unknot import accounts

LIFETIME = 10 * 60
TRIES = 3
PROVEN_FOR = 5 * 60  # a proof opens the account's own settings for as long as allauth's reauthentication does
PROVEN = "unknot.mailbox_proven_at"
MAILS = {"delete": "account/email/delete_account_code", "account": "account/email/prove_mailbox_code"}


def _state_key(purpose: str) -> str:
    return f"unknot.mailbox_code.{purpose}"


def _hashed(request: HttpRequest, purpose: str, code: str) -> str:
    return salted_hmac("unknot.mailbox_codes", f"{request.user.pk}\n{purpose}\n{code}", algorithm="sha256").hexdigest()


def send(request: HttpRequest, purpose: str) -> bool:
    """Mails a code to the person's address; False when they have had their share of codes this hour."""
    email = request.user.email  # type: ignore[union-attr]
    if not accounts.own_code_allowed(email):
        return False
    code = f"{secrets.randbelow(10**6):06d}"
    state = {"code": _hashed(request, purpose, code), "expires": time.time() + LIFETIME, "tries": 0}
    request.session[_state_key(purpose)] = state
    get_adapter().send_mail(MAILS[purpose], email, {"code": code})
    return True


def sent(request: HttpRequest, purpose: str) -> bool:
    state = request.session.get(_state_key(purpose))
    return isinstance(state, dict) and state.get("expires", 0) >= time.time()


def check(request: HttpRequest, purpose: str, typed: str) -> None:
    """Nothing when the code is right (it then works no more); ValidationError with what to do otherwise."""
    state = request.session.get(_state_key(purpose))
    if not sent(request, purpose) or not isinstance(state, dict):
        raise ValidationError(_("This code has run out. Ask for a new one. Nothing has been changed."))
    if not constant_time_compare(_hashed(request, purpose, typed), state["code"]):
        state["tries"] += 1
        if state["tries"] >= TRIES:
            state["expires"] = 0
        request.session[_state_key(purpose)] = state
        raise ValidationError(_("That code is not right. Nothing has been changed."))
    request.session.pop(_state_key(purpose), None)
    request.session[PROVEN] = time.time()


def proven_recently(request: HttpRequest) -> bool:
    """A code typed here, or a sign-in by emailed code, in the last few minutes."""
    at = request.session.get(PROVEN)
    if isinstance(at, (int, float)) and time.time() - at < PROVEN_FOR:
        return True
    records = get_authentication_records(request, request.user)
    return any(r.get("method") == "code" and time.time() - r.get("at", 0) < PROVEN_FOR for r in records)
