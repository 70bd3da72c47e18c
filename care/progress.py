"""Progress: where it hurt over a period compared with the period before, and pain over time. Plain functions
over a person's readings; the page and the charts draw what these return."""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from care.door import Patient
from care.models import PainReading
from clinical.content import content

PERIODS = {"4w": (28, _("4 weeks")), "3m": (91, _("3 months")), "1y": (365, _("a year"))}
DEFAULT_PERIOD = "4w"


def period_of(value: str | None) -> tuple[str, int, str]:
    """A ?period= value as (key, days, label); anything unknown is the default."""
    key = value if value in PERIODS else DEFAULT_PERIOD
    days, label = PERIODS[key]
    return key, days, str(label)


LEVELS = 5  # shades of the heat map


@dataclass(frozen=True)
class Place:
    key: str  # "top-of-shoulder:left"
    then: int  # pain-weighted marks in the period before
    now: int  # and in this period


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


def weight(marks: list[tuple[str, int]]) -> dict[str, int]:
    """Sum of the pain scores of the entries that marked each place."""
    total: dict[str, int] = defaultdict(int)
    for key, score in marks:
        total[key] += score
    return dict(total)


def levels(totals: dict[str, int], top: int) -> dict[str, int]:
    """Each place's share of the top total, in LEVELS steps (1 the least, LEVELS the most); 0 is left out."""
    if top <= 0:
        return {}
    return {key: max(1, math.ceil(LEVELS * value / top)) for key, value in totals.items() if value > 0}


def then_and_now(patient: Patient, now: datetime, days: int) -> ThenAndNow:
    """The diary's marks in the last `days` against the `days` before, on one scale so a place that hurts less
    shows lighter."""
    now_start = now - timedelta(days=days)
    then_start = now_start - timedelta(days=days)
    rows = (
        patient.pain_readings()
        .filter(kind=PainReading.Kind.DIARY, recorded_at__gte=then_start, recorded_at__lte=now)
        .values_list("recorded_at", "score", "marks")
    )
    then_marks: list[tuple[str, int]] = []
    now_marks: list[tuple[str, int]] = []
    for recorded_at, score, marks in rows:
        bucket = now_marks if recorded_at >= now_start else then_marks
        bucket.extend((str(key), score) for key in marks or [])
    then_totals, now_totals = weight(then_marks), weight(now_marks)
    top = max([*then_totals.values(), *now_totals.values(), 0])
    places = [
        Place(key, then_totals.get(key, 0), now_totals.get(key, 0))
        for key in sorted(set(then_totals) | set(now_totals), key=lambda k: (-now_totals.get(k, 0), k))
    ]
    return ThenAndNow(then_start, now_start, now, levels(then_totals, top), levels(now_totals, top), places)


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
    planned: int  # one every 2 to 3 days: the period's days / 2.5
    before_start: float | None  # mean pain before a session, first and last two weeks of the period
    before_end: float | None
    relief: float | None  # mean drop from before to after a session
    areas: list[tuple[str, str, int]]  # muscle id, side, times worked, most worked first
    nerves: list[tuple[datetime, str, str]]  # when, muscle id, side: tingling, numbness or sharp pain


def summary(patient: Patient, now: datetime, days: int) -> Summary:

    start = now - timedelta(days=days)
    done = list(patient.sessions().filter(finished_at__isnull=False, started_at__gte=start, started_at__lte=now))
    early, late = start + timedelta(days=14), now - timedelta(days=14)
    firsts = [s.pain_before for s in done if s.started_at < early and s.pain_before is not None]
    lasts = [s.pain_before for s in done if s.started_at >= late and s.pain_before is not None]
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
        planned=round(days / 2.5),
        before_start=round(sum(firsts) / len(firsts), 1) if firsts else None,
        before_end=round(sum(lasts) / len(lasts), 1) if lasts else None,
        relief=round(sum(drops) / len(drops), 1) if drops else None,
        areas=areas,
        nerves=nerves,
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
