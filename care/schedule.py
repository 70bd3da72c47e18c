"""The schedule: the next session is due 2-3 days after the last; an area rests 48 hours."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import DateTimeField, ExpressionWrapper, F, Max, OuterRef, QuerySet, Subquery

from care.models import Session, StepEvent

DUE_AFTER = timedelta(hours=48)
OVERDUE_AFTER = timedelta(hours=72)
REST = timedelta(hours=48)
WORKED = (StepEvent.Kind.DONE, StepEvent.Kind.CUT_SHORT)


@dataclass(frozen=True)
class Due:
    last: datetime | None
    due_from: datetime | None
    overdue_after: datetime | None
    state: str  # "first" (no session yet), "resting", "due" or "overdue"


def due(user: User, now: datetime) -> Due:
    """When the next session is due, from the last finished one."""
    last = Session.objects.filter(owner=user, finished_at__isnull=False).aggregate(last=Max("finished_at"))["last"]
    if last is None:
        return Due(None, None, None, "first")
    due_from, overdue_after = last + DUE_AFTER, last + OVERDUE_AFTER
    state = "resting" if now < due_from else ("due" if now < overdue_after else "overdue")
    return Due(last, due_from, overdue_after, state)


def annotate_due(people: QuerySet, person: str = "pk") -> QuerySet:
    """The same schedule as due(), for many people in one query: adds last_session_at, due_from and
    overdue_after (None before a first finished session). `person` names the field holding the user's id."""
    last = (
        Session.objects.filter(owner=OuterRef(person), finished_at__isnull=False)
        .order_by("-finished_at")
        .values("finished_at")[:1]
    )
    return people.annotate(last_session_at=Subquery(last)).annotate(
        due_from=ExpressionWrapper(F("last_session_at") + DUE_AFTER, output_field=DateTimeField()),
        overdue_after=ExpressionWrapper(F("last_session_at") + OVERDUE_AFTER, output_field=DateTimeField()),
    )


def recently_worked(user: User, now: datetime) -> dict[tuple[str, str], datetime]:
    """Areas (muscle, side) worked in the last 48 hours, with when: starting them again earns a warning."""
    rows = (
        StepEvent.objects.filter(session__owner=user, kind__in=WORKED, recorded_at__gte=now - REST)
        .values("muscle", "side")
        .annotate(last=Max("recorded_at"))
    )
    return {(row["muscle"], row["side"]): row["last"] for row in rows}


def rest_warning(worked: dict[tuple[str, str], datetime], muscle: str, side: str) -> datetime | None:
    """When this area was last worked within the rest period, if it was (both-at-once counts for each side)."""
    times = [when for (m, s), when in worked.items() if m == muscle and (s == side or "" in (s, side))]
    return max(times) if times else None
