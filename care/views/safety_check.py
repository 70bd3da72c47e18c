"""The safety check: the questions, a result that holds sessions back, the history of answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from care import safety, submissions
from care.door import AuthenticatedRequest, patient_for
from care.forms import SafetyCheckForm
from care.models import SafetyCheck


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@never_cache
@require_http_methods(["GET", "POST"])
def safety_check(request: HttpRequest) -> HttpResponse:
    """The red-flag questions. Anyone may answer; a signed-in person's answers are kept on their record.

    A yes is shown back for confirmation before it is recorded, so a slip of the thumb can be undone."""
    next_url = _safe_next(request, reverse("care:player"))
    if request.method != "POST":
        context = {"form": SafetyCheckForm(), "next": next_url, "form_key": submissions.new_key()}
        return render(request, "care/safety_check.html", context)
    form = SafetyCheckForm(request.POST)
    key = submissions.key_of(request.POST)
    context = {"form": form, "next": next_url, "form_key": key}
    if not form.is_valid():
        return render(request, "care/safety_check.html", context, status=400)
    ticked = form.ticked()
    if request.POST.get("change"):
        return render(request, "care/safety_check.html", context)
    if ticked and request.POST.get("confirmed") != "yes":
        context.update(ticked=ticked, result=safety.result_of(form.answers()))
        return render(request, "care/safety_confirm.html", context)
    answers = form.answers()
    result = safety.result_of(answers)
    if request.user.is_authenticated:
        with transaction.atomic():
            if submissions.first_time(request.user, key):
                check: SafetyCheck | None = safety.record(patient_for(request), answers, timezone.now())
            else:  # the same answers posted twice: kept once
                check = patient_for(request).safety_checks().order_by("-answered_at").first()
        if check is None or check.result == SafetyCheck.Result.CLEAR:
            return redirect(next_url)
        return redirect("care:safety_result", check.pk)
    if result == SafetyCheck.Result.CLEAR:
        response = redirect(next_url)
        safety.remember_device(request, response)
        return response
    return render(request, "care/safety_result.html", {"result": result, "yes": ticked, "check": None})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def safety_result(request: AuthenticatedRequest, check_id: int) -> HttpResponse:
    check = patient_for(request).safety_checks().filter(pk=check_id).first()
    if check is None:
        raise Http404(_("No such safety check."))
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm a clinician has said self-care is safe for you."))
        elif "\x00" in request.POST.get("note", ""):
            messages.error(request, _("The note cannot contain that character. Please type it again."))
        else:
            safety.record_clearance(check, request.POST.get("note", ""), timezone.now())
            messages.success(request, _("Thank you. We have noted that a clinician cleared you."))
            return redirect("care:home")
    yes = [flag for flag in map(safety.wording, check.yes) if flag is not None]
    return render(request, "care/safety_result.html", {"result": check.result, "yes": yes, "check": check})


@never_cache
@login_required
def safety_history(request: AuthenticatedRequest) -> HttpResponse:
    checks = [
        {"check": check, "yes": [flag for flag in map(safety.wording, check.yes) if flag is not None]}
        for check in patient_for(request).safety_checks()
    ]
    return render(request, "care/safety_history.html", {"checks": checks})
