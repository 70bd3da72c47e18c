"""The safety gate before self-massage: one rule for the pages and the API.

A person who needs the safety check (never answered, 4 weeks since, pain up by 3, a newer question set) is
sent to it; a warning sign holds sessions back until a clinician's clearance is recorded."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Literal
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from care import quick_check, safety
from care.door import patient_for
from care.page_cache import remembered


@dataclass(frozen=True)
class Hold:
    code: Literal["safety_check_needed", "safety_hold", "quick_check_needed"]
    url: str
    detail: str


def hold(request: HttpRequest, starting: bool = True, quick: bool = False) -> Hold | None:
    """Why this person may not start (or, on hold, record) a session now; None when they may.

    `quick`: a page about to start a session also asks "Anything new?" when the whole check is not due. The API
    never does: a session saved later from the device's queue was started after that question."""
    if request.user.is_authenticated:
        patient, now = patient_for(request), timezone.now()
        # asked before every page that starts a session: kept until the person's records change, or a minute
        need = remembered(request, patient, "safety-need", lambda: safety.need(patient, now))
        if need.blocked is not None:
            return Hold(
                "safety_hold",
                reverse("care:safety_result", args=[need.blocked.pk]),
                _(
                    "Your safety check found a warning sign. Sessions are paused until you record that a "
                    "clinician has cleared you."
                ),
            )
        if starting and need.ask:
            url = reverse("care:safety_check") + ("?screen=2" if need.screen == 2 else "")
            return Hold("safety_check_needed", url, str(need.reason))
        if starting and quick and not quick_check.is_fresh(request, need.last_answered, timezone.now()):
            return Hold(
                "quick_check_needed",
                reverse("care:safety_quick"),
                _("Since your last check, is anything new or worse?"),
            )
        return None
    if starting and not safety.device_is_clear(request):
        return Hold("safety_check_needed", reverse("care:safety_check"), _("A few quick safety questions first."))
    if starting and quick and not quick_check.is_fresh(request, None, timezone.now()):
        return Hold(
            "quick_check_needed", reverse("care:safety_quick"), _("Since your last check, is anything new or worse?")
        )
    return None


def safety_gate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page that starts a session: the safety check first, or the warning that holds the person back."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A copy the phone keeps for offline use (the service worker's fetch) asks "Anything new?" on the
        # page itself when it is opened; a warning sign or a whole check due still hold it back here.
        found = hold(request, quick=request.headers.get("X-Unknot-Keep") != "1")
        if found is None:
            return view(request, *args, **kwargs)
        if found.code == "safety_hold":
            return redirect(found.url)
        if request.user.is_authenticated and found.code != "quick_check_needed":  # that page asks it itself
            messages.info(request, found.detail)
        joint = "&" if "?" in found.url else "?"
        return redirect(f"{found.url}{joint}next={quote(request.get_full_path(), safe='/')}")

    return wrapper
