from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from access import second_factor
from access.relationship import is_clinician
from care import mailbox_codes
from care.door import SecondFactorNeeded, patient_for
from care.models import Profile
from care.page_cache import read_ahead
from clinical.emergency import country_for


class PersonalTimeMiddleware:
    """Shows times in the signed-in person's time zone, and tells the pages which country's emergency numbers
    are theirs and whether they work in a clinic (StaffTimeoutMiddleware): kept under their data version in the
    shared cache, read with it in one query (care.page_cache.read_ahead), and asked of the database (one query
    for the first two, one for the last) only when that changed. Reads only: a visit never creates a row."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patient = patient_for(request)

            def facts() -> tuple[str | None, str, bool]:
                zone, country = patient.profiles().values_list("time_zone", "country").first() or (None, "")
                return zone, country, is_clinician(user)

            zone, country, clinician = read_ahead(request, patient, facts)
            request.__dict__[CLINICIAN] = clinician
            timezone.activate(Profile(time_zone=zone or "UTC").zone)
            # Whose emergency numbers to show (clinical.emergency reads it); a guest's country is never known.
            request.emergency_country = country_for(country, zone)  # type: ignore[attr-defined]
        else:
            timezone.deactivate()
        return self.get_response(request)


CLINICIAN = "_unknot_clinician"  # whether the signed-in person works in a clinic, as PersonalTimeMiddleware read


def _is_clinician(request: HttpRequest, user: Any) -> bool:
    known = request.__dict__.get(CLINICIAN)
    return is_clinician(user) if known is None else known


class StaffTimeoutMiddleware:
    """Staff, clinic owners and practitioners can read other people's records: their sessions end after 30 idle
    minutes (the session's expiry is in the shared database, so every server ends it at once)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and (user.is_staff or _is_clinician(request, user)):
            request.session.set_expiry(settings.STAFF_IDLE_SECONDS)  # renewed on every request
        return self.get_response(request)


class PasswordlessProofMiddleware:
    """An account without a password cannot be re-proven by one: before its password is set or its addresses
    change, the person proves their mailbox with an emailed code (care.mailbox_codes), so a phone left signed in
    cannot take the account over. (allauth's own reauthentication lets such an account through unasked.)"""

    GUARDED = frozenset({"account_set_password", "account_change_password", "account_email"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict) -> HttpResponse | None:
        user = getattr(request, "user", None)
        match = request.resolver_match
        if user is None or not user.is_authenticated or match is None or match.url_name not in self.GUARDED:
            return None
        if user.has_usable_password() or mailbox_codes.proven_recently(request):
            return None
        return redirect(f"{reverse('care:prove_mailbox')}?{urlencode({'next': request.get_full_path()})}")


AFTER_SET_UP = "unknot_after_second_factor"


class SecondFactorMiddleware:
    """Where the door (or the admin) asks for a second factor this sign-in has not passed: someone without an
    authenticator app is sent to set one up, someone with one to type its code, and back afterwards."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and not second_factor.passed(request)
        ):
            return self.process_exception(request, SecondFactorNeeded())  # type: ignore[return-value]
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, SecondFactorNeeded) or not request.user.is_authenticated:
            return None
        back = request.get_full_path() if request.method == "GET" else reverse("care:home")
        if second_factor.has_authenticator(request.user):
            confirm = (
                "mfa_reauthenticate_webauthn" if second_factor.has_passkey_only(request.user) else "mfa_reauthenticate"
            )
            return HttpResponseRedirect(f"{reverse(confirm)}?{urlencode({'next': back})}")
        request.session[AFTER_SET_UP] = back  # where the recovery codes page's "Done" leads
        return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?needed=1")


class KeptCopyMiddleware:
    """A page the service worker fetches to keep for offline use is not a visit: the messages waiting for the
    person ("Booked for Friday…") stay for the page they open next, instead of being spent on the kept copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get("X-Unknot-Keep") == "1" and hasattr(request, "_messages"):
            request._messages.used = False  # MessageMiddleware then keeps them all
        return response
