from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class PersonalTimeMiddleware:
    """Shows times in the signed-in person's time zone, and ends idle staff sessions after 30 minutes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from care.people import profile_of

            timezone.activate(profile_of(user).zone)
            if user.is_staff:
                # Staff can read many people's records: a short idle limit, renewed on every request.
                request.session.set_expiry(settings.STAFF_IDLE_SECONDS)
        else:
            timezone.deactivate()
        return self.get_response(request)
