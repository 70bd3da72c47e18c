"""The session player: the handout's routine, one of the person's routines, or a session to carry on."""

import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from atlas.drawing.position import LOOP_HEIGHT, STILLS_HEIGHT
from atlas.drawing.svg import num
from atlas.finder import UnknownAnswer, answer_query, parse_answers
from care import feedback, routines, schedule
from care.door import AuthenticatedRequest, patient_for
from care.gate import safety_gate
from care.models import Routine, Session
from care.page_cache import new_session_id, personal_page
from care.player import player_context
from clinic import overlay
from clinical import triage
from clinical.content import content
from clinical.marks import MAX_MARKS, UnknownRegion, parse_marks

# What the step screen's "stop and call" line rests on: heart attack and stroke signs are an emergency.
STOP_SOURCES = ["nhs-heart-attack", "stroke-association-symptoms", "nhs-subarachnoid-haemorrhage"]


@never_cache
@safety_gate
def player(request: HttpRequest) -> HttpResponse:
    """The handout's routine; nothing is kept unless the person is signed in."""
    return _play(request, routines.handout_plan)  # made only when the page is built, not when it is kept


@never_cache
@login_required
@safety_gate
def play_routine(request: AuthenticatedRequest, routine_id: int) -> HttpResponse:
    routine = patient_for(request).routine(routine_id)
    return _play(request, routines.plan_of(routine), routine=routine)


@never_cache
@login_required
@safety_gate
def resume(request: AuthenticatedRequest, session_id: uuid.UUID) -> HttpResponse:
    session = patient_for(request).session(session_id)
    if not session.is_open:  # finished, or stopped early: its page, not the player
        return redirect("care:session", session.pk)
    plan = [routines.StepPlan(s["muscle"], s["side"], s["seconds"]) for s in session.steps]
    return _play(request, plan, routine=session.routine, session=session, title=session.routine_name or None)


@never_cache
@safety_gate
def work_now(request: HttpRequest) -> HttpResponse:
    """A session straight from the finder's answer (?region=, with its follow-up ?answer=) or a muscle page
    (?muscle=id or id:side): no account needed, nothing kept without one. A warning about the heart, an artery
    or the eyes, raised by the marks or by an answer, holds it back, as it holds back a routine made from the
    same marks and answers. A GET: nothing is written here; the places are kept for the quick routine when the
    person starts the session (the API's start, `regions`)."""
    values = [value for value in request.GET.getlist("region") if value.strip()]
    muscles = [value for value in request.GET.getlist("muscle") if value.strip()]
    if len(values) > MAX_MARKS:
        message = _("Mark at most %(count)d places for one session, then try again.") % {"count": MAX_MARKS}
        return render(request, "care/too_many_marks.html", {"message": message}, status=400)
    if values:
        try:
            marks = parse_marks(values)
            answers = parse_answers([value for value in request.GET.getlist("answer") if value.strip()])
        except UnknownRegion:
            raise Http404(_("We don't know some of these places. Please mark them again on the body map.")) from None
        except UnknownAnswer:
            raise Http404(_("We don't know some of these answers. Please answer them again in the finder.")) from None
        held = triage.blocking(triage.warnings_for(marks, answers), set(request.GET.getlist("ack")))
        if held:
            query = [("region", str(mark)) for mark in marks] + answer_query(answers)
            finder = f"{reverse('atlas:finder')}?{urlencode(query)}"
            return render(request, "care/finder_hold.html", {"warnings": held, "finder_url": finder})
        steps = routines.finder_plan(marks, answers)
        return _play(request, steps, title=_("From the body map"), regions=[str(mark) for mark in marks])
    if muscles:
        plan = routines.muscles_plan(muscles)
        if plan is None:
            raise Http404(_("There is no such muscle in the atlas."))
        one = len({step.muscle for step in plan}) == 1
        return _play(
            request, plan, title=content().muscles[plan[0].muscle].label if one else _("Areas that have rested")
        )
    return redirect("atlas:finder")


@never_cache
@safety_gate
def quick(request: HttpRequest) -> HttpResponse:
    """At most ten minutes: the areas of the person's last finder answer, or the handout's #1 to #3."""
    marks = None
    if request.user.is_authenticated and (saved := patient_for(request).profile().last_finder):
        try:
            marks = parse_marks(saved.split("|"))
        except UnknownRegion:  # a region renamed by a release: fall back to the handout's first three
            marks = None
    return _play(request, routines.quick_plan(marks), title=_("Quick session"))


def _play(
    request: HttpRequest,
    plan: list[routines.StepPlan] | Callable[[], list[routines.StepPlan]],
    routine: Routine | None = None,
    session: Session | None = None,
    title: str | None = None,
    regions: list[str] | None = None,
) -> HttpResponse:
    def context() -> dict[str, object]:
        return _player(request, plan() if callable(plan) else plan, routine, session, title, regions)

    if request.user.is_authenticated and session is None:
        # a copy fetched to keep for offline use asks "Anything new?" itself (care.player): a page of its own
        kept_copy = request.headers.get("X-Unknot-Keep") == "1"
        # a clinic's default video links show in its routine's player: kept by the clinic's overlay revision
        clinic = overlay.revision(routine.clinic_id) if routine is not None and routine.clinic_id else None
        return personal_page(
            request, patient_for(request), "care/player.html", context, fresh=_new_session, vary=(kept_copy, clinic)
        )
    return render(request, "care/player.html", context())


def _new_session(values: dict[str, Any]) -> dict[str, Callable[[], str]]:
    """A kept player page starts a new session each time it is shown: its id is made afresh, and the time it was
    made (a page older than a few minutes is taken for the phone's offline copy, which asks "Anything new?")."""
    return {
        values["player"]["session_id"]: new_session_id,
        f'"rendered_at": {values["player"]["rendered_at"]}': rendered_now,
    }


def rendered_now() -> str:
    """The player data's "made at" for a kept page shown now (module level: the cache pickles its makers)."""
    return f'"rendered_at": {int(time.time() * 1000)}'


def _player(
    request: HttpRequest,
    plan: list[routines.StepPlan],
    routine: Routine | None,
    session: Session | None,
    title: str | None,
    regions: list[str] | None,
) -> dict[str, object]:
    worked: dict = {}
    choices: dict = {}
    if request.user.is_authenticated:
        worked = schedule.recently_worked(patient_for(request), timezone.now())
        profile = patient_for(request).profile()
        choices = {
            "end_signal": profile.end_signal,
            "ready_seconds": profile.ready_seconds,
            "spoken_cues": profile.spoken_cues,
            # the summary books the next session on this clock; none yet (UTC): the device's, shown to confirm
            "time_zone": profile.time_zone if profile.time_zone != "UTC" else "",
        }
    data = player_context(
        request, plan, routine=routine, worked=worked, session=session, title=title, regions=regions, **choices
    )
    # A first session (or any without an account) shows the general cautions before it starts.
    first = not request.user.is_authenticated or not patient_for(request).sessions().exists()
    cautions = content().rules.general_cautions if first and session is None else []
    context: dict[str, object] = {
        "player": data,
        "cautions": cautions,
        "stop_sources": STOP_SOURCES,
        # the position picture's own sizes, so the page keeps its place while it loads
        "loop_height": num(LOOP_HEIGHT),
        "stills_height": num(STILLS_HEIGHT),
    }
    if request.user.is_authenticated:
        context |= {"went": list(feedback.WENT.items()), "obstacles": list(feedback.OBSTACLES.items())}
    return context
