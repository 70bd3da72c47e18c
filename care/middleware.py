from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class PersonalTimeMiddleware:
    """Shows times in the signed-in person's time zone. Reads only: a visit never creates a row."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from care.models import Profile

            zone = Profile.objects.filter(user=user).values_list("time_zone", flat=True).first()
            timezone.activate(Profile(time_zone=zone or "UTC").zone)
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
