"""The sessions a person has done."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from care.people import AuthenticatedRequest, session_for, sessions_of
from clinical.content import content
from clinical.sides import LABEL


@never_cache
@login_required
def session_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "care/sessions.html",
        {"sessions": sessions_of(request.user, request.user).prefetch_related("events")[:100]},
    )


@never_cache
@login_required
def session_detail(request: AuthenticatedRequest, session_id: uuid.UUID) -> HttpResponse:
    session = session_for(request.user, request.user, session_id)
    labels = {info.id: info.label for info in content().muscles.values()}
    sides = {"left": str(LABEL["left"]).lower(), "right": str(LABEL["right"]).lower(), "": ""}
    events = [
        {"event": e, "label": labels.get(e.muscle, e.muscle), "side": sides.get(e.side, "")}
        for e in session.events.all()
    ]
    return render(request, "care/session.html", {"session": session, "events": events})
