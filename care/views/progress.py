"""Progress: where it hurts then and now, and pain over time."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from atlas.drawing.bodymap import body_svg, region_name
from care import progress
from care.people import AuthenticatedRequest


@never_cache
@login_required
def progress_page(request: AuthenticatedRequest) -> HttpResponse:
    period = request.GET.get("period", progress.DEFAULT_PERIOD)
    if period not in progress.PERIODS:
        period = progress.DEFAULT_PERIOD
    days, label = progress.PERIODS[period]
    now = timezone.now()
    compare = progress.then_and_now(request.user, now, days)
    maps = [
        {
            "view": view,
            "then": mark_safe(body_svg(view, levels=compare.then_levels)),  # noqa: S308  # built from our geometry
            "now": mark_safe(body_svg(view, levels=compare.now_levels)),  # noqa: S308
        }
        for view in compare.views
    ]
    places = [{"name": region_name(*_split(p.key)), "then": p.then, "now": p.now} for p in compare.places]
    readings = progress.pain_over_time(request.user, compare.then_start, now)
    return render(
        request,
        "care/progress.html",
        {
            "period": period,
            "period_label": label,
            "periods": [(key, name) for key, (_days, name) in progress.PERIODS.items()],
            "compare": compare,
            "maps": maps,
            "places": places,
            "readings": readings,
        },
    )


def _split(key: str) -> tuple[str, str | None]:
    region, _sep, side = key.partition(":")
    return region, side or None
