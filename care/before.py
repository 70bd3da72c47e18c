"""Before the appointment: how the last weeks went, on one page the patient and their practitioner both read.

Adherence is counted against the person's own interval (the practitioner's "every N days", else the handout's
2 to 3 days) by the schedule's own rule (progress.sessions_kept). What happened since the practitioner last saw
the person ("Seen today"; before one is recorded, the last 6 weeks) is listed newest first: notes, warning signs,
nerve sensations and sessions cut short, at most a few, the rest counted."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from django.utils.translation import gettext as _

from care import progress, safety, schedule
from care.door import Patient
from care.models import SafetyCheck, StepEvent
from clinical.content import content
from clinical.sides import STEP

SINCE_DEFAULT = timedelta(weeks=6)  # before a first "Seen today"
SHOWN = 5  # the latest notes and flags shown; the rest are counted


@dataclass(frozen=True)
class Adherence:
    """Sessions kept of those due over a span of days, and the dates it was counted over."""

    weeks: int
    start: datetime
    end: datetime
    kept: int
    due: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.kept / self.due) if self.due else None


@dataclass(frozen=True)
class Event:
    """One thing that happened since the last appointment, as the page lists it."""

    when: datetime
    kind: str  # "note", "flag", "hold", "nerve" or "stopped"
    text: str


@dataclass(frozen=True)
class Before:
    interval_days: int | None
    adherence: list[Adherence]
    since: datetime
    seen_at: datetime | None
    events: list[Event]
    more: int
    stopped: int


def adherence(
    patient: Patient, now: datetime, weeks: int, interval_days: int | Literal["schedule"] | None = "schedule"
) -> Adherence:
    """`interval_days`: the interval to count against (a clinic's); by default the person's own schedule's."""
    start = now - timedelta(weeks=weeks)
    kept = progress.sessions_kept(patient, start, now, interval_days)
    return Adherence(weeks, start, now, kept.kept, kept.due)


def _area(muscle: str, side: str) -> str:
    info = content().muscles.get(muscle)
    name = info.label if info is not None else muscle
    return f"{name}, {STEP[side]}" if side else str(name)


def events_since(patient: Patient, since: datetime, now: datetime) -> list[Event]:
    """Everything worth the practitioner's eye since `since`, newest first."""
    found: list[Event] = []
    diary = patient.diary_entries().filter(recorded_at__gte=since, recorded_at__lte=now).exclude(note="")
    for entry in diary.only("recorded_at", "note", "score"):
        found.append(
            Event(
                entry.recorded_at,
                "note",
                _("Diary, pain %(score)s: “%(note)s”") % {"score": entry.score, "note": entry.note},
            )
        )
    checks = patient.safety_checks().filter(answered_at__gte=since, answered_at__lte=now)
    for check in checks.exclude(result=SafetyCheck.Result.CLEAR).only("answered_at", "answers", "result", "cleared_at"):
        signs = [str(w.sign) for flag, yes in check.answers.items() if yes and (w := safety.wording(flag))]
        text = _("Warning sign: %(signs)s (%(level)s)") % {
            "signs": "; ".join(signs) or _("answer kept"),
            "level": check.get_result_display(),
        }
        found.append(Event(check.answered_at, "hold" if check.cleared_at is None else "flag", text))
    nerves = patient.step_events().filter(kind=StepEvent.Kind.NERVE, recorded_at__gte=since, recorded_at__lte=now)
    for event in nerves.only("recorded_at", "muscle", "side"):
        text = _("Tingling, numbness or sharp pain: %(area)s") % {"area": _area(event.muscle, event.side)}
        found.append(Event(event.recorded_at, "nerve", text))
    stopped = patient.sessions().filter(stopped_at__gte=since, stopped_at__lte=now, finished_at__isnull=True)
    for session in stopped.only("stopped_at", "routine_name"):
        assert session.stopped_at is not None
        found.append(Event(session.stopped_at, "stopped", _("A session stopped early")))
    return sorted(found, key=lambda event: event.when, reverse=True)


def before_appointment(
    patient: Patient, now: datetime, seen_at: datetime | None, clinic_id: int | None = None
) -> Before:
    """For a clinic's page (`clinic_id`), adherence is counted against that clinic's interval alone: another
    clinic's routine is never named there. For the person's own summary, against their schedule."""
    since = seen_at if seen_at is not None else now - SINCE_DEFAULT
    events = events_since(patient, since, now)
    days = schedule.interval_days(patient, clinic_id)
    return Before(
        interval_days=days,
        adherence=[adherence(patient, now, 2, days), adherence(patient, now, 6, days)],
        since=since,
        seen_at=seen_at,
        events=events[:SHOWN],
        more=max(0, len(events) - SHOWN),
        stopped=sum(1 for event in events if event.kind == "stopped"),
    )
