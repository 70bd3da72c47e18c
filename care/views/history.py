"""The sessions a person has done."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from care import feedback, recording
from care.door import AuthenticatedRequest, patient_for
from care.forms import SessionFeedbackForm
from clinical.content import content
from clinical.sides import LABEL


@never_cache
@login_required
def session_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "care/sessions.html",
        {"sessions": patient_for(request).sessions().prefetch_related("events")[:100]},
    )


@never_cache
@login_required
def session_detail(request: AuthenticatedRequest, session_id: uuid.UUID) -> HttpResponse:
    session = patient_for(request).session(session_id)
    labels = {info.id: info.label for info in content().muscles.values()}
    sides = {"left": str(LABEL["left"]).lower(), "right": str(LABEL["right"]).lower(), "": ""}
    events = [
        {"event": e, "label": labels.get(e.muscle, e.muscle), "side": sides.get(e.side, "")}
        for e in session.events.all()
    ]
    went = feedback.WENT.get(session.went, "")
    obstacles = [feedback.OBSTACLES[key] for key in session.obstacles if key in feedback.OBSTACLES]
    return render(
        request, "care/session.html", {"session": session, "events": events, "went": went, "obstacles": obstacles}
    )


@login_required
@require_POST
def stop_session(request: AuthenticatedRequest, session_id: uuid.UUID) -> HttpResponse:
    """Ends an unfinished session as "stopped early": kept in the history, never counted as done."""
    session = patient_for(request).session(session_id)
    recording.stop(patient_for(request), session, timezone.now())
    messages.success(request, _("The session is kept as stopped early."))
    return redirect("care:home")


@login_required
@require_POST
def session_feedback(request: AuthenticatedRequest, session_id: uuid.UUID) -> HttpResponse:
    """One tap at the end of a session: how it went and what got in the way."""
    session = patient_for(request).session(session_id)
    form = SessionFeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose how it went."))
        return redirect("care:session", session.pk)
    feedback.record(session, form.cleaned_data["went"], form.cleaned_data["obstacles"])
    messages.success(request, _("Thank you. Noted with this session."))
    return redirect("care:home")
