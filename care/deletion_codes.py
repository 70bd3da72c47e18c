"""Deleting an account without a password (one made by saving a guest's session): a six-digit code mailed to the
person's own address stands in for the password, so a phone left signed in is still not enough. The code lives
hashed in the server session, works once, for 10 minutes and 3 tries."""

import secrets
import time

from allauth.account.adapter import get_adapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

STATE = "unknot.delete_code"
LIFETIME = 10 * 60
TRIES = 3
MAIL = "account/email/delete_account_code"


def _hashed(user_pk: object, code: str) -> str:
    return salted_hmac("unknot.deletion_codes", f"{user_pk}\n{code}", algorithm="sha256").hexdigest()


def send(request: HttpRequest) -> None:
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[STATE] = {"code": _hashed(request.user.pk, code), "expires": time.time() + LIFETIME, "tries": 0}
    get_adapter().send_mail(MAIL, request.user.email, {"code": code})  # type: ignore[union-attr]


def sent(request: HttpRequest) -> bool:
    state = request.session.get(STATE)
    return isinstance(state, dict) and state.get("expires", 0) >= time.time()


def check(request: HttpRequest, typed: str) -> None:
    """Nothing when the code is right (it then works no more); ValidationError with what to do otherwise."""
    state = request.session.get(STATE)
    if not sent(request) or not isinstance(state, dict):
        raise ValidationError(_("This code has run out. Ask for a new one. Nothing has been deleted."))
    if not constant_time_compare(_hashed(request.user.pk, typed), state["code"]):
        state["tries"] += 1
        if state["tries"] >= TRIES:
            state["expires"] = 0
        request.session[STATE] = state
        raise ValidationError(_("That code is not right. Nothing has been deleted."))
    request.session.pop(STATE, None)
