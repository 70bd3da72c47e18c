"""Saves made offline are sent later, perhaps after the phone changed hands: each carries the key of the person
who made it, and is refused under anyone else's sign-in, so one person's waiting saves never land in another's
record. The key is not the person's id (an HMAC of it), so it tells a page's reader nothing."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac

HEADER = "X-Unknot-Person"


def person_key(user: AbstractBaseUser | AnonymousUser) -> str:
    """The key the pages file this person's waiting saves under ("" for a visitor)."""
    if not user.is_authenticated:
        return ""
    return salted_hmac("unknot.offline.person", str(user.pk), algorithm="sha256").hexdigest()[:24]


def someone_else(request: HttpRequest) -> bool:
    """Whether this save was made by another person than the one signed in now (a save without the header,
    from an older page or another client, is the signed-in person's)."""
    sent = request.headers.get(HEADER) or ""
    return bool(sent) and not constant_time_compare(sent, person_key(request.user))
