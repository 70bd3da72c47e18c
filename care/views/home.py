"""Home: what to do now."""

from datetime import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from care import booking, calendar, guest_work, offline, questionnaire, routines, safety, schedule
from care.door import AuthenticatedRequest, Patient, patient_for
from care.page_cache import personal_page


@never_cache
@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    patient = patient_for(request)
    now = timezone.now()
    # what this sign-in's session holds (offers shown once, a guest's session to keep) is part of the page's key
    held = {
        "offer_calendar": request.session.pop(booking.OFFER_CALENDAR, False),
        # a session done on this phone before signing up: offered to a new account (the script finds it)
        "guest_offer": guest_work.may_keep(request, now),
        "keep_now": request.session.pop(guest_work.KEEP_NOW, False),
    }
    return personal_page(
        request, patient, "care/home.html", lambda: _home(request, patient, now, held), vary=tuple(held.values())
    )


def _home(request: AuthenticatedRequest, patient: Patient, now: datetime, held: dict) -> dict:
    profile = patient.profile()
    due = schedule.due(patient, now, profile)
    rest_day = None
    worked = schedule.recently_worked(patient, now)  # read whatever the state: the same queries for everyone
    if due.state == "resting":  # other areas only: never the ones that need the rest
        plan = routines.rested_plan(worked)
        if plan:
            rest_day = {
                "minutes": round(routines.length_seconds(plan) / 60),
                "url": f"{reverse('care:work_now')}?{urlencode(routines.plan_query(plan))}",
            }
    return {
        "due": due,
        "due_today": due.due_from is not None
        and due.due_from.astimezone(profile.zone).date() == now.astimezone(profile.zone).date(),
        "week": schedule.week_of(patient, now, profile),
        "next_session": booking.next_session(patient),
        "rest_day": rest_day,
        **held,
        "offline_pages": offline.pages_to_keep(patient),
        "need": safety.need(patient, now),
        "questionnaire_due": questionnaire.is_due(patient, now),
        "routines": patient.routines().prefetch_related("steps"),
        "sessions": patient.sessions()[:5],
        "profile": profile,
        "by_time": by_time(),
        # the newest session that can still be carried on, offered before anything else
        "open_session": patient.sessions().filter(finished_at=None, stopped_at=None).first(),
        **calendar.links(request, profile),
    }


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
