"""The door's question before anyone reaches someone else's records: has this sign-in passed a second factor?

The hook named by the setting UNKNOT_SECOND_FACTOR answers, and the door refuses whenever it says no. unknot's
answer (`passed_this_session`) reads what allauth wrote in this session when the person typed a code from their
authenticator app or a recovery code: owning an authenticator is not enough, the current sign-in must have used
it. Setting up an app in this session counts (the person has just typed a code from it); turning it off, or
signing in again, forgets it.
"""

from collections.abc import Callable
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.module_loading import import_string

Check = Callable[[HttpRequest], bool]


class SecondFactorNeeded(PermissionDenied):
    """Someone else's records (or a clinic's pages) need a sign-in that passed a second factor."""


# Where allauth keeps the sign-in's records in the session (allauth.account.internal.flows.login).
RECORDS_KEY = "account_authentication_methods"


def not_yet_asked(request: HttpRequest) -> bool:
    """A hook that asks nothing (for a site with no one who needs a second factor)."""
    return True


def passed_this_session(request: HttpRequest) -> bool:
    """Whether this session's sign-in was confirmed with a second factor (allauth's per-session records)."""
    user = getattr(request, "user", None)
    if getattr(request, "session", None) is None or user is None or not user.is_authenticated:
        return False
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def passed(request: HttpRequest | None) -> bool:
    """Whether this request's sign-in may reach another person's records (no request: no sign-in, so no)."""
    if request is None:
        return False
    check: Check = import_string(getattr(settings, "UNKNOT_SECOND_FACTOR", "access.second_factor.passed_this_session"))
    return check(request)


def require(request: HttpRequest) -> None:
    """Refuses a request whose sign-in has not passed (care.middleware sends the person to set up or type a code)."""
    if not passed(request):
        raise SecondFactorNeeded("Confirm your sign-in with your second factor first.")


def has_passkey_only(person: AbstractBaseUser) -> bool:
    """Whether the person's second step is a passkey alone (no app whose code they could type)."""
    kinds = set(Authenticator.objects.filter(user_id=person.pk).values_list("type", flat=True))
    return Authenticator.Type.WEBAUTHN in kinds and Authenticator.Type.TOTP not in kinds


def has_authenticator(person: AbstractBaseUser) -> bool:
    """Whether the person has set up an authenticator app or a passkey (recovery codes alone are neither)."""
    return Authenticator.objects.filter(user_id=person.pk).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()


def record_pass(request: HttpRequest, app: Authenticator) -> None:
    """A person who sets up an app has just typed a code from it: this session has passed (as allauth records
    a sign-in's code)."""
    if not passed_this_session(request):
        record_authentication(request, app.user, "mfa", type=app.type, id=app.pk)


def on_authenticator_removed(sender: Any, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any) -> None:
    """Turning the app off takes this session's pass with it."""
    if request is not None and getattr(request, "session", None) is not None:
        records = [record for record in get_authentication_records(request, user) if record.get("method") != "mfa"]
        request.session[RECORDS_KEY] = records
