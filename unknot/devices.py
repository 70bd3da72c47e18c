"""A device the owner has signed in on before: a signed cookie naming the account (by a hash made with the site's
secret, never the address itself). From such a device the owner can always ask for a sign-in code or a reset
link, outside the per-account and per-address counts that strangers can use up, so failures from elsewhere never
keep the owner out. Set only for a signed-in person, so an anonymous visitor still gets no cookie."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

SALT = "unknot.devices"
MAX_AGE = 365 * 24 * 3600


def cookie_name() -> str:
    # __Host-: sent only over HTTPS to this exact host (as the session's), where the site runs on HTTPS.
    return "__Host-device" if settings.SESSION_COOKIE_SECURE else "unknot_device"


def account_mark(email: str, user: AbstractBaseUser | None = None) -> str:
    """The account's mark, which changes with its password: a password change or reset, or deleting the account,
    revokes every device marked before. `user`: the signed-in account of that address, already read."""
    address = email.strip().lower()
    if user is None:
        user = get_user_model().objects.filter(email__iexact=address).only("password").first()
    secret = user.password if user is not None else ""
    return salted_hmac(SALT, f"{address}\n{secret}", algorithm="sha256").hexdigest()


def is_known(request: HttpRequest | None, email: str, user: AbstractBaseUser | None = None) -> bool:
    """Whether this request comes from a device the owner of `email` (`user`, when signed in) has signed in on."""
    if request is None or not email:
        return False
    mark = request.get_signed_cookie(cookie_name(), default=None, salt=SALT, max_age=MAX_AGE)
    return mark is not None and mark == account_mark(email, user)


class KnownDeviceMiddleware:
    """Marks the device of a signed-in person, once, on any answer they get."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # the signed-in account is read already: its mark costs no query
        if user is not None and user.is_authenticated and user.email and not is_known(request, user.email, user):
            response.set_signed_cookie(
                cookie_name(),
                account_mark(user.email, user),
                salt=SALT,
                max_age=MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
