"""A person's own records: the only way views reach them, always scoped to the requesting user."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from care.models import Profile, Routine, SafetyCheck, Session


def profile_of(user: AbstractBaseUser) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def routines_of(user: AbstractBaseUser) -> QuerySet[Routine]:
    return Routine.objects.filter(owner=user)


def sessions_of(user: AbstractBaseUser) -> QuerySet[Session]:
    return Session.objects.filter(owner=user)


def safety_checks_of(user: AbstractBaseUser) -> QuerySet[SafetyCheck]:
    return SafetyCheck.objects.filter(owner=user)


def routine_for(user: AbstractBaseUser, routine_id: int) -> Routine:
    """The person's routine, or 404: someone else's routine does not exist for them."""
    try:
        return routines_of(user).prefetch_related("steps").get(pk=routine_id)
    except (Routine.DoesNotExist, ValueError, TypeError):
        raise Http404("No such routine.") from None


def session_for(user: AbstractBaseUser, session_id) -> Session:
    try:
        return sessions_of(user).get(pk=session_id)
    except (Session.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such session.") from None
