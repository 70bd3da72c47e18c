"""The safety check: the questions, a result that holds sessions back, the history of answers."""

from urllib.parse import quote

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

from care import gate, quick_check, safety, submissions
from care.door import AuthenticatedRequest, patient_for
from care.models import SafetyCheck
from care.safety_forms import SCREENS, SafetyAnswersForm, SafetyScreenForm, answers_of
from clinical.content import content


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _screen(request: HttpRequest, form: SafetyScreenForm, next_url: str, key: str, status: int = 200) -> HttpResponse:
    context = {"form": form, "next": next_url, "form_key": key, "screen": form.screen}
    return render(request, "care/safety_check.html", context, status=status)


def _reopened(screen: int, ticked: set[str]) -> SafetyScreenForm:
    """A screen as it was answered, its lines open where a sign was ticked (to change the answers)."""
    form = SafetyScreenForm(screen=screen)
    for line in form.lines:
        signs = [value for value, _label in form.choices[line.id] if value in ticked]
        form.initial.update({f"line-{line.id}": bool(signs), f"signs-{line.id}": signs})
    here = {value for line in form.lines for value, _label in form.choices[line.id]}
    form.initial["carried"] = sorted(ticked - here)
    return form


@never_cache
@require_http_methods(["GET", "POST"])
def safety_check(request: HttpRequest) -> HttpResponse:
    """The red-flag questions: a first screen of plain lines holding every emergency and urgent sign, then one
    for the signs to see a clinician about. Anyone may answer; a signed-in person's answers are kept.

    A yes on the first screen goes straight to what to do (the second screen would only delay it); a yes is
    shown back for confirmation before it is recorded, so a slip of the thumb can be undone."""
    next_url = _safe_next(request, reverse("care:player"))
    completing = _completing(request)
    if request.method != "POST":
        return _screen(request, SafetyScreenForm(screen=2 if completing else 1), next_url, submissions.new_key())
    key = submissions.key_of(request.POST)
    if request.POST.get("confirmed") or request.POST.get("change"):
        answered = SafetyAnswersForm(request.POST)
        if not answered.is_valid():
            return _screen(request, SafetyScreenForm(screen=1), next_url, key, status=400)
        ticked, screens = set(answered.cleaned_data["ticked"]), set(answered.cleaned_data["screens"])
        screens = {2} if completing else screens  # the second screen alone was asked
        if request.POST.get("change"):
            return _screen(request, _reopened(max(screens), ticked), next_url, key)
        return _record(request, answers_of(ticked, screens), key, next_url, tuple(sorted(screens)))
    screen = 2 if request.POST.get("screen") == "2" else 1
    form = SafetyScreenForm(request.POST, screen=screen)
    if not form.is_valid():
        return _screen(request, form, next_url, key, status=400)
    ticked = form.ticked()
    screens = {2} if completing and screen == 2 else set(range(1, screen + 1))
    answers = answers_of(ticked, screens)
    if any(answers.get(flag.id) for flag in content().rules.red_flags):
        context = {
            "ticked": [flag for flag in content().rules.red_flags if answers.get(flag.id)],
            "values": sorted(ticked),
            "screens": sorted(screens),
            "result": safety.result_of(answers),
            "next": next_url,
            "form_key": key,
        }
        return render(request, "care/safety_confirm.html", context)
    if screen == 1:
        return _screen(request, SafetyScreenForm(screen=2, initial={"carried": sorted(ticked)}), next_url, key)
    if completing:
        return _record(request, answers, key, next_url, (2,))
    return _record(request, answers_of(ticked, set(SCREENS)), key, next_url)


def _completing(request: HttpRequest) -> bool:
    """Whether this person is asked only the second screen: their last check went straight from a sign on the
    first screen to what to do, and a clinician has cleared them since (care.safety.need)."""
    if not request.user.is_authenticated or request.GET.get("screen") != "2":
        return False
    return safety.need(patient_for(request), timezone.now()).screen == 2


def _record(
    request: HttpRequest, answers: dict[str, bool], key: str, next_url: str, screens: tuple[int, ...] = SCREENS
) -> HttpResponse:
    """Keeps a signed-in person's answers (once, however often they are posted) and says what to do next."""
    result = safety.result_of(answers)
    if request.user.is_authenticated:
        with transaction.atomic():
            if submissions.first_time(request.user, key):
                check: SafetyCheck | None = safety.record(patient_for(request), answers, timezone.now(), screens)
            else:  # the same answers posted twice: kept once
                check = patient_for(request).safety_checks().order_by("-answered_at").first()
        if check is None or check.result == SafetyCheck.Result.CLEAR:
            return quick_check.passed(redirect(next_url))
        return redirect("care:safety_result", check.pk)
    if result == SafetyCheck.Result.CLEAR:
        response = quick_check.passed(redirect(next_url))
        # the answers, not only "clear": a person who signs up on this device takes them with them
        safety.remember_device(request, response, [key for key, yes in answers.items() if yes], screens)
        return response
    yes = [flag for flag in content().rules.red_flags if answers.get(flag.id)]
    return render(request, "care/safety_result.html", {"result": result, "yes": yes, "check": None})


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


@never_cache
@require_http_methods(["GET", "POST"])
def safety_quick(request: HttpRequest) -> HttpResponse:
    """Before a session when the whole check is not due: "Anything new?" with "Nothing new" as one tap."""
    next_url = _safe_next(request, reverse("care:player"))
    found = gate.hold(request)
    if found is not None and found.code != "quick_check_needed":
        if found.code == "safety_hold":
            return redirect(found.url)
        joint = "&" if "?" in found.url else "?"
        return redirect(f"{found.url}{joint}next={quote(next_url, safe='/')}")
    if request.method == "POST":
        return quick_check.passed(redirect(next_url), request)
    return render(request, "care/safety_quick.html", {"next": next_url})
