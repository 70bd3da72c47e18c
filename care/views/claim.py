"""Saving a guest's session from its summary with an email address only: the address, then the code mailed to it,
then home keeps the phone's session and the next one is booked (care.claim_codes, care.guest_work)."""

from datetime import datetime

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from care import booking, claim_codes, guest_work
from care.claim_forms import SaveSessionForm, SessionCodeForm
from care.door import patient_for

CODE_REQUESTS = {"save_session": settings.ACCOUNT_RATE_LIMITS["signup"]}


@never_cache
@require_http_methods(["GET", "POST"])
def claim_session(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not request.POST.get("code"):
        return redirect("care:home")  # signed in, the player saves every session as it goes
    if request.method == "POST" and "code" in request.POST:
        return _code_typed(request)
    if request.method == "POST":
        # as many a minute from one client address as sign-ups (each asks for a mail)
        refused = ratelimit.consume_or_429(request, app="unknot", action="save_session", config=CODE_REQUESTS)
        if refused is not None:
            return refused
        form = SaveSessionForm(request.POST)
        if not form.is_valid():
            return render(request, "care/claim_session.html", {"form": form}, status=400)
        at = form.cleaned_data["time"]
        asked = claim_codes.Asked(
            email=form.cleaned_data["email"],
            session=str(form.cleaned_data["session"]),
            time=at.strftime("%H:%M") if at else "",
            time_zone=form.cleaned_data["time_zone"],
        )
        claim_codes.send_code(request, asked)
        return redirect("care:claim_session")  # the same page for every address: "we sent you a code"
    waiting = claim_codes.waiting(request)
    if waiting is None:  # nothing asked for (or the code ran out): the summary of a session is where to start
        return render(request, "care/claim_session.html", {"asked": claim_codes.last_asked(request)})
    return render(request, "care/claim_session.html", {"asked": waiting, "code_form": SessionCodeForm()})


def _code_typed(request: HttpRequest) -> HttpResponse:
    asked = claim_codes.waiting(request)
    form = SessionCodeForm(request.POST)
    if form.is_valid():
        try:
            asked = claim_codes.check(request, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
    if not form.is_valid() or asked is None:
        context = {"asked": claim_codes.last_asked(request), "code_form": form}
        return render(request, "care/claim_session.html", context, status=400)
    person = claim_codes.person_with(request, asked.email)
    if claim_codes.needs_more_than_a_code(person):
        messages.info(request, _("Please sign in with your password to save this session."))
        return redirect("account_login")
    response = claim_codes.sign_in(request, person, reverse("care:home"))
    if request.user.is_authenticated:  # not when a second factor is still to be given
        now = timezone.now()
        at = datetime.strptime(asked.time, "%H:%M").time() if asked.time else None
        booking.book(patient_for(request), session_id=asked.session, now=now, at=at, time_zone=asked.time_zone)
        guest_work.allow_keeping(request, now, asked.session)
        request.session[guest_work.KEEP_NOW] = asked.session
    return response
