"""The clinic's patients, sorted by who needs attention: the practitioner's question before a day of appointments.

Every figure comes from annotations over the member's own patient entries (clinic.patient_invitations.entries:
the owner's every entry, a practitioner's their own), each a subquery scoped by its row's patient, so the page
takes the same queries for 3 patients as for 500. Only entries the patient shares now (consented, not withdrawn)
carry figures; the others show their name and state alone."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction

from django.db.models import Avg, Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from access.models import CareLink, Membership
from care.models import NeckQuestionnaire, PainReading, Routine, SafetyCheck, Session, StepEvent
from clinic import patient_invitations
from clinical import ndi

WINDOW = timedelta(weeks=2)  # adherence, nerve sensations, "no session for two weeks"
FLAGS_WINDOW = timedelta(weeks=6)  # red-flag answers and holds
HANDOUT_DAYS = Fraction(5, 2)  # the handout's "every 2 to 3 days", when no practitioner set an interval
RISING = 1.0  # pain before sessions up by a point or more on the two weeks before


@dataclass
class Figures:
    last_session: datetime | None
    kept: int
    planned: int
    pain_then: float | None
    pain_now: float | None
    ndi_first: Fraction | None
    ndi_last: Fraction | None
    started: bool = True
    reasons: list[str] = field(default_factory=list)

    @property
    def adherence(self) -> int | None:
        return round(100 * min(self.kept, self.planned) / self.planned) if self.planned else None


@dataclass
class Row:
    entry: CareLink
    figures: Figures | None  # None: not shared now (invited, withdrawn, deleted)
    urgency: tuple = ()


def shared(links: QuerySet[CareLink]) -> QuerySet[CareLink]:
    # as the door asks (access.relationship.reached): consented, not withdrawn, an active account
    return links.filter(consented_at__isnull=False, withdrawn_at__isnull=True, patient__is_active=True)


def annotated(links: QuerySet[CareLink], now: datetime) -> QuerySet[CareLink]:
    """The shared entries with what the dashboard shows of each, in one query."""
    finished = Session.objects.filter(owner=OuterRef("patient"), finished_at__isnull=False)
    pain = PainReading.objects.filter(owner=OuterRef("patient"), kind=PainReading.Kind.BEFORE)

    def mean(start: datetime, end: datetime) -> Subquery:
        window = pain.filter(recorded_at__gte=start, recorded_at__lt=end).values("owner")
        return Subquery(window.annotate(mean=Avg("score")).values("mean")[:1])

    neck = NeckQuestionnaire.objects.filter(owner=OuterRef("patient"))
    interval = (
        Routine.objects.filter(owner=OuterRef("patient"), clinic_id=OuterRef("clinic_id"), interval_days__isnull=False)
        .order_by("-updated")
        .values("interval_days")[:1]
    )
    recent = finished.filter(finished_at__gte=now - WINDOW).values("owner")
    return links.annotate(
        last_session=Subquery(finished.order_by("-finished_at").values("finished_at")[:1]),
        any_session=Exists(Session.objects.filter(owner=OuterRef("patient"))),
        kept=Coalesce(Subquery(recent.annotate(n=Count("pk")).values("n")[:1]), 0, output_field=IntegerField()),
        interval=Subquery(interval),
        pain_now=mean(now - WINDOW, now),
        pain_then=mean(now - 2 * WINDOW, now - WINDOW),
        ndi_first=Subquery(neck.order_by("answered_at").values("answers")[:1]),
        ndi_last=Subquery(neck.order_by("-answered_at").values("answers")[:1]),
        flagged=Exists(
            SafetyCheck.objects.filter(owner=OuterRef("patient"), answered_at__gte=now - FLAGS_WINDOW).exclude(
                result=SafetyCheck.Result.CLEAR
            )
        ),
        held=Exists(
            SafetyCheck.objects.filter(owner=OuterRef("patient"), cleared_at__isnull=True).exclude(
                result=SafetyCheck.Result.CLEAR
            )
        ),
        # Only the sessions started in the window (and the day before) are joined to their events: without that
        # bound the database walks every event of two years for every patient.
        nerves=Exists(
            StepEvent.objects.filter(
                session__owner=OuterRef("patient"),
                session__started_at__gte=now - WINDOW - timedelta(days=1),
                kind="nerve",
                recorded_at__gte=now - WINDOW,
            )
        ),
    )


def _total(answers: object) -> Fraction | None:
    if not isinstance(answers, dict):
        return None
    try:
        return ndi.score(answers).total
    except ValueError:
        return None


def figures_of(link: CareLink, now: datetime, threshold: int) -> Figures:
    """A shared entry's figures, and why it needs attention (none: it does not)."""
    days = getattr(link, "interval", None)
    every = Fraction(days) if days else HANDOUT_DAYS
    planned = max(1, round(Fraction(WINDOW.days) / every))
    found = Figures(
        last_session=link.last_session,  # type: ignore[attr-defined]
        kept=link.kept,  # type: ignore[attr-defined]
        planned=planned,
        pain_then=link.pain_then,  # type: ignore[attr-defined]
        pain_now=link.pain_now,  # type: ignore[attr-defined]
        ndi_first=_total(link.ndi_first),  # type: ignore[attr-defined]
        ndi_last=_total(link.ndi_last),  # type: ignore[attr-defined]
        started=link.any_session,  # type: ignore[attr-defined]
    )
    reasons = found.reasons
    if link.held or link.flagged:  # type: ignore[attr-defined]
        reasons.append(_("a warning sign answered") if not link.held else _("held back by a warning sign"))  # type: ignore[attr-defined]
    if link.nerves:  # type: ignore[attr-defined]
        reasons.append(_("tingling, numbness or sharp pain reported"))
    first, last = found.ndi_first, found.ndi_last
    if first is not None and last is not None and abs(last - first) >= ndi.MEANINGFUL_CHANGE:
        reasons.append(_("neck questionnaire changed by 10 points or more"))
    if found.pain_then is not None and found.pain_now is not None and found.pain_now - found.pain_then >= RISING:
        reasons.append(_("pain rising"))
    if not found.started:
        reasons.append(_("joined but not started"))
    elif found.last_session is None or found.last_session < now - WINDOW:
        reasons.append(_("no session for two weeks"))
    elif (found.adherence or 0) < threshold:
        reasons.append(_("under %(percent)s%% of the sessions asked") % {"percent": threshold})
    return found


def rows(membership: Membership, now: datetime, threshold: int, search: str = "") -> list[Row]:
    """The member's patient entries, those that need attention first (a warning sign before all else, then nerve
    sensations, then the most reasons; among those not started, the longest since joining), then the rest
    shared, then invited, withdrawn and deleted."""
    links = patient_invitations.entries(membership)
    if search.strip():
        links = links.filter(label__icontains=search.strip())
    open_ids = set(shared(links).values_list("pk", flat=True))
    found: list[Row] = []
    for link in annotated(shared(links), now):
        figures = figures_of(link, now, threshold)
        joined = link.consented_at or now
        waiting = (now - joined).days if not figures.started else 0
        safety = 0 if link.held or link.flagged else 1 if link.nerves else 2  # type: ignore[attr-defined]
        found.append(
            Row(link, figures, (0 if figures.reasons else 1, safety, -len(figures.reasons), -waiting, link.label))
        )
    for link in links.exclude(pk__in=open_ids):
        found.append(Row(link, None, (2, 0, 0, link.label)))
    return sorted(found, key=lambda row: row.urgency)
