from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from care.door import patient_for
from care.models import Profile
from clinical.emergency import country_for


class PersonalTimeMiddleware:
    """Shows times in the signed-in person's time zone, and tells the pages which country's emergency numbers
    are theirs (one query for both). Reads only: a visit never creates a row."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            own = patient_for(request).profiles()
            zone, country = own.values_list("time_zone", "country").first() or (None, "")
            timezone.activate(Profile(time_zone=zone or "UTC").zone)
            # Whose emergency numbers to show (clinical.emergency reads it); a guest's country is never known.
            request.emergency_country = country_for(country, zone)  # type: ignore[attr-defined]
        else:
            timezone.deactivate()
        return self.get_response(request)


class StaffTimeoutMiddleware:
    """Staff can read many people's records: their sessions end after 30 idle minutes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            request.session.set_expiry(settings.STAFF_IDLE_SECONDS)  # renewed on every request
        return self.get_response(request)
