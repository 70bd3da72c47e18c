"""A person's pages: home, safety check, routines, the session player, history, settings and calendar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from care import calendar, routines, safety, schedule, submissions
from care.forms import ProfileForm, SafetyCheckForm
from care.models import SafetyCheck
from care.people import profile_of, routine_for, routines_of, safety_checks_of, session_for, sessions_of
from care.player import player_context
from clinical import triage
from clinical.content import content
from clinical.marks import UnknownRegion, parse_marks

SECONDS_CHOICES = [30, 45, 60, 75, 90, 105, 120]  # the routine editor's choices; the limit is 120


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@never_cache
@login_required
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    user = request.user
    return render(
        request,
        "care/home.html",
        {
            "due": schedule.due(user, now),
            "need": safety.need(user, now),
            "routines": routines_of(user).prefetch_related("steps"),
            "sessions": sessions_of(user)[:5],
            "profile": profile_of(user),
        },
    )


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
    context = {"form": form, "next": next_url, "form_key": submissions.key_of(request.POST)}
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
            if submissions.first_time(request.user, context["form_key"]):
                check = safety.record(request.user, answers, timezone.now())
            else:  # the same answers posted twice: kept once
                check = safety_checks_of(request.user).order_by("-answered_at").first()
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
def safety_result(request: HttpRequest, check_id: int) -> HttpResponse:
    check = safety_checks_of(request.user).filter(pk=check_id).first()
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
def safety_history(request: HttpRequest) -> HttpResponse:
    checks = [
        {"check": check, "yes": [flag for flag in map(safety.wording, check.yes) if flag is not None]}
        for check in safety_checks_of(request.user)
    ]
    return render(request, "care/safety_history.html", {"checks": checks})


def _gate(request: HttpRequest) -> HttpResponse | None:
    """Sends a person to the safety check first when they need it, or to their warning when it holds them back."""
    here = request.get_full_path()
    if request.user.is_authenticated:
        need = safety.need(request.user, timezone.now())
        if need.blocked is not None:
            return redirect("care:safety_result", need.blocked.pk)
        if need.ask:
            messages.info(request, need.reason)
            return redirect(f"{reverse('care:safety_check')}?next={here}")
        return None
    if not safety.device_is_clear(request):
        return redirect(f"{reverse('care:safety_check')}?next={here}")
    return None


@never_cache
def player(request: HttpRequest) -> HttpResponse:
    """The handout's routine; nothing is kept unless the person is signed in."""
    gate = _gate(request)
    if gate:
        return gate
    return _play(request, routines.handout_plan())


@never_cache
@login_required
def play_routine(request: HttpRequest, routine_id: int) -> HttpResponse:
    routine = routine_for(request.user, routine_id)
    gate = _gate(request)
    if gate:
        return gate
    return _play(request, routines.plan_of(routine), routine=routine)


@never_cache
@login_required
def resume(request: HttpRequest, session_id) -> HttpResponse:
    session = session_for(request.user, session_id)
    if session.is_finished:
        return redirect("care:session", session.pk)
    gate = _gate(request)
    if gate:
        return gate
    plan = [routines.StepPlan(s["muscle"], s["side"], s["seconds"]) for s in session.steps]
    return _play(request, plan, routine=session.routine, session=session)


def _play(request: HttpRequest, plan, routine=None, session=None) -> HttpResponse:
    worked, end_signal = {}, "both"
    if request.user.is_authenticated:
        worked = schedule.recently_worked(request.user, timezone.now())
        end_signal = profile_of(request.user).end_signal
    data = player_context(request, plan, routine=routine, worked=worked, session=session, end_signal=end_signal)
    # A first session (or any without an account) shows the general cautions before it starts.
    first = not request.user.is_authenticated or not sessions_of(request.user).exists()
    cautions = content().safety.general_cautions if first and session is None else []
    return render(request, "care/player.html", {"player": data, "cautions": cautions})


@never_cache
@login_required
def routine_list(request: HttpRequest) -> HttpResponse:
    return render(request, "care/routines.html", {"routines": routines_of(request.user).prefetch_related("steps")})


def _plan_from_post(data) -> list[routines.StepPlan]:
    chosen = []
    for order, info in enumerate(content().muscles.values()):
        for side in ("right", "left", ""):
            if data.get(f"step-{info.id}-{side or 'both'}"):
                try:
                    seconds = int(data.get(f"seconds-{info.id}", routines.DEFAULT_SECONDS))
                    position = int(data.get(f"order-{info.id}") or 99)
                except ValueError:
                    raise ValidationError(_("Times and order must be whole numbers.")) from None
                chosen.append((position, order, routines.StepPlan(info.id, side, seconds)))
    return [plan for *_key, plan in sorted(chosen, key=lambda item: (item[0], item[1]))]


def _editor_rows(plan: list[routines.StepPlan]) -> list[dict]:
    by_muscle: dict[str, dict] = {}
    for position, step in enumerate(plan):
        row = by_muscle.setdefault(step.muscle, {"chosen": set(), "seconds": step.seconds, "order": position + 1})
        row["chosen"].add(step.side or "both")
    rows = []
    for info in content().muscles.values():
        row = by_muscle.get(info.id, {"chosen": set(), "seconds": routines.DEFAULT_SECONDS, "order": ""})
        options = (
            [("both", _("Both sides at once"))]
            if info.id in routines.BOTH_SIDES_AT_ONCE
            else [
                ("right", _("Right")),
                ("left", _("Left")),
            ]
        )
        rows.append({"info": info, "options": options, **row})
    return rows


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def routine_edit(request: HttpRequest, routine_id: int | None = None) -> HttpResponse:
    routine = routine_for(request.user, routine_id) if routine_id is not None else None
    if request.method == "POST":
        name = request.POST.get("name", "")
        key = submissions.key_of(request.POST)
        try:
            with transaction.atomic():
                if not submissions.first_time(request.user, key):
                    return redirect("care:routines")  # the same form posted twice: saved once already
                plan = _plan_from_post(request.POST)
                routine = routines.save_routine(request.user, name, plan, routine)
        except ValidationError as error:
            return render(
                request,
                "care/routine_edit.html",
                {
                    "routine": routine,
                    "name": name,
                    "rows": _editor_rows(_plan_from_post_lenient(request.POST)),
                    "error": error.messages[0],
                    "seconds_choices": SECONDS_CHOICES,
                    "form_key": key,
                },
                status=400,
            )
        messages.success(request, _("Routine saved."))
        return redirect("care:routines")
    if routine is not None:
        plan, name = routines.plan_of(routine), routine.name
    elif request.GET.getlist("region"):
        try:
            marks = parse_marks(request.GET.getlist("region"))
        except UnknownRegion:  # a hand-edited link: start from the handout instead
            plan = routines.handout_plan()
        else:
            held = triage.blocking(triage.warnings_for(marks), set(request.GET.getlist("ack")))
            if held:
                # A warning about the heart, an artery or the eyes comes before any self-massage.
                return render(request, "care/finder_hold.html", {"warnings": held, "finder_url": _finder_url(marks)})
            plan = routines.finder_plan(marks)
        name = _("From the body map")
    else:
        plan, name = routines.handout_plan(), _("The handout's routine")
    return render(
        request,
        "care/routine_edit.html",
        {
            "routine": routine,
            "name": name,
            "rows": _editor_rows(plan),
            "seconds_choices": SECONDS_CHOICES,
            "form_key": submissions.new_key(),
        },
    )


def _finder_url(marks) -> str:
    from urllib.parse import urlencode

    return f"{reverse('atlas:finder')}?{urlencode([('region', str(mark)) for mark in marks])}"


def _plan_from_post_lenient(data) -> list[routines.StepPlan]:
    try:
        return _plan_from_post(data)
    except ValidationError:
        return []


@login_required
@require_POST
def routine_delete(request: HttpRequest, routine_id: int) -> HttpResponse:
    routine_for(request.user, routine_id).delete()
    messages.success(request, _("Routine deleted."))
    return redirect("care:routines")


@never_cache
@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "care/sessions.html", {"sessions": sessions_of(request.user).prefetch_related("events")[:100]}
    )


@never_cache
@login_required
def session_detail(request: HttpRequest, session_id) -> HttpResponse:
    session = session_for(request.user, session_id)
    labels = {info.id: info.label for info in content().muscles.values()}
    sides = {"left": _("left"), "right": _("right"), "": ""}
    events = [
        {"event": e, "label": labels.get(e.muscle, e.muscle), "side": sides.get(e.side, "")}
        for e in session.events.all()
    ]
    return render(request, "care/session.html", {"session": session, "events": events})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Settings saved."))
            return redirect("care:settings")
        return render(request, "care/settings.html", _settings_context(request, form, profile), status=400)
    return render(request, "care/settings.html", _settings_context(request, form, profile))


def _settings_context(request: HttpRequest, form, profile) -> dict:
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(user=request.user, verified=True).exists()
    return {
        "form": form,
        "feed_url": request.build_absolute_uri(reverse("care:calendar", args=[profile.calendar_token])),
        "verified": verified,
    }


@login_required
@require_POST
def renew_calendar(request: HttpRequest) -> HttpResponse:
    calendar.renew_token(profile_of(request.user))
    messages.success(request, _("Your calendar link has been renewed. The old link no longer works."))
    return redirect("care:settings")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    return calendar.feed_response(token, timezone.now())


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    from care.models import Profile
    from care.reminders import unsubscribe as stop

    if not Profile.objects.filter(unsubscribe_token=token).exists():
        raise Http404(_("This link is no longer valid."))
    if request.method == "POST":
        done = stop(token)
        if not done:
            raise Http404(_("This link is no longer valid."))
        return render(request, "care/unsubscribed.html")
    return render(request, "care/unsubscribe.html", {"token": token})
