"""The shapes of the personal API (my routines, sessions, schedule): what it accepts, with its limits, and
what it answers. Numbers are strict; times from a device must be recent; text never holds a NUL."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, StrictInt

from care import recording
from care.models import DEFAULT_SECONDS, MAX_SECONDS, MIN_SECONDS
from care.pain import PAIN_MAX, PAIN_MIN
from clinical.marks import MAX_MARKS
from clinical.sides import Side


class Problem(Schema):
    detail: str


class Invalid(Schema):
    """The request's body or query did not validate: one entry per field, `loc` naming it."""

    detail: list[dict[str, Any]]


class SafetyHold(Schema):
    """Self-massage is held back: answer the safety check first (`safety_check_needed`), or a warning sign
    holds sessions until a clinician's clearance is recorded (`safety_hold`). `url` is the page to open."""

    detail: str
    code: Literal["safety_check_needed", "safety_hold"]
    url: str


class OtherPerson(Schema):
    """A save made on this device by someone else than the person signed in now (X-Unknot-Person): not kept
    here; it waits on the device for its own person."""

    detail: str
    code: Literal["not_this_person"]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


def _recent(value: datetime | None) -> datetime | None:
    """Times from a device: the offline queue keeps saves for days, so up to 30 days back, 5 minutes ahead."""
    if value is None:
        return value
    if value.tzinfo is None:
        raise ValueError("must include a time zone offset, e.g. 2026-03-02T18:00:00+01:00")
    if not recording.is_recent(value, timezone.now()):
        raise ValueError("must be within the last 30 days and no more than 5 minutes ahead of the server's clock")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


DeviceTime = Annotated[datetime | None, AfterValidator(_recent)]


Pain = Annotated[StrictInt, Field(ge=PAIN_MIN, le=PAIN_MAX, description="0 (no pain) to 10 (the worst imaginable)")]


class StepIn(Schema):
    muscle: Text = Field(..., max_length=40, description="a muscle id of the vocabulary")
    side: Side = Field("", description="left, right, or empty for both sides at once")
    seconds: StrictInt = Field(DEFAULT_SECONDS, ge=MIN_SECONDS, le=MAX_SECONDS)


class StepOut(Schema):
    position: int
    muscle: str
    side: Side
    seconds: int


class RoutineIn(Schema):
    name: Text = Field(..., max_length=80)
    steps: list[StepIn] = Field(..., max_length=60)


class RoutineOut(Schema):
    id: int
    name: str
    steps: list[StepOut]


class SessionStart(Schema):
    id: uuid.UUID
    routine: StrictInt | None = None
    name: Text = Field("", max_length=80, description="What the session is called when it has no routine.")
    pain_before: Pain | None = Field(..., description="null when the person skipped the question.")
    started_at: DeviceTime = None
    steps: list[StepIn] = Field(..., max_length=60)
    regions: list[Annotated[Text, Field(max_length=40)]] = Field(
        default_factory=list,
        max_length=MAX_MARKS,
        description="The finder's places the session was made from (`temple:left`), kept for the quick routine.",
    )


class EventIn(Schema):
    id: uuid.UUID
    step: StrictInt = Field(..., ge=0, le=59)
    kind: Literal["done", "cut_short", "skipped", "nerve"]
    seconds: StrictInt = Field(0, ge=0, le=MAX_SECONDS)
    recorded_at: DeviceTime = None


class EventOut(Schema):
    id: uuid.UUID
    step: int
    muscle: str
    side: str
    kind: str
    seconds: int
    recorded_at: datetime


class FinishIn(Schema):
    pain_after: Pain
    active_seconds: StrictInt = Field(..., ge=0, le=24 * 3600)


class GuestFinishIn(FinishIn):
    finished_at: DeviceTime = Field(..., description="When the session ended on the device.")


class GuestSessionIn(Schema):
    """A session done on this device before the person had an account, as the device kept it: its start, what
    happened at each step, and its finish if it got there."""

    start: SessionStart
    events: list[EventIn] = Field(default_factory=list, max_length=240)
    finish: GuestFinishIn | None = None


class StepPlanOut(Schema):
    muscle: str
    side: str
    seconds: int


class SessionOut(Schema):
    id: uuid.UUID
    routine: int | None = Field(None, alias="routine_id")
    routine_name: str
    steps: list[StepPlanOut]
    started_at: datetime
    finished_at: datetime | None
    stopped_at: datetime | None = Field(None, description="Ended early by the person: kept, never counted as done")
    pain_before: int | None
    pain_after: int | None
    active_seconds: int
    events: list[EventOut]


class DueOut(Schema):
    state: str
    last: datetime | None
    due_from: datetime | None
    overdue_after: datetime | None


class TokenOut(Schema):
    token: str
