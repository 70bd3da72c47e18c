"""Home: what to do now."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from care import safety, schedule
from care.people import AuthenticatedRequest, profile_of, routines_of, sessions_of


@never_cache
@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    now = timezone.now()
    user = request.user
    return render(
        request,
        "care/home.html",
        {
            "due": schedule.due(user, now),
            "need": safety.need(user, now),
            "routines": routines_of(user, user).prefetch_related("steps"),
            "sessions": sessions_of(user, user)[:5],
            "profile": profile_of(user),
        },
    )
