"""The session player: the handout's routine, one of the person's routines, or a session to carry on."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from care import routines, schedule
from care.gate import safety_gate
from care.models import Routine, Session
from care.people import AuthenticatedRequest, profile_of, routine_for, session_for, sessions_of
from care.player import player_context
from clinical.content import content


@never_cache
@safety_gate
def player(request: HttpRequest) -> HttpResponse:
    """The handout's routine; nothing is kept unless the person is signed in."""
    return _play(request, routines.handout_plan())


@never_cache
@login_required
@safety_gate
def play_routine(request: AuthenticatedRequest, routine_id: int) -> HttpResponse:
    routine = routine_for(request.user, request.user, routine_id)
    return _play(request, routines.plan_of(routine), routine=routine)


@never_cache
@login_required
@safety_gate
def resume(request: AuthenticatedRequest, session_id: uuid.UUID) -> HttpResponse:
    session = session_for(request.user, request.user, session_id)
    if session.is_finished:
        return redirect("care:session", session.pk)
    plan = [routines.StepPlan(s["muscle"], s["side"], s["seconds"]) for s in session.steps]
    return _play(request, plan, routine=session.routine, session=session)


def _play(
    request: HttpRequest, plan: list[routines.StepPlan], routine: Routine | None = None, session: Session | None = None
) -> HttpResponse:
    worked: dict = {}
    choices: dict = {}
    if request.user.is_authenticated:
        worked = schedule.recently_worked(request.user, timezone.now())
        profile = profile_of(request.user)
        choices = {
            "end_signal": profile.end_signal,
            "ready_seconds": profile.ready_seconds,
            "spoken_cues": profile.spoken_cues,
        }
    data = player_context(request, plan, routine=routine, worked=worked, session=session, **choices)
    # A first session (or any without an account) shows the general cautions before it starts.
    first = not request.user.is_authenticated or not sessions_of(request.user, request.user).exists()
    cautions = content().rules.general_cautions if first and session is None else []
    return render(request, "care/player.html", {"player": data, "cautions": cautions})
