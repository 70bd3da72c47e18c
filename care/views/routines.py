"""Routines: the list, the editor (from the handout, the body map or scratch) and deleting one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from care import routines, submissions
from care.people import routine_for, routines_of
from clinical import triage
from clinical.content import content
from clinical.marks import UnknownRegion, parse_marks

SECONDS_CHOICES = [30, 45, 60, 75, 90, 105, 120]  # the routine editor's choices; the limit is 120


@never_cache
@login_required
def routine_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "care/routines.html", {"routines": routines_of(request.user, request.user).prefetch_related("steps")}
    )


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
    routine = routine_for(request.user, request.user, routine_id) if routine_id is not None else None
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
    routine_for(request.user, request.user, routine_id).delete()
    messages.success(request, _("Routine deleted."))
    return redirect("care:routines")
