"""Saving sessions as they happen. Every save carries an id made by the device, so a save that arrives twice
(or from two devices at once) is kept once; a bad save is refused whole and changes nothing."""

import uuid
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from care import door
from care.door import Need, Patient
from care.models import MAX_SECONDS, PainReading, Routine, Session, StepEvent
from care.pain import check_pain
from care.routines import StepPlan, check_plan
from clinical.marks import MAX_MARKS, Mark

# Times from a device: the offline queue keeps saves for days, so up to 30 days back, 5 minutes ahead. The pain
# diary takes the same window.
OLDEST, AHEAD = timedelta(days=30), timedelta(minutes=5)


def is_recent(value: datetime, now: datetime) -> bool:
    return now - OLDEST <= value <= now + AHEAD


def start(
    patient: Patient,
    session_id: uuid.UUID,
    steps: list[StepPlan],
    pain_before: int | None,
    started_at: datetime,
    routine: Routine | None = None,
    name: str = "",
    marks: list[Mark] | None = None,
) -> tuple[Session, bool]:
    """Creates the session, or returns it when this id was saved before (created is False). A session
    without a routine keeps the name it was started under ("Quick session"), for carrying on and the history.
    A session made from the finder's places (`marks`) keeps them for the quick routine: written here, when the
    person starts it, never when the page is only looked at."""
    patient.require(Need.EDIT)
    # Asked in this order so a save racing this one cannot slip between the two questions: once the id is
    # taken the row stays, and it is either the person's own (kept once) or someone else's (not found).
    if door.taken(Session, session_id):
        existing = patient.sessions().filter(pk=session_id).first()
        if existing is None:
            raise Http404("No such session.")
        return existing, False
    check_plan(steps)
    if pain_before is not None:  # skipped: the session is kept without a reading before it
        check_pain(pain_before, _("Pain before"))
    if routine is not None and routine.owner_id != patient.pk:
        raise Http404("No such routine.")
    try:
        with transaction.atomic():
            session = Session.objects.create(
                id=session_id,
                owner=patient.person,
                routine=routine,
                routine_name=routine.name if routine else " ".join(name.split())[:80],
                steps=[{"muscle": s.muscle, "side": s.side, "seconds": s.seconds} for s in steps],
                started_at=started_at,
                # the version of a clinic's routine it followed, for the practitioner's "how each was followed"
                routine_version=routine.version if routine is not None and routine.clinic_id else None,
            )
            if pain_before is not None:
                PainReading.objects.create(
                    owner=patient.person,
                    session=session,
                    kind=PainReading.Kind.BEFORE,
                    score=pain_before,
                    recorded_at=started_at,
                )
            session.pain_before = pain_before
            if marks:
                kept = "|".join(str(mark) for mark in marks[:MAX_MARKS])
                patient.profiles().update_or_create(user=patient.person, defaults={"last_finder": kept})
    except IntegrityError:
        # The same id arrived from another request a moment ago: that one won, and it is the same session.
        found = patient.sessions().filter(pk=session_id).first()
        if found is None:
            raise Http404("No such session.") from None
        return found, False
    return session, True


def record_event(
    patient: Patient, session: Session, event_id: uuid.UUID, step: int, kind: str, seconds: int, recorded_at: datetime
) -> tuple[StepEvent, bool]:
    """Records what happened at one step; the same event id is kept once."""
    patient.require(Need.EDIT)
    if session.owner_id != patient.pk:
        raise Http404("No such session.")
    if not 0 <= step < len(session.steps):
        raise ValidationError(_("This session has no step %(step)s.") % {"step": step})
    if kind not in StepEvent.Kind.values:
        raise ValidationError(_("Unknown kind of step event."))
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds <= MAX_SECONDS:
        raise ValidationError(_("Seconds worked must be from 0 to %(max)d.") % {"max": MAX_SECONDS})
    planned = session.steps[step]
    try:
        with transaction.atomic():
            event, created = patient.step_events().get_or_create(
                id=event_id,
                defaults={
                    "session": session,
                    "step": step,
                    "muscle": planned["muscle"],
                    "side": planned["side"],
                    "kind": kind,
                    "seconds": seconds,
                    "recorded_at": recorded_at,
                },
            )
    except IntegrityError:
        # Kept a moment ago by another request, or an id of someone else's (then not found here: 404).
        found = patient.step_events().filter(id=event_id).first()
        if found is None:
            raise Http404("No such event.") from None
        event, created = found, False
    if event.session_id != session.pk:
        raise Http404("No such event.")
    return event, created


def finish(patient: Patient, session: Session, pain_after: int, active_seconds: int, finished_at: datetime) -> Session:
    """Closes the session once; finishing again keeps the first answer."""
    patient.require(Need.EDIT)
    check_pain(pain_after, _("Pain after"))
    if isinstance(active_seconds, bool) or not isinstance(active_seconds, int) or not 0 <= active_seconds <= 24 * 3600:
        raise ValidationError(_("The session's length is not valid."))
    with transaction.atomic():
        locked = patient.sessions().select_for_update().filter(pk=session.pk).first()
        if locked is None:
            raise Http404("No such session.")
        if locked.finished_at is None:
            locked.finished_at = finished_at
            locked.active_seconds = active_seconds
            locked.save(update_fields=["finished_at", "active_seconds"])
            PainReading.objects.create(
                owner_id=locked.owner_id,
                session=locked,
                kind=PainReading.Kind.AFTER,
                score=pain_after,
                recorded_at=finished_at,
            )
            locked.pain_after = pain_after
    return locked


def stop(patient: Patient, session: Session, stopped_at: datetime) -> Session:
    """Marks an unfinished session as stopped early, once; a finished one stays finished."""
    patient.require(Need.EDIT)
    patient.sessions().filter(pk=session.pk, finished_at=None, stopped_at=None).update(stopped_at=stopped_at)
    session.refresh_from_db()
    return session
