"""Saves made offline are sent later, perhaps after the phone changed hands: each carries the key of the person
who made it, and is refused under anyone else's sign-in, so one person's waiting saves never land in another's
record. The key is not the person's id (an HMAC of it), so it tells a page's reader nothing."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from care import booking
from care.door import Patient

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


def pages_to_keep(patient: Patient) -> list[str]:
    """What home asks the phone to keep for offline use: the person's routines' sessions and their muscles' atlas
    pages, the session home's Start opens, and the diary with a form for a new entry. (Not the quick session: on
    a rest day home must not name a session of the areas that need rest.)"""
    urls = [reverse("care:diary_new")]  # home and the diary are kept when they are opened
    muscles: list[str] = []
    for routine in patient.routines().prefetch_related("steps"):
        urls.append(reverse("care:play_routine", args=[routine.pk]))
        muscles += [step.muscle for step in routine.steps.all()]
    upcoming = booking.next_session(patient)
    if upcoming is not None:
        urls.append(upcoming.path)
    last = patient.sessions().order_by("-started_at").values_list("steps", flat=True).first() or []
    muscles += [step["muscle"] for step in last]
    urls += [reverse("atlas:muscle", args=[muscle]) for muscle in dict.fromkeys(muscles)]
    return list(dict.fromkeys(urls))
