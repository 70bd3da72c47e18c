"""The JSON API for a person's own routines, sessions and schedule (session cookie and CSRF token).

Every query is scoped to the signed-in person; another person's records answer 404."""

import uuid
from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.security import SessionAuth

from care import recording, routines, safety, schedule
from care.models import Session
from care.people import routine_for, routines_of, session_for, sessions_of

router = Router(auth=SessionAuth(csrf=True), tags=["my care"])


class Problem(Schema):
    detail: str


class SafetyHold(Schema):
    """Self-massage is held back: answer the safety check first (`safety_check_needed`), or a warning sign
    holds sessions until a clinician's clearance is recorded (`safety_hold`). `url` is the page to open."""

    detail: str
    code: Literal["safety_check_needed", "safety_hold"]
    url: str


def _held(request: HttpRequest, starting: bool) -> Status | None:
    """The same hold as the player: a session is not started (or recorded while on hold) through the API."""
    need = safety.need(request.user, timezone.now())
    if need.blocked is not None:
        return Status(
            403,
            {
                "detail": "Your safety check found a warning sign. Sessions are paused until you record that a "
                "clinician has cleared you.",
                "code": "safety_hold",
                "url": reverse("care:safety_result", args=[need.blocked.pk]),
            },
        )
    if starting and need.ask:
        return Status(
            403,
            {"detail": str(need.reason), "code": "safety_check_needed", "url": reverse("care:safety_check")},
        )
    return None


class StepIn(Schema):
    muscle: str
    side: str = ""
    seconds: int = 90


class StepOut(StepIn):
    position: int


class RoutineIn(Schema):
    name: str = Field(..., max_length=80)
    steps: list[StepIn]


class RoutineOut(Schema):
    id: int
    name: str
    steps: list[StepOut]


class SessionStart(Schema):
    id: uuid.UUID
    routine: int | None = None
    pain_before: int
    started_at: datetime | None = None
    steps: list[StepIn]


class EventIn(Schema):
    id: uuid.UUID
    step: int
    kind: str
    seconds: int = 0
    recorded_at: datetime | None = None


class EventOut(Schema):
    id: uuid.UUID
    step: int
    muscle: str
    side: str
    kind: str
    seconds: int
    recorded_at: datetime


class FinishIn(Schema):
    pain_after: int
    active_seconds: int


class SessionOut(Schema):
    id: uuid.UUID
    routine: int | None = Field(None, alias="routine_id")
    routine_name: str
    steps: list[StepIn]
    started_at: datetime
    finished_at: datetime | None
    pain_before: int | None
    pain_after: int | None
    active_seconds: int
    events: list[EventOut]


class DueOut(Schema):
    state: str
    last: datetime | None
    due_from: datetime | None
    overdue_after: datetime | None


def _routine_out(routine) -> dict:
    return {
        "id": routine.pk,
        "name": routine.name,
        "steps": [
            {"position": s.position, "muscle": s.muscle, "side": s.side, "seconds": s.seconds}
            for s in routine.steps.all()
        ],
    }


def _session_out(session: Session) -> dict:
    return {
        **{f: getattr(session, f) for f in SessionOut.model_fields if f not in {"events", "routine"}},
        "routine_id": session.routine_id,
        "events": list(session.events.all()),
    }


def _plan(steps: list[StepIn]) -> list[routines.StepPlan]:
    return [routines.StepPlan(s.muscle, s.side, s.seconds) for s in steps]


@router.get("/routines", response=list[RoutineOut], summary="My routines")
def list_routines(request: HttpRequest):
    return [_routine_out(r) for r in routines_of(request.user).prefetch_related("steps")]


@router.post("/routines", response={201: RoutineOut, 400: Problem}, summary="Make a routine")
def create_routine(request: HttpRequest, body: RoutineIn):
    try:
        routine = routines.save_routine(request.user, body.name, _plan(body.steps))
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0]})
    return Status(201, _routine_out(routine))


@router.get("/routines/{routine_id}", response={200: RoutineOut, 404: Problem}, summary="One of my routines")
def get_routine(request: HttpRequest, routine_id: int):
    return _routine_out(routine_for(request.user, routine_id))


@router.put(
    "/routines/{routine_id}", response={200: RoutineOut, 400: Problem, 404: Problem}, summary="Change a routine"
)
def update_routine(request: HttpRequest, routine_id: int, body: RoutineIn):
    routine = routine_for(request.user, routine_id)
    try:
        routine = routines.save_routine(request.user, body.name, _plan(body.steps), routine)
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0]})
    return _routine_out(routine_for(request.user, routine.pk))


@router.delete("/routines/{routine_id}", response={204: None, 404: Problem}, summary="Delete a routine")
def delete_routine(request: HttpRequest, routine_id: int):
    routine_for(request.user, routine_id).delete()
    return Status(204, None)


@router.get("/sessions", response=list[SessionOut], summary="My sessions, newest first")
def list_sessions(request: HttpRequest, limit: int = 50):
    limit = max(1, min(limit, 200))
    return [_session_out(s) for s in sessions_of(request.user).prefetch_related("events")[:limit]]


@router.post(
    "/sessions",
    response={200: SessionOut, 201: SessionOut, 400: Problem, 403: SafetyHold, 404: Problem},
    summary="Start a session",
    description="Refused with 403 while the person needs a safety check or is held back by a warning sign. "
    "A session that was already saved (a retried start) is returned as it is.",
)
def start_session(request: HttpRequest, body: SessionStart):
    if not sessions_of(request.user).filter(pk=body.id).exists():
        held = _held(request, starting=True)
        if held:
            return held
    routine = routine_for(request.user, body.routine) if body.routine is not None else None
    try:
        session, created = recording.start(
            request.user, body.id, _plan(body.steps), body.pain_before, body.started_at or timezone.now(), routine
        )
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0]})
    return Status(201 if created else 200, _session_out(session))


@router.get("/sessions/{session_id}", response={200: SessionOut, 404: Problem}, summary="One of my sessions")
def get_session(request: HttpRequest, session_id: str):
    return _session_out(session_for(request.user, session_id))


@router.post(
    "/sessions/{session_id}/events",
    response={200: EventOut, 201: EventOut, 400: Problem, 403: SafetyHold, 404: Problem},
    summary="Record what happened at a step (idempotent by event id)",
    description="Refused with 403 while a warning sign holds sessions back.",
)
def record_event(request: HttpRequest, session_id: str, body: EventIn):
    session = session_for(request.user, session_id)
    held = _held(request, starting=False)
    if held:
        return held
    try:
        event, created = recording.record_event(
            session, body.id, body.step, body.kind, body.seconds, body.recorded_at or timezone.now()
        )
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0]})
    return Status(201 if created else 200, event)


@router.post(
    "/sessions/{session_id}/finish",
    response={200: SessionOut, 400: Problem, 403: SafetyHold, 404: Problem},
    summary="Finish a session with pain after (a second finish keeps the first)",
    description="Refused with 403 while a warning sign holds sessions back.",
)
def finish_session(request: HttpRequest, session_id: str, body: FinishIn):
    session = session_for(request.user, session_id)
    held = _held(request, starting=False)
    if held:
        return held
    try:
        session = recording.finish(session, body.pain_after, body.active_seconds, timezone.now())
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0]})
    return _session_out(session)


@router.get("/schedule", response=DueOut, summary="When my next session is due")
def get_schedule(request: HttpRequest):
    state = schedule.due(request.user, timezone.now())
    return {"state": state.state, "last": state.last, "due_from": state.due_from, "overdue_after": state.overdue_after}
