"""The schedule: the next session is due 2-3 days after the last (or every N days, as the person's practitioner
set in their assigned routine), at the person's chosen time; an area rests 48 hours (or those N days)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils.formats import get_format

from care.door import Patient
from care.models import Profile, Routine, Session, StepEvent

DUE_AFTER = timedelta(hours=48)
OVERDUE_AFTER = timedelta(hours=72)
REST = timedelta(hours=48)
WORKED = (StepEvent.Kind.DONE, StepEvent.Kind.CUT_SHORT)
DEFAULT_TIME = time(18, 0)  # the profile's default reminder time, for someone with no profile yet


@dataclass(frozen=True)
class Due:
    last: datetime | None
    due_from: datetime | None
    overdue_after: datetime | None
    state: str  # "first" (no session yet), "resting", "due" or "overdue"


def interval(days: int | None) -> timedelta:
    """How long after a session the next is due: the practitioner's "every N days", or the handout's 48 hours."""
    return timedelta(days=days) if days else DUE_AFTER


def due_moment(last: datetime, zone: tzinfo, at: time, after: timedelta = DUE_AFTER) -> datetime:
    """When the next session is due, as home, the calendar feed and the reminder all say it: the first time the
    person's own clock shows their chosen time at least 48 hours (or the practitioner's interval) after the last
    session, so always 2 to 3 days later by default and never before an area has rested."""
    earliest = (last + after).astimezone(zone)
    moment = datetime.combine(earliest.date(), at, tzinfo=zone)
    if moment < earliest:
        moment = datetime.combine(earliest.date() + timedelta(days=1), at, tzinfo=zone)
    return moment


def due_of(last: datetime | None, zone: tzinfo, at: time, now: datetime, after: timedelta = DUE_AFTER) -> Due:
    """The schedule from the last finished session; overdue a day after it was due."""
    if last is None:
        return Due(None, None, None, "first")
    due_from = due_moment(last, zone, at, after)
    overdue_after = due_from + (OVERDUE_AFTER - DUE_AFTER)
    state = "resting" if now < due_from else ("due" if now < overdue_after else "overdue")
    return Due(last, due_from, overdue_after, state)


def due(patient: Patient, now: datetime, profile: Profile | None = None) -> Due:
    """When the next session is due, from the last finished one, on the person's clock (their profile, when the
    caller has it already, saves a query)."""
    last = patient.sessions().filter(finished_at__isnull=False).aggregate(last=Max("finished_at"))["last"]
    profile = profile or patient.profiles().only("time_zone", "reminder_time").first() or Profile()
    return due_of(last, profile.zone, profile.reminder_time, now, interval(interval_days(patient)))


def interval_days(patient: Patient, clinic_id: int | None = None) -> int | None:
    """How often the person's practitioner asks for a session: their latest assigned routine's, if any; with
    `clinic_id`, that clinic's alone (a clinic's page never names another clinic's routine)."""
    assigned = patient.routines().filter(interval_days__isnull=False)
    assigned = assigned.filter(clinic_id=clinic_id) if clinic_id is not None else assigned.filter(clinic__isnull=False)
    return assigned.order_by("-updated").values_list("interval_days", flat=True).first()


def annotate_due(people: QuerySet, person: str = "pk", with_profile: bool = True) -> QuerySet:
    """What due() needs for many people in one query: adds last_session_at (None before a first finished
    session), and unless the rows are profiles already (with_profile=False) due_zone and due_time; `person`
    names the field holding the user's id. due_of_row() finishes."""
    last = (
        Session.objects.filter(owner=OuterRef(person), finished_at__isnull=False)
        .order_by("-finished_at")
        .values("finished_at")[:1]
    )
    days = (
        Routine.objects.filter(owner=OuterRef(person), clinic__isnull=False, interval_days__isnull=False)
        .order_by("-updated")
        .values("interval_days")[:1]
    )
    people = people.annotate(last_session_at=Subquery(last), due_interval=Subquery(days))
    if not with_profile:
        return people
    profile = Profile.objects.filter(user=OuterRef(person))
    return people.annotate(
        due_zone=Subquery(profile.values("time_zone")[:1]), due_time=Subquery(profile.values("reminder_time")[:1])
    )


def due_of_row(row: object, now: datetime) -> Due:
    """due() for a row of annotate_due()."""
    zone = Profile(time_zone=getattr(row, "due_zone", None) or "UTC").zone
    after = interval(getattr(row, "due_interval", None))
    return due_of(
        getattr(row, "last_session_at", None), zone, getattr(row, "due_time", None) or DEFAULT_TIME, now, after
    )


def recently_worked(patient: Patient, now: datetime) -> dict[tuple[str, str], datetime]:
    """Areas (muscle, side) worked in the last 48 hours (or the practitioner's longer interval), with when:
    starting them again earns a warning."""
    rest = max(REST, interval(interval_days(patient)))
    rows = (
        patient.step_events()
        .filter(kind__in=WORKED, recorded_at__gte=now - rest)
        .values("muscle", "side")
        .annotate(last=Max("recorded_at"))
    )
    return {(row["muscle"], row["side"]): row["last"] for row in rows}


def rest_warning(worked: dict[tuple[str, str], datetime], muscle: str, side: str) -> datetime | None:
    """When this area was last worked within the rest period, if it was (both-at-once counts for each side)."""
    times = [when for (m, s), when in worked.items() if m == muscle and (s == side or "" in (s, side))]
    return max(times) if times else None


@dataclass(frozen=True)
class Week:
    done: int  # sessions finished this calendar week
    due: int  # those plus the ones the 2-3 day rhythm still makes due before the week ends


def week_of(patient: Patient, now: datetime, profile: Profile) -> Week:
    """This calendar week (from the locale's first day, on the person's clock): the sessions done, and how many
    the rhythm makes due in it: those done, one now if one is due, then every due moment after it."""
    zone = profile.zone
    local = now.astimezone(zone)
    first_day = int(get_format("FIRST_DAY_OF_WEEK"))  # 0 Sunday, 1 Monday
    start_day = local.date() - timedelta(days=(local.weekday() + 1 - first_day) % 7)
    start = datetime.combine(start_day, time(0, 0), tzinfo=zone)
    end = datetime.combine(start_day + timedelta(days=7), time(0, 0), tzinfo=zone)
    done = patient.sessions().filter(finished_at__gte=start, finished_at__lt=end).count()
    state = due(patient, now, profile)
    moment = state.due_from if state.state == "resting" and state.due_from else now
    after = interval(interval_days(patient))
    planned = 0
    while moment < end:
        planned += 1
        moment = due_moment(moment, zone, profile.reminder_time, after)
    return Week(done, done + planned)
