"""The one door to a person's records.

A view asks once per request: `patient_for(request, patient_id, need)` checks what the viewer may do with that
person's records (access.relationship: the person themselves; a practitioner they are assigned to in a clinic they
consented to; that clinic's owner) and returns a `Patient`. Everything below a view takes the `Patient` and reads
through it; its querysets are the only reads of personal records in the project outside this module (a test scans
the code for any other). Someone the viewer may not see does not exist for them: 404.

Work the site does for a person without a request of theirs (their reminder, their export by command, deleting
their account) opens the door with `as_themselves`; a calendar or unsubscribe link opens it with its secret.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from access import audit, second_factor
from access.audit import Shown
from access.relationship import THEMSELVES, Need, reached
from access.second_factor import SecondFactorNeeded
from care.models import (
    NeckQuestionnaire,
    PainReading,
    Profile,
    Routine,
    RoutineStep,
    RoutineVersion,
    SafetyCheck,
    Session,
    StepEvent,
)

__all__ = ["AuthenticatedRequest", "Need", "Patient", "SecondFactorNeeded", "as_themselves", "patient_for"]

Viewer = User | AnonymousUser
BAD_ID = (ValidationError, ValueError, TypeError, OverflowError)

# The personal records: each is reached only through a Patient (tests/test_door.py holds the code to it).
PERSONAL_MODELS = (
    Profile,
    Routine,
    RoutineStep,
    RoutineVersion,
    Session,
    StepEvent,
    SafetyCheck,
    PainReading,
    NeckQuestionnaire,
)


class AuthenticatedRequest(HttpRequest):
    """A request to a page or API call that requires sign-in: its user is a person, never anonymous."""

    user: User


class ReadOnlyQuerySet(QuerySet):
    """A viewer who may not change a person's records reads them through this: bulk writes raise, and every
    record it hands out is marked, so its own save() or delete() raises too (care.models.PersonalRecord)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionDenied("Not yours to change.")

    update = delete = create = bulk_create = bulk_update = get_or_create = update_or_create = _refuse

    def _fetch_all(self) -> None:
        super()._fetch_all()
        for record in self._result_cache or []:
            if isinstance(record, Model):
                record._unknot_read_only = True  # type: ignore[attr-defined]


_READ_ONLY: dict[type, type] = {}


def _read_only[M: Model](queryset: QuerySet[M]) -> QuerySet[M]:
    """The same queryset, read only (its class keeps any annotations of the model's manager)."""
    base = type(queryset)
    cls = _READ_ONLY.setdefault(base, type(f"ReadOnly{base.__name__}", (ReadOnlyQuerySet, base), {}))
    clone = queryset._chain()  # type: ignore[attr-defined]
    clone.__class__ = cls
    return clone


@dataclass(frozen=True, eq=False)
class Patient:
    """One person's records as one viewer may reach them. Only this module makes these.

    `viewer` is None for the site's own work for the person (a reminder, a command); `may` is what the viewer
    may do (access.relationship.Need)."""

    person: User
    viewer: User | None
    may: Need

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def is_themselves(self) -> bool:
        return self.viewer is None or self.viewer.pk == self.person.pk

    def require(self, need: Need) -> None:
        """Refuses what this viewer may not do: 403, as they may see the records but not this."""
        if need not in self.may:
            raise PermissionDenied("Not yours to change.")

    def _scoped[M: Model](self, queryset: QuerySet[M], field: str = "owner") -> QuerySet[M]:
        # The one place records are narrowed to their person (a test turns it off to prove the leak test works);
        # read only for a viewer who may not change them.
        scoped = queryset.filter(**{field: self.person})
        return scoped if Need.EDIT in self.may else _read_only(scoped)

    # Every kind of personal record, as a queryset of this person's only.
    def profiles(self) -> QuerySet[Profile]:
        return self._scoped(Profile.objects.all(), "user")

    def routines(self) -> QuerySet[Routine]:
        return self._scoped(Routine.objects.all())

    def routine_steps(self) -> QuerySet[RoutineStep]:
        return self._scoped(RoutineStep.objects.all(), "routine__owner")

    def routine_versions(self) -> QuerySet[RoutineVersion]:
        return self._scoped(RoutineVersion.objects.all(), "routine__owner")

    def clinics_routine(self, clinic_id: int) -> QuerySet[Routine]:
        """The routine this clinic assigned the person (at most one): the clinic may change it, as it is the
        clinic's words, never the person's own routines."""
        self.require(Need.ASSIGN)
        return Routine.objects.filter(owner=self.person, clinic_id=clinic_id)

    def sessions(self) -> QuerySet[Session]:
        return self._scoped(Session.objects.all())

    def step_events(self) -> QuerySet[StepEvent]:
        return self._scoped(StepEvent.objects.all(), "session__owner")

    def safety_checks(self) -> QuerySet[SafetyCheck]:
        return self._scoped(SafetyCheck.objects.all())

    def pain_readings(self) -> QuerySet[PainReading]:
        return self._scoped(PainReading.objects.all())

    def diary_entries(self) -> QuerySet[PainReading]:
        return self.pain_readings().filter(kind=PainReading.Kind.DIARY)

    def neck_questionnaires(self) -> QuerySet[NeckQuestionnaire]:
        return self._scoped(NeckQuestionnaire.objects.all())

    def profile(self) -> Profile:
        """The person's settings: made on first use by the person, read as the defaults by anyone else."""
        if Need.EDIT in self.may:
            profile, _created = Profile.objects.get_or_create(user=self.person)
            return profile
        return self.profiles().first() or Profile(user=self.person)

    # One record by id, or 404: someone else's record does not exist for this viewer.
    def routine(self, routine_id: Any) -> Routine:
        return _one(self.routines().prefetch_related("steps"), routine_id, "routine")

    def session(self, session_id: Any) -> Session:
        return _one(self.sessions(), session_id, "session")

    def safety_check(self, check_id: Any) -> SafetyCheck:
        return _one(self.safety_checks(), check_id, "safety check")

    def diary_entry(self, entry_id: Any) -> PainReading:
        """One diary entry (a session's before and after are not diary entries)."""
        return _one(self.diary_entries(), entry_id, "diary entry")

    def neck_questionnaire(self, questionnaire_id: Any) -> NeckQuestionnaire:
        return _one(self.neck_questionnaires(), questionnaire_id, "questionnaire")


def _one[M: Model](queryset: QuerySet[M], pk: Any, what: str) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, *BAD_ID):
        raise Http404(f"No such {what}.") from None


def patient_for(
    request: HttpRequest,
    patient_id: int | None = None,
    need: Need = Need.READ,
    action: str = audit.Action.VIEW,
    clinic_id: int | None = None,
) -> Patient:
    """The door: the records of the person with this id (the viewer themselves when None) as the request's
    viewer may reach them, or 404 when they may not see them at all, 403 when they may see but not do this.

    Asked of the database on every request, never remembered across requests: a withdrawn consent or a
    practitioner's removal closes the door on the next request on every server. Within one request the answer
    is kept, so the door costs its queries once. Anyone but the person themselves leaves a row in the audit
    trail (access.audit): one per patient and action in a request, written before the records are read. A
    clinic's page passes `clinic_id`: the door opens only through that clinic's entry, and the row goes there."""
    viewer = request.user
    wanted = _person_id(viewer.pk if patient_id is None else patient_id)
    opened: dict[tuple[Any, int, int | None], tuple[Patient, Shown | None]] = request.__dict__.setdefault(
        "_unknot_door", {}
    )
    key = (viewer.pk, wanted, clinic_id)  # keyed by the viewer too: a sign-in mid-request opens afresh
    found = opened.get(key)
    if found is None:
        may, through, person = reached(viewer, wanted, clinic_id)  # one query, the person loaded with it
        if not may or person is None:
            raise Http404("No such person.")
        assert isinstance(viewer, User)  # reached() gives nothing to an anonymous visitor
        if wanted != viewer.pk:
            second_factor.require(request)
        found = opened[key] = (Patient(person, viewer, may), through)
    patient, through = found
    if need not in patient.may:
        if patient.is_themselves or Need.READ not in patient.may:
            raise Http404("No such person.")
        raise PermissionDenied("Not yours to change.")
    if through is not None:
        _audit_once(request, patient.viewer.pk if patient.viewer else 0, action, through)
    return patient


def _audit_once(request: HttpRequest, viewer_id: int, action: str, through: Shown) -> None:
    written: set[tuple[int, int | None, int | None, str]] = request.__dict__.setdefault("_unknot_audited", set())
    key = (viewer_id, through.patient_id, through.clinic_id, action)
    if key not in written:
        match = getattr(request, "resolver_match", None)
        audit.record(viewer_id, action, [through], what=match.url_name if match else "")
        written.add(key)


def _person_id(value: Any) -> int:
    """A person's id as a URL or a caller gives it: a positive integer, or digits; anything else is no one."""
    if isinstance(value, bool) or value is None:
        raise Http404("No such person.")
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or not 0 < value < 2**63:
        raise Http404("No such person.")
    return value


def as_themselves(person: User) -> Patient:
    """The person's own records for work the site does for them without a request of theirs: their reminder,
    their calendar feed, their data by command, deleting their account. Never for a request by someone else."""
    return Patient(person, None, THEMSELVES)


def by_calendar_token(token: str) -> Patient | None:
    """The person whose private calendar link this is (None for a wrong or empty one, or a closed account),
    read only: the feed reads their settings and sessions to say when the next one is due."""
    if not token:
        return None
    profile = Profile.objects.select_related("user").filter(calendar_token=token, user__is_active=True).first()
    return Patient(profile.user, None, Need.READ) if profile else None


def stop_reminders_by_token(token: str) -> bool:
    """The unsubscribe link: turns the person's reminders off; False for a wrong or empty link."""
    return bool(token) and Profile.objects.filter(unsubscribe_token=token).update(reminders=False) > 0


def unsubscribe_token_exists(token: str) -> bool:
    return bool(token) and Profile.objects.filter(unsubscribe_token=token).exists()


def everyone_with_reminders() -> QuerySet[Profile]:
    """The reminder sender's list: the profiles of everyone with reminders on (the sender's own work, no viewer)."""
    return Profile.objects.filter(reminders=True, user__is_active=True)


def taken(model: type[Model], record_id: uuid.UUID | str) -> bool:
    """Whether a record with this device-made id exists for anyone: an id a device sends again is kept once,
    and an id of someone else's is refused, without saying whose."""
    assert model in PERSONAL_MODELS
    try:
        return model._default_manager.filter(pk=str(record_id)).exists()
    except BAD_ID:
        return False
