"""Routines: the list, the editor (from the handout, the body map or scratch) and deleting one."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from atlas.finder import UnknownAnswer, answer_query, parse_answers
from care import assigned, routines, submissions
from care.door import AuthenticatedRequest, patient_for
from care.models import Routine
from care.routine_forms import MAX_AREAS, OwnStepFormSet, RoutineNameForm, StepFormSet, plan_rows
from clinical import triage
from clinical.marks import Mark, UnknownRegion, parse_marks


@never_cache
@login_required
def routine_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "care/routines.html", {"routines": patient_for(request).routines().prefetch_related("steps")}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def routine_edit(request: AuthenticatedRequest, routine_id: int | None = None) -> HttpResponse:
    """The person's own routine: a name and one row per area (muscle, side, time), in their order."""
    routine = patient_for(request).routine(routine_id) if routine_id is not None else None
    if routine is not None and routine.is_assigned:
        return _assigned(request, routine)
    if request.method == "POST":
        return _posted(request, routine)
    if routine is not None:
        plan, name = routines.plan_of(routine), routine.name
    elif request.GET.getlist("region"):
        try:
            marks = parse_marks(request.GET.getlist("region"))
            answers = parse_answers([value for value in request.GET.getlist("answer") if value.strip()])
        except (UnknownRegion, UnknownAnswer):  # a hand-edited link: start from the handout instead
            plan = routines.handout_plan()
        else:
            held = triage.blocking(triage.warnings_for(marks, answers), set(request.GET.getlist("ack")))
            if held:
                # A warning about the heart, an artery or the eyes (from the marks or an answer) comes first.
                hold = {"warnings": held, "finder_url": _finder_url(marks, answers)}
                return render(request, "care/finder_hold.html", hold)
            plan = routines.finder_plan(marks, answers)
        name = _("From the body map")
    else:
        plan, name = routines.handout_plan(), _("The handout's routine")
    form, formset = RoutineNameForm(initial={"name": name}), StepFormSet(initial=plan_rows(plan))
    return _editor(request, routine, form, formset, submissions.new_key())


def _posted(request: AuthenticatedRequest, routine: Routine | None) -> HttpResponse:
    form, formset, key = RoutineNameForm(request.POST), StepFormSet(request.POST), submissions.key_of(request.POST)
    if not formset.management_form.is_valid():  # a page from before this editor, or a hand-made post
        fresh = StepFormSet(initial=[])
        fresh.refuse([_("This form was not complete. Please choose the areas again.")])
        return _editor(request, routine, form, fresh, key, status=400)
    if (formset.management_form.cleaned_data["TOTAL_FORMS"] or 0) > MAX_AREAS + 1:  # more rows than the page ever has
        fresh = StepFormSet(initial=[])
        fresh.refuse([_("A routine has at most %(n)s areas. Please choose them again.") % {"n": MAX_AREAS}])
        return _editor(request, routine, form, fresh, key, status=400)
    again = None
    if request.POST.get("move"):  # "Move up" or "Move down" without scripts: the new order, nothing saved
        again = formset.moved(request.POST["move"])
    elif request.POST.get("add"):  # "Add another area" without scripts: one more empty row, nothing saved
        again = formset.with_another_row()
    if again is not None:
        return _editor(request, routine, RoutineNameForm(again), StepFormSet(again), key, reshown=True)
    if form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                if not submissions.first_time(request.user, key):
                    return redirect("care:routines")  # the same form posted twice: saved once already
                routines.save_routine(patient_for(request), form.cleaned_data["name"], formset.plan(), routine)
        except ValidationError as error:
            formset.refuse(error.messages)
        else:
            messages.success(request, _("Routine saved."))
            return redirect("care:routines")
    return _editor(request, routine, form, formset, key, status=400)


def _editor(
    request: AuthenticatedRequest,
    routine: Routine | None,
    form: RoutineNameForm,
    formset: OwnStepFormSet,
    key: str,
    status: int = 200,
    reshown: bool = False,
) -> HttpResponse:
    context = {"routine": routine, "form": form, "formset": formset, "form_key": key, "reshown": reshown}
    return render(request, "care/routine_edit.html", context, status=status)


def _assigned(request: AuthenticatedRequest, routine: Routine) -> HttpResponse:
    """A routine from the person's practitioner: theirs to follow and copy, not to change; what changed last."""
    if request.method == "POST":
        return redirect("care:routine_edit", routine.pk)  # nothing here is changed by the person
    patient = patient_for(request)
    context = {
        "routine": routine,
        "areas": assigned.areas(routine),
        "sequences": assigned.step_by_step(routine),
        "changes": assigned.changes(patient, routine),
        "was_new": routine.is_new_to_them,
    }
    assigned.mark_seen(patient, routine)
    return render(request, "care/routine_assigned.html", context)


@login_required
@require_POST
def routine_copy(request: AuthenticatedRequest, routine_id: int) -> HttpResponse:
    """The person's own copy of a routine, to change as they like (a practitioner's notes stay with theirs)."""
    routine = patient_for(request).routine(routine_id)
    name = (_("My copy of %(name)s") % {"name": routine.name})[:80]
    copy = routines.save_routine(patient_for(request), name, routines.plan_of(routine))
    messages.success(request, _("Your copy is saved. Change it as you like."))
    return redirect("care:routine_edit", copy.pk)


def _finder_url(marks: list[Mark], answers: dict[str, bool]) -> str:

    query = [("region", str(mark)) for mark in marks] + answer_query(answers)
    return f"{reverse('atlas:finder')}?{urlencode(query)}"


@login_required
@require_POST
def routine_delete(request: AuthenticatedRequest, routine_id: int) -> HttpResponse:
    routine = patient_for(request).routine(routine_id)
    if routine.is_assigned:  # the clinic's words: it ends when the person stops sharing with the clinic
        messages.error(request, _("This routine is from your practitioner. To stop it, stop sharing with the clinic."))
        return redirect("care:routines")
    routine.delete()
    messages.success(request, _("Routine deleted."))
    return redirect("care:routines")
