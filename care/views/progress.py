"""Progress: where it hurts then and now, and pain over time."""

from datetime import datetime, timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override

from access.models import CareLink
from atlas.drawing.bodymap import body_svg, region_name
from care import before, charts, progress, questionnaire
from care.door import AuthenticatedRequest, Patient, patient_for
from care.page_cache import personal_chart, personal_page
from clinical import ndi
from clinical.content import content
from clinical.sides import STEP, YOURS


@never_cache
@login_required
def progress_page(request: AuthenticatedRequest) -> HttpResponse:
    return personal_page(request, patient_for(request), "care/progress.html", lambda: _progress(request))


def _progress(request: AuthenticatedRequest) -> dict:
    period, _days, label = progress.period_of(request.GET.get("period"))
    now = timezone.now()
    days = progress.window(patient_for(request), period, now)
    compare = progress.then_and_now(patient_for(request), now, _compared(period, days))
    start = now - timedelta(days=days)
    maps = [
        {
            "view": view,
            "then": mark_safe(body_svg(view, levels=compare.then_levels)),  # noqa: S308  # built from our geometry
            "now": mark_safe(body_svg(view, levels=compare.now_levels)),  # noqa: S308
        }
        for view in compare.views
    ]
    places = [{"name": region_name(*_split(p.key)), "then": p.then, "now": p.now} for p in compare.places]
    readings = progress.pain_over_time(patient_for(request), start, now)
    points = charts.series(readings, start, now)
    table = sorted(
        ((when, charts.KIND_LABELS[kind], score) for kind, values in points.items() for when, score in values),
        key=lambda row: row[0],
    )
    neck = questionnaire.history(patient_for(request))
    return {
        "headline": progress.headline(patient_for(request), neck, start, now),
        "start": start,
        "now": now,
        "all_time": period == progress.ALL_TIME,
        "neck_latest": neck[0] if neck else None,
        "neck_scored": any(row.score.total is not None for row in neck),
        "neck_due": questionnaire.due_after(neck, now),
        "period": period,
        "period_label": label,
        "periods": PERIOD_CHOICES,
        "compare": compare,
        "maps": maps,
        "places": places,
        "pain_table": table,
        "weeks": charts.sessions_per_week(progress.finished_between(patient_for(request), start, now), start, now),
        "planned_per_week": round(charts.PLANNED_PER_WEEK, 1),
        "areas": (areas := _area_rows(progress.areas_worked(patient_for(request), start, now))),
        "areas_height": charts.areas_height(len(areas)),
        "weekly": now - start > charts.DAILY_UP_TO,
    }


@never_cache
@login_required
@csp_override(charts.CHART_CSP)
def pain_chart(request: AuthenticatedRequest) -> HttpResponse:
    """The pain chart of the progress page, as its own SVG file (shown with <img>)."""

    def draw() -> str:
        start, now = _window(request)
        return charts.pain_chart(progress.pain_over_time(patient_for(request), start, now), start, now)

    return personal_chart(request, patient_for(request), draw)


PERIOD_CHOICES = [(key, name) for key, (_days, name) in progress.PERIODS.items()]  # the period switch's links


def _window(request: AuthenticatedRequest) -> tuple[datetime, datetime]:
    """The chart's period, ending now."""
    key, _days, _label = progress.period_of(request.GET.get("period"))
    now = timezone.now()
    return now - timedelta(days=progress.window(patient_for(request), key, now)), now


def _compared(period: str, days: int) -> int:
    """Then and now compare the period with the one before; "All time" compares its first half with its second."""
    return days // 2 if period == progress.ALL_TIME else days


def _split(key: str) -> tuple[str, str | None]:
    region, _sep, side = key.partition(":")
    return region, side or None


@never_cache
@login_required
@csp_override(charts.CHART_CSP)
def sessions_chart(request: AuthenticatedRequest) -> HttpResponse:
    """Sessions done each week of the period against the plan, as its own SVG file."""

    def draw() -> str:
        start, now = _window(request)
        weeks = charts.sessions_per_week(progress.finished_between(patient_for(request), start, now), start, now)
        return charts.sessions_chart(weeks)

    return personal_chart(request, patient_for(request), draw)


@never_cache
@login_required
@csp_override(charts.CHART_CSP)
def areas_chart(request: AuthenticatedRequest) -> HttpResponse:
    """The areas worked most and where tingling was reported, as its own SVG file."""

    def draw() -> str:
        start, now = _window(request)
        rows = _area_rows(progress.areas_worked(patient_for(request), start, now))
        return charts.areas_chart([(row["name"], row["worked"], row["nerve"]) for row in rows])

    return personal_chart(request, patient_for(request), draw)


def _area(muscle: str, side: str, theirs: bool = False) -> dict:
    """A muscle and side as the pages name them: "Trapezius" and "your left side" (for their practitioner,
    "Left side")."""
    info = content().muscles.get(muscle)
    return {"name": info.label if info else muscle, "side": STEP[side or ""] if theirs else YOURS[side or "both"]}


def area_name(muscle: str, side: str) -> str:
    """A muscle and side as a chart names them: "Trapezius, left side"."""
    info = content().muscles.get(muscle)
    return _("%(muscle)s, %(side)s") % {"muscle": info.label if info else muscle, "side": str(STEP[side]).lower()}


def _area_rows(areas: list[tuple[str, str, int, int]]) -> list[dict]:
    return [
        {"name": area_name(muscle, side), "worked": worked, "nerve": nerve} for muscle, side, worked, nerve in areas
    ]


@never_cache
@login_required
def summary_page(request: AuthenticatedRequest) -> HttpResponse:
    """One page to print and bring to an appointment."""
    patient = patient_for(request)
    # the same "how the last weeks went" as the practitioner's page, from the last time one of them saw the person
    seen = CareLink.objects.filter(patient=request.user, withdrawn_at__isnull=True).aggregate(at=Max("seen_at"))
    weeks = before.before_appointment(patient, timezone.now(), seen["at"])
    context = {**summary_context(patient, request.GET.get("period"), weeks.interval_days), "before": weeks}
    return render(request, "care/summary.html", {**context, "email": request.user.email})


def summary_context(patient: Patient, period_key: str | None, interval_days: int | None = None) -> dict:
    """The summary's figures for one person over a period (theirs, or a practitioner's read through the door,
    the sides then named as a clinician names them), sessions planned by the interval asked, if any."""
    theirs = not patient.is_themselves
    period, _days, label = progress.period_of(period_key)
    now = timezone.now()
    days = progress.window(patient, period, now)
    facts = progress.summary(patient, now, days, interval_days)
    compare = progress.then_and_now(patient, now, _compared(period, days))
    areas = [{**_area(m, side, theirs), "times": n} for m, side, n in facts.areas[:8]]
    nerves = [{**_area(m, side, theirs), "when": when} for when, m, side in facts.nerves]
    places = [{"name": region_name(*_split(p.key)), "then": p.then, "now": p.now} for p in compare.places[:8]]
    return {
        "period": period,
        "period_label": label,
        "periods": PERIOD_CHOICES,
        "facts": facts,
        "areas": areas,
        "nerves": nerves,
        "places": places,
        "neck": questionnaire.span(patient, facts.start, facts.end),
        "meaningful": ndi.MEANINGFUL_CHANGE,
    }
