"""The JSON API for a person's own routines, sessions and schedule (session cookie and CSRF token).

Every query is scoped to the signed-in person; another person's records answer 404. Answers are personal:
they carry Cache-Control: no-store (unknot.headers)."""

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import SessionAuth

from api.care_schemas import (
    DueOut,
    EventIn,
    EventOut,
    FinishIn,
    GuestSessionIn,
    Invalid,
    OtherPerson,
    Problem,
    RoutineIn,
    RoutineOut,
    SafetyHold,
    SessionOut,
    SessionStart,
    StepIn,
    TokenOut,
)
from care import export, fhir, gate, guest_work, offline, recording, routines, safety, schedule
from care.door import AuthenticatedRequest, patient_for
from care.models import Routine, Session
from clinical.marks import UnknownRegion, parse_marks

router = Router(auth=SessionAuth(csrf=True), tags=["my care"])


# Every answer this router gives, declared: not signed in (401), a write without its CSRF token (403), a body
# or query that does not validate (422), and for session writes the safety hold (403).
SIGNED_OUT = {401: Problem, 422: Invalid}
WRITE = {401: Problem, 403: Problem, 422: Invalid}
HELD = {401: Problem, 403: SafetyHold | Problem, 409: OtherPerson, 422: Invalid}
MAX_PAGE = 200
# Far beyond any person's list, and far below the 64-bit integers the databases take (2**63 gave 500).
MAX_OFFSET = 1_000_000


class Pages(LimitOffsetPagination):
    """A page at a time, with `offset` bounded in the schema as `limit` is: a larger one is refused with 422."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=MAX_PAGE, description=f"at most {MAX_PAGE} items"
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"items to skip, at most {MAX_OFFSET:,}")


def someone_elses_save(request: HttpRequest) -> Status | None:
    """Asked first, before the record is looked up: a 404 would make the device drop the save for good."""
    if offline.someone_else(request):
        detail = "This was saved on this device by someone else; it waits for them to sign in."
        return Status(409, {"detail": detail, "code": "not_this_person"})
    return None


def _held(request: HttpRequest, starting: bool) -> Status | None:
    """The same gate as the player's pages (care.gate): no session is started, or recorded on hold, here. A save
    made on this device by another person than the one signed in is not theirs to keep (care.offline)."""
    if other := someone_elses_save(request):
        return other
    found = gate.hold(request, starting=starting)
    if found is None:
        return None
    return Status(403, {"detail": found.detail, "code": found.code, "url": found.url})


def _routine_out(routine: Routine) -> dict:
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


@router.get("/routines", response={200: list[RoutineOut], **SIGNED_OUT}, summary="My routines, a page at a time")
@paginate(Pages, max_limit=MAX_PAGE)
def list_routines(request: AuthenticatedRequest) -> Any:
    return patient_for(request).routines().prefetch_related("steps")


@router.post("/routines", response={201: RoutineOut, 400: Problem, **WRITE}, summary="Make a routine")
def create_routine(request: AuthenticatedRequest, body: RoutineIn) -> Any:
    try:
        routine = routines.save_routine(patient_for(request), body.name, _plan(body.steps))
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0]})
    return Status(201, _routine_out(routine))


@router.get(
    "/routines/{routine_id}", response={200: RoutineOut, 404: Problem, **SIGNED_OUT}, summary="One of my routines"
)
def get_routine(request: AuthenticatedRequest, routine_id: int) -> Any:
    return _routine_out(patient_for(request).routine(routine_id))


@router.put(
    "/routines/{routine_id}",
    response={200: RoutineOut, 400: Problem, 404: Problem, **WRITE},
    summary="Change a routine",
)
def update_routine(request: AuthenticatedRequest, routine_id: int, body: RoutineIn) -> Any:
    routine = patient_for(request).routine(routine_id)
    try:
        routine = routines.save_routine(patient_for(request), body.name, _plan(body.steps), routine)
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0]})
    return _routine_out(patient_for(request).routine(routine.pk))


@router.delete("/routines/{routine_id}", response={204: None, 404: Problem, **WRITE}, summary="Delete a routine")
def delete_routine(request: AuthenticatedRequest, routine_id: int) -> Any:
    patient_for(request).routine(routine_id).delete()
    return Status(204, None)


@router.get(
    "/sessions", response={200: list[SessionOut], **SIGNED_OUT}, summary="My sessions, newest first, a page at a time"
)
@paginate(Pages, max_limit=MAX_PAGE)
def list_sessions(request: AuthenticatedRequest) -> Any:
    return patient_for(request).sessions().prefetch_related("events")


@router.post(
    "/sessions",
    response={200: SessionOut, 201: SessionOut, 400: Problem, 404: Problem, **HELD},
    summary="Start a session",
    description="Refused with 403 while the person needs a safety check or is held back by a warning sign. "
    "A session that was already saved (a retried start) is returned as it is.",
)
def start_session(request: AuthenticatedRequest, body: SessionStart) -> Any:
    if other := someone_elses_save(request):
        return other
    if not patient_for(request).sessions().filter(pk=body.id).exists():
        held = _held(request, starting=True)
        if held:
            return held
    routine = patient_for(request).routine(body.routine) if body.routine is not None else None
    try:
        marks = parse_marks(body.regions)
    except UnknownRegion as error:
        return Status(400, {"detail": f"Unknown region: {', '.join(error.marks)}."})
    try:
        session, created = recording.start(
            patient_for(request),
            body.id,
            _plan(body.steps),
            body.pain_before,
            body.started_at or timezone.now(),
            routine,
            name=body.name,
            marks=marks,
        )
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0]})
    return Status(201 if created else 200, _session_out(session))


@router.post(
    "/sessions/kept",
    response={
        200: SessionOut,
        201: SessionOut,
        400: Problem,
        401: Problem,
        403: SafetyHold | Problem,
        404: Problem,
        422: Invalid,
    },
    summary="Save a session done on this device before signing up",
    description="For a person who joined in the last day, or who proved their address with a code to save this "
    "session: the session the device kept, at its own times, with the safety answers the device gave just before "
    "it (scored again). Sending it again returns it as it is. 403 with a safety code while the person's safety "
    "check holds sessions back or was never answered (answer it, then send it again); 403 for anyone else.",
)
def keep_guest_session(request: AuthenticatedRequest, response: HttpResponse, body: GuestSessionIn) -> Any:
    now = timezone.now()
    start = body.start
    if not guest_work.may_keep(request, now, start.id):
        return Status(403, {"detail": "Only a new account can save a session done on this device before it."})
    if start.started_at is None:
        return Status(400, {"detail": "started_at is required."})
    try:
        marks = parse_marks(start.regions)
    except UnknownRegion as error:
        return Status(400, {"detail": f"Unknown region: {', '.join(error.marks)}."})
    guest = guest_work.GuestSession(
        id=start.id,
        plan=_plan(start.steps),
        pain_before=start.pain_before,
        started_at=start.started_at,
        name=start.name,
        marks=marks,
        events=tuple(
            guest_work.GuestEvent(e.id, e.step, e.kind, e.seconds, e.recorded_at or start.started_at)
            for e in body.events
        ),
        finish=guest_work.GuestFinish(body.finish.pain_after, body.finish.active_seconds, body.finish.finished_at)
        if body.finish is not None and body.finish.finished_at is not None
        else None,
    )
    existed = patient_for(request).sessions().filter(pk=start.id).exists()
    try:
        session = guest_work.keep(patient_for(request), guest, safety.device_answers(request), now)
    except guest_work.Held as held:
        return Status(403, {"detail": held.detail, "code": held.code, "url": held.url})
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0]})
    response.delete_cookie(safety.DEVICE_COOKIE)  # taken on once: never again for anyone else on this phone
    return Status(200 if existed else 201, _session_out(session))


@router.get(
    "/sessions/{session_id}", response={200: SessionOut, 404: Problem, **SIGNED_OUT}, summary="One of my sessions"
)
def get_session(request: AuthenticatedRequest, session_id: str) -> Any:
    return _session_out(patient_for(request).session(session_id))


@router.post(
    "/sessions/{session_id}/events",
    response={200: EventOut, 201: EventOut, 400: Problem, 404: Problem, **HELD},
    summary="Record what happened at a step (idempotent by event id)",
    description="Refused with 403 while a warning sign holds sessions back.",
)
def record_event(request: AuthenticatedRequest, session_id: str, body: EventIn) -> Any:
    if other := someone_elses_save(request):
        return other
    session = patient_for(request).session(session_id)
    held = _held(request, starting=False)
    if held:
        return held
    try:
        event, created = recording.record_event(
            patient_for(request),
            session,
            body.id,
            body.step,
            body.kind,
            body.seconds,
            body.recorded_at or timezone.now(),
        )
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0]})
    return Status(201 if created else 200, event)


@router.post(
    "/sessions/{session_id}/finish",
    response={200: SessionOut, 400: Problem, 404: Problem, **HELD},
    summary="Finish a session with pain after (a second finish keeps the first)",
    description="Refused with 403 while a warning sign holds sessions back.",
)
def finish_session(request: AuthenticatedRequest, session_id: str, body: FinishIn) -> Any:
    if other := someone_elses_save(request):
        return other
    session = patient_for(request).session(session_id)
    held = _held(request, starting=False)
    if held:
        return held
    try:
        session = recording.finish(patient_for(request), session, body.pain_after, body.active_seconds, timezone.now())
    except ValidationError as error:
        return Status(400, {"detail": error.messages[0]})
    return _session_out(session)


@router.get(
    "/csrf",
    response={200: TokenOut, **SIGNED_OUT},
    summary="A fresh CSRF token, for a page whose token was refused",
    description="Send it as X-CSRFToken with the next write. The player asks for one when a save is refused "
    "with 403 and no safety code, instead of retrying with the old token for ever.",
)
def csrf_token(request: AuthenticatedRequest) -> Any:
    return {"token": get_token(request)}


@router.get("/schedule", response={200: DueOut, **SIGNED_OUT}, summary="When my next session is due")
def get_schedule(request: AuthenticatedRequest) -> Any:
    state = schedule.due(patient_for(request), timezone.now())
    return {"state": state.state, "last": state.last, "due_from": state.due_from, "overdue_after": state.overdue_after}


@router.get(
    "/me/export",
    response={200: None, **SIGNED_OUT},
    summary="Download everything unknot keeps about me",
    description="format=json: one JSON document; format=csv: a zip with one CSV file per kind of record; "
    "format=fhir: one FHIR R4 (4.0.1) Bundle of type collection (the Patient, pain readings as Observations, "
    "sessions as Procedures, unknot's code systems). Sent as an attachment, never stored by caches.",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The download",
                "content": {"application/json": {}, "application/zip": {}, fhir.MEDIA_TYPE: {}},
            }
        }
    },
)
def export_me(request: AuthenticatedRequest, format: Literal["json", "csv", "fhir"] = "json") -> HttpResponse:
    stamp = timezone.now().strftime("%Y-%m-%d")
    if format == "fhir":
        response = HttpResponse(fhir.as_json(patient_for(request)), content_type=fhir.MEDIA_TYPE)
        response["Content-Disposition"] = f'attachment; filename="unknot-{stamp}.fhir.json"'
    elif format == "csv":
        response = HttpResponse(export.as_csv_zip(patient_for(request)), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="unknot-{stamp}.zip"'
    else:
        response = HttpResponse(export.as_json(patient_for(request)), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="unknot-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response
