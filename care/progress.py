"""Progress: where it hurt over a period compared with the period before, and pain over time. Plain functions
over a person's readings; the page and the charts draw what these return."""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from care import questionnaire, schedule
from care.door import Patient
from care.models import PainReading, Profile
from clinical import ndi
from clinical.content import content

ALL_TIME = "all"
PERIODS = {"4w": (28, _("4 weeks")), "3m": (91, _("3 months")), "1y": (365, _("a year")), ALL_TIME: (0, _("All time"))}
DEFAULT_PERIOD = "4w"


def period_of(value: str | None) -> tuple[str, int, str]:
    """A ?period= value as (key, days, label); anything unknown is the default. "All time" has 0 days: its length
    comes from the person's first record (window())."""
    key = value if value in PERIODS else DEFAULT_PERIOD
    days, label = PERIODS[key]
    return key, days, str(label)


def first_record(patient: Patient) -> datetime | None:
    """When the person's first session or pain score was recorded (the start of "All time")."""
    starts = [
        patient.sessions().aggregate(first=Min("started_at"))["first"],
        patient.pain_readings().aggregate(first=Min("recorded_at"))["first"],
    ]
    return min((moment for moment in starts if moment is not None), default=None)


def window(patient: Patient, key: str, now: datetime) -> int:
    """The days a period covers ending now: its own length, or for "All time" since the first record (at least
    one day), rounded up to an even number so then-and-now can split it in two halves."""
    days = PERIODS[key][0]
    if key != ALL_TIME:
        return days
    first = first_record(patient)
    span = max(1, math.ceil((now - first).total_seconds() / 86400)) if first else 28
    return span + span % 2


LEVELS = 5  # shades of the heat map: average pain 0-2, 2-4, 4-6, 6-8, 8-10


@dataclass(frozen=True)
class Mark:
    """One place in one period, in the person's own units."""

    pain: float  # the average pain score (0-10) of the diary entries that marked it
    days: int  # on how many days it was marked


@dataclass(frozen=True)
class Place:
    key: str  # "top-of-shoulder:left"
    then: Mark | None  # in the period before
    now: Mark | None  # and in this period


@dataclass(frozen=True)
class ThenAndNow:
    then_start: datetime
    now_start: datetime
    end: datetime
    then_levels: dict[str, int]
    now_levels: dict[str, int]
    places: list[Place]  # most painful now first

    @property
    def views(self) -> list[str]:
        """The body views with a marked place in either period, back first (where most neck pain is)."""

        regions = content().regions
        used = {regions[key.split(":")[0]].view for key in self.then_levels | self.now_levels}
        return [view for view in ("back", "front", "side") if view in used]


def averages(marks: list[tuple[str, date, int]]) -> dict[str, Mark]:
    """Each place's average pain over the entries that marked it, and the days it was marked on."""
    scores: dict[str, list[int]] = defaultdict(list)
    days: dict[str, set[date]] = defaultdict(set)
    for key, day, score in marks:
        scores[key].append(score)
        days[key].add(day)
    return {key: Mark(round(sum(values) / len(values), 1), len(days[key])) for key, values in scores.items()}


def levels(marks: dict[str, Mark]) -> dict[str, int]:
    """Each place's shade from its average pain on the 0-10 scale itself (1 the lightest, LEVELS the darkest), so
    the same shade means the same pain in both periods."""
    return {key: min(LEVELS, max(1, math.ceil(mark.pain * LEVELS / 10))) for key, mark in marks.items()}


def then_and_now(patient: Patient, now: datetime, days: int) -> ThenAndNow:
    """The diary's marks in the last `days` against the `days` before, each place by its average pain and the days
    it was marked."""
    now_start = now - timedelta(days=days)
    then_start = now_start - timedelta(days=days)
    rows = (
        patient.pain_readings()
        .filter(kind=PainReading.Kind.DIARY, recorded_at__gte=then_start, recorded_at__lte=now)
        .values_list("recorded_at", "score", "marks")
    )
    then_marks: list[tuple[str, date, int]] = []
    now_marks: list[tuple[str, date, int]] = []
    for recorded_at, score, marks in rows:
        bucket = now_marks if recorded_at >= now_start else then_marks
        day = timezone.localdate(recorded_at)
        bucket.extend((str(key), day, score) for key in marks or [])
    then, current = averages(then_marks), averages(now_marks)

    def worst_now_first(key: str) -> tuple[float, int, str]:
        mark = current.get(key)
        return (-mark.pain, -mark.days, key) if mark else (1.0, 0, key)

    places = [
        Place(key, then.get(key), current.get(key)) for key in sorted(set(then) | set(current), key=worst_now_first)
    ]
    return ThenAndNow(then_start, now_start, now, levels(then), levels(current), places)


def finished_between(patient: Patient, start: datetime, end: datetime) -> list[datetime]:
    """When each finished session of the period started."""

    return list(
        patient.sessions()
        .filter(finished_at__isnull=False, started_at__gte=start, started_at__lte=end)
        .values_list("started_at", flat=True)
    )


def pain_over_time(patient: Patient, start: datetime, end: datetime) -> list[PainReading]:
    """Every reading in the period, oldest first: before and after sessions and diary entries."""
    return list(
        patient.pain_readings()
        .filter(recorded_at__gte=start, recorded_at__lte=end)
        .only("recorded_at", "score", "kind")
        .order_by("recorded_at")
    )


@dataclass(frozen=True)
class Summary:
    """What a person brings to an appointment: the period's sessions against the plan, pain, areas, warnings."""

    start: datetime
    end: datetime
    sessions: int
    planned: int  # the period's days over the interval asked (or the handout's 2 to 3 days: 2.5)
    before_start: float | None  # mean pain before a session, first and last two weeks of the period
    before_end: float | None
    relief: float | None  # mean drop from before to after a session
    areas: list[tuple[str, str, int]]  # muscle id, side, times worked, most worked first
    nerves: list[tuple[datetime, str, str]]  # when, muscle id, side: tingling, numbness or sharp pain
    interval_days: int | None = None  # a practitioner's "every N days", which `planned` counts by


def summary(patient: Patient, now: datetime, days: int, interval_days: int | None = None) -> Summary:
    """The period's figures; sessions planned by `interval_days` (a practitioner's) or the handout's 2 to 3 days."""

    start = now - timedelta(days=days)
    done = list(patient.sessions().filter(finished_at__isnull=False, started_at__gte=start, started_at__lte=now))
    before_start, before_end = _first_and_last_two_weeks(
        [(s.started_at, s.pain_before) for s in done if s.pain_before is not None], start, now
    )
    drops = [s.pain_before - s.pain_after for s in done if s.pain_before is not None and s.pain_after is not None]
    areas = [(muscle, side, worked) for muscle, side, worked, _nerve in areas_worked(patient, start, now) if worked]
    nerves = list(
        patient.step_events()
        .filter(kind="nerve", recorded_at__gte=start, recorded_at__lte=now)
        .order_by("-recorded_at")
        .values_list("recorded_at", "muscle", "side")[:10]
    )
    return Summary(
        start=start,
        end=now,
        sessions=len(done),
        planned=round(days / (interval_days or 2.5)),
        before_start=before_start,
        before_end=before_end,
        relief=round(sum(drops) / len(drops), 1) if drops else None,
        areas=areas,
        nerves=nerves,
        interval_days=interval_days,
    )


def areas_worked(patient: Patient, start: datetime, end: datetime, top: int = 8) -> list[tuple[str, str, int, int]]:
    """The areas (muscle, side) worked most in the period, with how often tingling was reported there."""

    rows = (
        patient.step_events()
        .filter(recorded_at__gte=start, recorded_at__lte=end)
        .values("muscle", "side")
        .annotate(
            worked=Count("id", filter=Q(kind__in=("done", "cut_short"))), nerve=Count("id", filter=Q(kind="nerve"))
        )
        .order_by("-worked", "muscle", "side")[:top]
    )
    return [(row["muscle"], row["side"], row["worked"], row["nerve"]) for row in rows]


TWO_WEEKS = timedelta(days=14)


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _first_and_last_two_weeks(
    scores: list[tuple[datetime, int]], start: datetime, end: datetime
) -> tuple[float | None, float | None]:
    """The mean score of the period's first two weeks and of its last two weeks."""
    firsts = [score for when, score in scores if when < start + TWO_WEEKS]
    lasts = [score for when, score in scores if when >= end - TWO_WEEKS]
    return _mean(firsts), _mean(lasts)


def pain_before_sessions(patient: Patient, start: datetime, end: datetime) -> tuple[float | None, float | None]:
    """Pain before a session (0-10) then and now: the mean of the period's first two weeks and of its last two."""
    rows = (
        patient.pain_readings()
        .filter(
            kind=PainReading.Kind.BEFORE,
            session__finished_at__isnull=False,
            session__started_at__gte=start,
            session__started_at__lte=end,
        )
        .values_list("session__started_at", "score")
    )
    return _first_and_last_two_weeks(list(rows), start, end)


@dataclass(frozen=True)
class Kept:
    """Of the sessions the schedule made due in a period, how many were done in time."""

    kept: int
    due: int


def sessions_kept(
    patient: Patient, start: datetime, end: datetime, interval_days: int | Literal["schedule"] | None = "schedule"
) -> Kept:
    """The schedule's own rule (care/schedule.py), replayed over the period: after each finished session the next
    is due from due_moment() until a day later. A session in that window keeps it; none misses it, and the next
    falls due 2 to 3 days after the missed one's window closed. A session before its due time is an extra, not a
    kept one, and a window still open at `end` is not counted yet. Nothing is due before a first session."""
    before = (
        patient.sessions()
        .filter(finished_at__isnull=False, finished_at__lt=start)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    finished = list(
        patient.sessions()
        .filter(finished_at__isnull=False, finished_at__gte=start, finished_at__lte=end)
        .order_by("finished_at")
        .values_list("finished_at", flat=True)
    )
    profile = patient.profiles().only("time_zone", "reminder_time").first() or Profile()
    zone, at, window = profile.zone, profile.reminder_time, schedule.OVERDUE_AFTER - schedule.DUE_AFTER
    # the person's own schedule, unless a caller names the interval (a clinic's page: that clinic's)
    days = schedule.interval_days(patient) if interval_days == "schedule" else interval_days
    after = schedule.interval(days)
    last = before
    kept = due = 0
    upcoming = iter(finished)
    following = next(upcoming, None)
    if last is None:  # the first session starts the schedule
        last, following = following, next(upcoming, None)
    while last is not None:
        due_from = schedule.due_moment(last, zone, at, after)
        closes = due_from + window
        if following is not None and following < due_from:  # an extra session: the schedule starts again from it
            last, following = following, next(upcoming, None)
            continue
        if following is None and closes > end:
            break  # still open: neither kept nor missed yet
        counted = due_from >= start
        if following is not None and following < closes:
            kept += counted
            last, following = following, next(upcoming, None)
        else:
            last = closes
        due += counted
    return Kept(kept, due)


@dataclass(frozen=True)
class Headline:
    """The answer to "am I better?", first on the progress page. Each part is None when there is not enough yet."""

    neck_then: questionnaire.Row | None
    neck_now: questionnaire.Row | None
    pain_then: float | None
    pain_now: float | None
    kept: Kept

    @property
    def neck_change(self) -> ndi.Change | None:
        if self.neck_then is None or self.neck_now is None:
            return None
        return ndi.change(self.neck_then.score, self.neck_now.score)


def neck_then_and_now(
    rows: list[questionnaire.Row], start: datetime, end: datetime
) -> tuple[questionnaire.Row | None, questionnaire.Row | None]:
    """From a history (newest first): the newest scored questionnaire of the period, and to compare it with the
    newest scored one on or before the period's start, else the period's first; (None, None) without two."""
    scored = [row for row in rows if row.score.total is not None and row.questionnaire.answered_at <= end]
    now = next((row for row in scored if row.questionnaire.answered_at >= start), None)
    if now is None:
        return None, None
    then = next((row for row in scored if row.questionnaire.answered_at <= start), None)
    then = then or [row for row in scored if row.questionnaire.answered_at >= start][-1]
    return (None, None) if then is now else (then, now)


def headline(patient: Patient, rows: list[questionnaire.Row], start: datetime, end: datetime) -> Headline:
    """The neck questionnaire, pain before sessions and sessions kept, then and now, for a period."""
    neck_then, neck_now = neck_then_and_now(rows, start, end)
    pain_then, pain_now = pain_before_sessions(patient, start, end)
    return Headline(neck_then, neck_now, pain_then, pain_now, sessions_kept(patient, start, end))
