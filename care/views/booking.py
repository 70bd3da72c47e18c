"""Booking the next session from the summary, in one tap; and starting a past session again."""

import uuid
from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from care import booking, reminders
from care.door import AuthenticatedRequest, patient_for
from care.gate import safety_gate
from care.views.player import _play


def _time(value: str) -> time | None:
    try:
        return datetime.strptime(value.strip(), "%H:%M").time()
    except ValueError:
        return None


@login_required
@require_POST
def book_next(request: AuthenticatedRequest) -> HttpResponse:
    """ "Tuesday 8 Dec, 18:00?" - yes: the next session is booked, the reminder on, the calendar offered."""
    chosen = request.POST.get("time", "")
    at = _time(chosen) if chosen else None
    if chosen and at is None:
        messages.error(request, _("Please give a time such as 18:00."))
        return redirect("care:home")
    remind = request.POST.get("remind") == "on"
    done = booking.book(
        patient_for(request),
        session_id=request.POST.get("session", ""),
        now=timezone.now(),
        at=at,
        time_zone=request.POST.get("time_zone", ""),
        remind=remind,
    )
    timezone.activate(done.at.tzinfo)  # type: ignore[arg-type]  # the person's zone, for the words below
    when = {"day": formats.date_format(done.at, "l j F"), "time": formats.time_format(done.at, "H:i")}
    if request.POST.get("calendar") == "on":
        request.session[booking.OFFER_CALENDAR] = True
    if remind and not reminders.has_verified_address(request.user):
        address = reminders.confirm_address(request)
        if address is not None:
            messages.info(
                request,
                _(
                    "Booked for %(day)s at %(time)s. We have sent a code to %(address)s: reminders start once you "
                    "enter it."
                )
                % {**when, "address": address},
            )
            return redirect("account_email_verification_sent")
    if remind:
        messages.success(request, _("Booked for %(day)s at %(time)s. We will email you then.") % when)
    else:
        messages.success(request, _("Booked for %(day)s at %(time)s.") % when)
    return redirect("care:home")


@never_cache
@login_required
@safety_gate
def again(request: AuthenticatedRequest, session_id: uuid.UUID) -> HttpResponse:
    """The areas of a past session, as a new session: what home's Start and the calendar's link open."""
    plan, session = booking.plan_again(patient_for(request), session_id)
    return _play(request, plan, title=session.routine_name or None)
