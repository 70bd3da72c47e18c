"""A guest's first session becomes theirs: the session a person did on their phone before they had an account,
with its pain before and after and the safety answers it was started under, kept in their history and counted by
the schedule as if they had been signed in.

The phone keeps the session's saves (the player's save queue) and the safety answers (the check's cookie) for a
day; it sends the answers, never a verdict, and they are scored again here under the question set they were
answered with. Only a person who joined in the last day may take on such a session, or one who proved their address
with an emailed code to save it (care.claim_codes): an older account signing in on a shared phone is never offered
someone else's session."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from care import recording, safety
from care.door import Patient
from care.models import Session
from care.routines import StepPlan
from care.safety_forms import answers_of
from clinical.marks import Mark

KEPT_FOR = timedelta(hours=24)  # how long a phone offers a guest's session, and how new an account must be
CLOCK_SLACK = timedelta(minutes=5)  # a phone's clock a little ahead of the server's
ANSWERS_LAST = timedelta(hours=1)  # the safety answers a kept session takes with it were given this long before it
CLAIM_UNTIL = "unknot.claim_until"  # in the server session: this sign-in proved its address to save a session
KEEP_NOW = "unknot.keep_now"  # home keeps the phone's session without asking (the person just asked to save it)


@dataclass(frozen=True)
class GuestEvent:
    id: uuid.UUID
    step: int
    kind: str
    seconds: int
    recorded_at: datetime


@dataclass(frozen=True)
class GuestFinish:
    pain_after: int
    active_seconds: int
    finished_at: datetime


@dataclass(frozen=True)
class GuestSession:
    """What the phone kept of one session: its start, what happened at each step, and its end if it got there."""

    id: uuid.UUID
    plan: list[StepPlan]
    pain_before: int | None
    started_at: datetime
    name: str = ""
    marks: list[Mark] | None = None
    events: tuple[GuestEvent, ...] = ()
    finish: GuestFinish | None = None


def may_keep(request: HttpRequest, now: datetime, session_id: uuid.UUID | None = None) -> bool:
    """Whether this signed-in person may take on a session done on this phone without an account: they joined in
    the last day (any session the phone kept, each offered to them), or they have just proved their address with a
    code to save one (that one only; `session_id` None asks whether they may be offered any)."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.date_joined >= now - KEPT_FOR:
        return True
    allowed = request.session.get(CLAIM_UNTIL)
    if not isinstance(allowed, dict) or now.timestamp() >= allowed.get("until", 0):
        return False
    return session_id is None or str(session_id) == allowed.get("session")


def allow_keeping(request: HttpRequest, now: datetime, session_id: str, minutes: int = 30) -> None:
    """After an emailed code: this sign-in may save that one session from the phone for the next half hour."""
    request.session[CLAIM_UNTIL] = {"until": (now + timedelta(minutes=minutes)).timestamp(), "session": session_id}


def answers_go_with(device: safety.DeviceAnswers | None, guest: "GuestSession") -> bool:
    """The phone's answers are the ones this session was started under: given before it, within the hour the
    player sends a guest on after them. Another person's answers on a shared phone, hours earlier, are not."""
    if device is None:
        return False
    return (
        device.answered_at <= guest.started_at + CLOCK_SLACK and guest.started_at - device.answered_at <= ANSWERS_LAST
    )


class Held(Exception):
    """The person's safety check holds sessions back (a warning sign), or they have none: nothing is kept until
    they have answered it (`url`), as for a session started signed in."""

    def __init__(self, code: str, url: str, detail: str) -> None:
        super().__init__(detail)
        self.code, self.url, self.detail = code, url, detail


def keep(patient: Patient, guest: GuestSession, device: safety.DeviceAnswers | None, now: datetime) -> Session:
    """Adds a guest's session to the person's record, at its own times, once however often it is sent. The safety
    answers the phone kept for it come first, if the person has none yet: scored again, dated when they were
    given, and under an older question set than today's they are asked again before the next session. Then the
    same gate as any session: held back by a warning sign, or with no answers at all, nothing is kept."""
    if not now - KEPT_FOR <= guest.started_at <= now + CLOCK_SLACK:
        raise ValidationError(_("This session was done more than a day ago, so it can no longer be saved."))
    if guest.finish is not None and not guest.started_at <= guest.finish.finished_at <= now + CLOCK_SLACK:
        raise ValidationError(_("The session's end time is not valid."))
    if answers_go_with(device, guest) and not patient.safety_checks().exists():
        # kept even when the session cannot be: a warning sign among them must hold the person back
        assert device is not None
        answers = answers_of(set(device.ticked), set(device.screens))
        safety.record(patient, answers, device.answered_at, device.screens, version=device.version)
    with transaction.atomic():
        if patient.sessions().filter(pk=guest.id).exists():
            return patient.session(guest.id)
        _gate(patient, now)
        session, _created = recording.start(
            patient, guest.id, guest.plan, guest.pain_before, guest.started_at, name=guest.name, marks=guest.marks
        )
        for event in guest.events:
            recording.record_event(patient, session, event.id, event.step, event.kind, event.seconds, event.recorded_at)
        if guest.finish is not None:
            session = recording.finish(
                patient, session, guest.finish.pain_after, guest.finish.active_seconds, guest.finish.finished_at
            )
    return session


def _gate(patient: Patient, now: datetime) -> None:
    need = safety.need(patient, now)
    if need.blocked is not None:
        url = reverse("care:safety_result", args=[need.blocked.pk])
        raise Held("safety_hold", url, _("Your safety check found a warning sign. Sessions are paused."))
    if not patient.safety_checks().exists():
        url = f"{reverse('care:safety_check')}?next={reverse('care:home')}"
        raise Held("safety_check_needed", url, _("Answer the safety questions first, then keep your session."))
