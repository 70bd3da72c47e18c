"""Booking the next session on the spot: the due day at about the time of day of the session just done, the
email reminder on, and what the calendar and home need to start it again (its length, its link)."""

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, time, tzinfo

from django.urls import reverse

from care.door import Patient
from care.models import Profile, Session
from care.routines import StepPlan, length_seconds
from care.schedule import due_moment, interval, interval_days
from care.time_zones import TimeZoneForm

OFFER_CALENDAR = "unknot.offer_calendar"  # home offers "Add to my calendar" first, once, after a booking
STEP = 30  # minutes: a proposed time is the session's own, rounded up to the half hour


def proposed_time(finished: datetime, zone: tzinfo) -> time:
    """About the time of day of a session that ended at `finished`: rounded up to the half hour, so the due
    moment two days later is never before the areas have rested 48 hours (late at night it stays 23:30; the
    due day then moves on by one)."""
    local = finished.astimezone(zone)
    minutes = math.ceil((local.hour * 60 + local.minute + local.second / 60) / STEP) * STEP
    minutes = min(minutes, 24 * 60 - STEP)
    return time(minutes // 60, minutes % 60)


@dataclass(frozen=True)
class Booking:
    at: datetime  # the booked moment, on the person's clock
    reminders: bool


def known_zone(name: str) -> bool:
    """A zone the settings' list offers (the device's own, confirmed in one tap)."""
    return bool(name) and TimeZoneForm({"time_zone": name}).is_valid()


def _finished(patient: Patient, session_id: str, now: datetime) -> datetime:
    """When the session being booked from ended: its own finish, or now while its last save is on the way."""
    try:
        session = patient.sessions().filter(pk=uuid.UUID(str(session_id))).first()
    except ValueError:
        session = None
    return session.finished_at if session is not None and session.finished_at else now


def book(
    patient: Patient,
    *,
    session_id: str,
    now: datetime,
    at: time | None = None,
    time_zone: str = "",
    remind: bool = True,
) -> Booking:
    """Books the next session: the due day after this one, at `at` or about this session's time of day, on the
    device's time zone when the person has none yet (UTC). Booking turns the email reminder on (unless the
    person unticks it); the calendar feed follows the same due moment."""
    profile = patient.profile()
    fields = ["reminder_time"]
    if time_zone and time_zone != profile.time_zone and known_zone(time_zone):
        profile.time_zone = time_zone
        fields.append("time_zone")
    finished = _finished(patient, session_id, now)
    profile.reminder_time = at or proposed_time(finished, profile.zone)
    if remind and not profile.reminders:
        profile.reminders = True
        fields.append("reminders")
    profile.save(update_fields=fields)
    after = interval(interval_days(patient))
    return Booking(due_moment(finished, profile.zone, profile.reminder_time, after), profile.reminders)


@dataclass(frozen=True)
class NextSession:
    """The session to start when the next one is due: the last one's areas, how long, and where to start it."""

    name: str
    minutes: int
    seconds: int
    path: str


def next_session(patient: Patient) -> NextSession | None:
    """What home's big Start and the calendar's events start: the person's last finished session again (its
    routine, when it had one still there); None before a first session."""
    last = patient.sessions().filter(finished_at__isnull=False).order_by("-finished_at").first()
    if last is None:
        return None
    plan = [StepPlan(step["muscle"], step["side"], step["seconds"]) for step in last.steps]
    seconds = length_seconds(plan)
    if last.routine_id is not None:
        path = reverse("care:play_routine", args=[last.routine_id])
    else:
        path = reverse("care:again", args=[last.pk])
    return NextSession(last.routine_name, max(1, round(seconds / 60)), seconds, path)


def plan_again(patient: Patient, session_id: uuid.UUID) -> tuple[list[StepPlan], Session]:
    """The areas of one of the person's past sessions, to do again (404 for anyone else's)."""
    session = patient.session(session_id)
    return [StepPlan(step["muscle"], step["side"], step["seconds"]) for step in session.steps], session


def profile_zone_is_set(profile: Profile) -> bool:
    """UTC is the default of a new account: until the person confirms a zone, the device's is offered."""
    return profile.time_zone != "UTC"
