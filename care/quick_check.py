"""The quick check before a session: "Since your last check, is anything new or worse?", one tap for "Nothing new".

The whole check is asked when its questions change, after 4 weeks, or when pain rises by 3 (care.safety.need).
Before every other session this one line stands in for it: "Nothing new" lets the person start within the next
three hours on this device (a signed cookie holding nothing but the time), "Something new" opens the whole
check. A whole check answered in those three hours counts as well."""

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = settings.QUICK_CHECK_COOKIE_NAME  # __Host- prefixed in production
FRESH = timedelta(hours=3)  # long enough for a session and a break, short enough to ask again next time
SALT = "unknot.quick-check"


def passed(response: HttpResponse, request: HttpRequest | None = None) -> HttpResponse:
    """The response, marking this device as having answered "Nothing new" (or a whole clear check) just now."""
    response.set_signed_cookie(
        COOKIE,
        "nothing-new",
        salt=SALT,
        max_age=int(FRESH.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG or bool(request and request.is_secure()),
    )
    return response


def is_fresh(request: HttpRequest, last_whole_check: datetime | None, now: datetime) -> bool:
    """Whether this device answered within the last three hours (the cookie), or the person's last whole
    check was that recent."""
    if last_whole_check is not None and now - last_whole_check < FRESH:
        return True
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=FRESH)
    return value == "nothing-new"
