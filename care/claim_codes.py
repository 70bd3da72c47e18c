"""Saving a guest's session with an email address only: a six-digit code is mailed to the address, new or known,
and typing it signs the person in (making a password-free account for a new address) so the phone's session can be
kept. Every address gets the same page and the same mail, so the answer never says who has an account.

The code lives in the server session (hashed), works once, 3 tries, 10 minutes; every code typed counts against
the address's day of wrong codes (unknot.accounts), and a code whose mail was held back by the address's mail limit
works for no one."""

import secrets
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login import perform_login, record_authentication
from allauth.account.models import EmailAddress, Login
from allauth.account.signals import user_signed_up
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from access.models import Membership
from unknot import accounts

STATE = "unknot.save_session"
LIFETIME = 10 * 60  # seconds a code works
TRIES = 3


@dataclass(frozen=True)
class Asked:
    """What the person asked for on the guest's summary, kept until their code is typed."""

    email: str
    session: str  # the phone's session id (the phone still holds the session itself)
    time: str  # the booked time of day, HH:MM, or "" for about this session's
    time_zone: str


def _hashed(email: str, code: str) -> str:
    return salted_hmac("unknot.claim_codes", f"{email.lower()}\n{code}", algorithm="sha256").hexdigest()


def send_code(request: HttpRequest, asked: Asked) -> None:
    """Mails a code to the address (within its limits; held back silently past them) and remembers what it is for."""
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[STATE] = {
        "email": asked.email,
        "session": asked.session,
        "time": asked.time,
        "time_zone": asked.time_zone,
        "code": _hashed(asked.email, code),
        "expires": time.time() + LIFETIME,
        "tries": 0,
    }
    get_adapter().send_mail(accounts.SAVE_SESSION_MAIL, asked.email, {"code": code})


def waiting(request: HttpRequest) -> Asked | None:
    """The request a code was sent for and still works for, if any."""
    state = request.session.get(STATE)
    if not isinstance(state, dict) or state.get("expires", 0) < time.time():
        return None
    return Asked(state["email"], state["session"], state["time"], state["time_zone"])


def last_asked(request: HttpRequest) -> Asked | None:
    """The last request a code was sent for, even if its code ran out (to send a new one)."""
    state = request.session.get(STATE)
    if not isinstance(state, dict):
        return None
    return Asked(state["email"], state["session"], state["time"], state["time_zone"])


def check(request: HttpRequest, typed: str) -> Asked:
    """The request the code was for, when the code is right (then it works no more); ValidationError otherwise."""
    state = request.session.get(STATE)
    asked = waiting(request)
    if asked is None or not isinstance(state, dict):
        raise ValidationError(_("This code has run out. Ask for a new one."))
    usage = accounts.claim_code_try(asked.email)
    if usage is None:
        raise ValidationError(_("Too many wrong codes for this address today. Please try again tomorrow."))
    right = constant_time_compare(_hashed(asked.email, typed), state["code"])
    if not right or accounts.was_held_back(asked.email, typed):
        accounts.wrong_code(asked.email)
        state["tries"] = state.get("tries", 0) + 1
        if state["tries"] >= TRIES:
            state["expires"] = 0  # used up; the address stays for "send a new code"
            request.session[STATE] = state
            raise ValidationError(_("That code is not right, and it has been tried 3 times. Ask for a new one."))
        request.session[STATE] = state
        raise ValidationError(_("That code is not right. Check the email and try again."))
    usage.rollback()
    request.session.pop(STATE, None)
    return asked


def person_with(request: HttpRequest, email: str) -> AbstractBaseUser:
    """The account that has this address verified (now proven again), or a new one without a password. An address
    only claimed elsewhere (a sign-up never confirmed, an address added and never confirmed) proved nothing: that
    claim is dropped, and its account never gets the person who owns the mailbox, nor what they save."""
    with transaction.atomic():
        verified = EmailAddress.objects.filter(email__iexact=email, verified=True).select_related("user").first()
        if verified is not None:
            return verified.user
        _drop_unproven_claims(email)
        # An account made by staff, with no address rows at all, is the address's own.
        known = get_user_model().objects.filter(email__iexact=email, emailaddress__isnull=True).first()
        if known is not None:
            EmailAddress.objects.create(user=known, email=email, primary=True, verified=True)
            return known
        adapter = get_adapter()
        user = adapter.new_user(request)
        user.email = email
        adapter.populate_username(request, user)
        user.set_unusable_password()  # they can set one in Settings, or sign in with a code
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    user_signed_up.send(sender=user.__class__, request=request, user=user)
    return user


def _drop_unproven_claims(email: str) -> None:
    for address in EmailAddress.objects.filter(email__iexact=email, verified=False).select_related("user"):
        owner = address.user
        address.delete()
        proven = EmailAddress.objects.filter(user=owner, verified=True).order_by("-primary").first()
        if proven is None and owner.last_login is None:
            owner.delete()  # a sign-up never confirmed: it could never sign in, and holds nothing
        elif owner.email.lower() == email.lower():
            owner.email = proven.email if proven is not None else ""
            owner.save(update_fields=["email"])


def needs_more_than_a_code(user: AbstractBaseUser) -> bool:
    """Staff and clinic members reach other people's records: an emailed code alone never signs them in."""
    return bool(getattr(user, "is_staff", False)) or Membership.objects.filter(person_id=user.pk).exists()


def sign_in(request: HttpRequest, user: AbstractBaseUser, next_url: str) -> HttpResponse:
    """Signs the person in through allauth's own stages (a second factor, where they have one, is still asked)."""
    # Recorded as allauth records its own code sign-ins, so "how did this session sign in" has an answer.
    record_authentication(request, user, method="code", email=getattr(user, "email", None))
    return perform_login(request, Login(user=user, redirect_url=next_url, email=getattr(user, "email", None)))
