"""Home: what to do now."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from care import calendar, questionnaire, routines, safety, schedule
from care.door import AuthenticatedRequest, patient_for


@never_cache
@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    now = timezone.now()
    patient = patient_for(request)
    profile = patient.profile()
    return render(
        request,
        "care/home.html",
        {
            "due": schedule.due(patient, now, profile),
            "need": safety.need(patient, now),
            "questionnaire_due": questionnaire.is_due(patient, now),
            "routines": patient.routines().prefetch_related("steps"),
            "sessions": patient.sessions()[:5],
            "profile": profile,
            "by_time": by_time(),
            # the newest session that can still be carried on, offered before anything else
            "open_session": patient.sessions().filter(finished_at=None, stopped_at=None).first(),
            **calendar.links(request, profile),
        },
    )


def by_time() -> list[dict]:
    """The routines everyone has, with how long each takes: a quick one and the handout's."""

    return [
        {
            "name": _("Quick session"),
            "about": _("your last areas from the body map, or the handout's first three"),
            "minutes": round(routines.length_seconds(routines.quick_plan()) / 60),
            "url": reverse("care:quick"),
        },
        {
            "name": _("The handout's routine"),
            "about": _("every key area, on both sides"),
            "minutes": round(routines.length_seconds(routines.handout_plan()) / 60),
            "url": reverse("care:player"),
        },
    ]
