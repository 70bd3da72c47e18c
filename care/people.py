"""A person's records, reached only through these helpers: `(viewer, patient)` in, a queryset or one record
out, and 404 for anyone not allowed to see them. Today only the person themselves may; the clinic issue
adds the practitioner the person has consented to, here and nowhere else."""

import uuid

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from care.models import NeckQuestionnaire, PainReading, Profile, Routine, SafetyCheck, Session

Viewer = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """A request to a page or API call that requires sign-in: its user is a person, never anonymous."""

    user: User


def may_view(viewer: Viewer, patient: User) -> bool:
    """Whether the viewer may see this person's records (their own, for now)."""
    return bool(viewer.is_authenticated and viewer.pk == patient.pk)


def _check(viewer: Viewer, patient: User) -> None:
    if not may_view(viewer, patient):
        raise Http404("No such person.")


def profile_of(patient: User) -> Profile:
    """The person's own settings, made on first use (only ever called for the signed-in person)."""
    profile, _created = Profile.objects.get_or_create(user=patient)
    return profile


def routines_of(viewer: Viewer, patient: User) -> QuerySet[Routine]:
    _check(viewer, patient)
    return Routine.objects.filter(owner=patient)


def sessions_of(viewer: Viewer, patient: User) -> QuerySet[Session]:
    _check(viewer, patient)
    return Session.objects.filter(owner=patient)


def safety_checks_of(viewer: Viewer, patient: User) -> QuerySet[SafetyCheck]:
    _check(viewer, patient)
    return SafetyCheck.objects.filter(owner=patient)


def routine_for(viewer: Viewer, patient: User, routine_id: int) -> Routine:
    """One of the person's routines, or 404: someone else's routine does not exist for them."""
    try:
        return routines_of(viewer, patient).prefetch_related("steps").get(pk=routine_id)
    except (Routine.DoesNotExist, ValueError, TypeError):
        raise Http404("No such routine.") from None


def session_for(viewer: Viewer, patient: User, session_id: str | uuid.UUID) -> Session:
    try:
        return sessions_of(viewer, patient).get(pk=session_id)
    except (Session.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such session.") from None


def pain_readings_of(viewer: Viewer, patient: User) -> QuerySet[PainReading]:
    _check(viewer, patient)
    return PainReading.objects.filter(owner=patient)


def diary_entry_for(viewer: Viewer, patient: User, entry_id: str | uuid.UUID) -> PainReading:
    """One of the person's own diary entries, or 404 (a session's before and after are not diary entries)."""
    try:
        return pain_readings_of(viewer, patient).get(pk=entry_id, kind=PainReading.Kind.DIARY)
    except (PainReading.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such diary entry.") from None


def neck_questionnaires_of(viewer: Viewer, patient: User) -> QuerySet[NeckQuestionnaire]:
    _check(viewer, patient)
    return NeckQuestionnaire.objects.filter(owner=patient)


def neck_questionnaire_for(viewer: Viewer, patient: User, questionnaire_id: str | uuid.UUID) -> NeckQuestionnaire:
    try:
        return neck_questionnaires_of(viewer, patient).get(pk=questionnaire_id)
    except (NeckQuestionnaire.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such questionnaire.") from None
