"""The Neck Disability Index: fill it in, see the scores over time, look at or delete one."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST

from care import charts, questionnaire, submissions
from care.door import AuthenticatedRequest, Patient, patient_for
from care.forms import NeckQuestionnaireForm
from care.page_cache import personal_chart, personal_page
from clinical import ndi


@never_cache
@login_required
def questionnaire_list(request: AuthenticatedRequest) -> HttpResponse:
    patient = patient_for(request)
    return personal_page(request, patient, "care/questionnaire_list.html", lambda: _history(patient))


def _history(patient: Patient) -> dict:
    rows = questionnaire.history(patient)
    return {
        "rows": rows,
        "latest": rows[0] if rows else None,
        "due": questionnaire.due_after(rows, timezone.now()),
        "scored": any(row.score.total is not None for row in rows),
        "meaningful": ndi.MEANINGFUL_CHANGE,
        "low_start": questionnaire.starts_too_low(rows),
        "sources": ndi.SOURCES,
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_new(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        form = NeckQuestionnaireForm(request.POST)
        key = submissions.key_of(request.POST)
        if form.is_valid():
            with transaction.atomic():
                # a doubled tap on "Save" keeps one questionnaire
                if submissions.first_time(request.user, key):
                    questionnaire.save(patient_for(request), form.answers(), timezone.now())
            messages.success(request, _("Thank you. Your answers are saved."))
            return redirect("care:questionnaires")
        context = {"form": form, "form_key": key, "sources": ndi.SOURCES}
        return render(request, "care/questionnaire_form.html", context, status=400)
    return personal_page(
        request,
        patient_for(request),
        "care/questionnaire_form.html",
        lambda: {"form": NeckQuestionnaireForm(), "form_key": submissions.new_key(), "sources": ndi.SOURCES},
        fresh=_new_key,
    )


def _new_key(values: dict[str, Any]) -> dict[str, Callable[[], str]]:
    """A kept form is a new questionnaire each time it is shown: its key (one save per key) is made afresh."""
    return {values["form_key"]: submissions.new_key}


@never_cache
@login_required
def questionnaire_detail(request: AuthenticatedRequest, questionnaire_id: str) -> HttpResponse:
    found = patient_for(request).neck_questionnaire(questionnaire_id)
    answers = [
        {
            "heading": item.heading,
            "text": item.options[found.answers[item.id]] if item.id in found.answers else None,
            "points": found.answers.get(item.id),
        }
        for item in ndi.ITEMS
    ]
    row = next(row for row in questionnaire.history(patient_for(request)) if row.questionnaire.pk == found.pk)
    context = {"found": found, "score": found.score, "answers": answers, "row": row}
    return render(request, "care/questionnaire_detail.html", context)


@login_required
@require_POST
def questionnaire_delete(request: AuthenticatedRequest, questionnaire_id: str) -> HttpResponse:
    patient_for(request).neck_questionnaire(questionnaire_id).delete()
    messages.success(request, _("The questionnaire has been deleted."))
    return redirect("care:questionnaires")


@never_cache
@login_required
@csp_override(charts.CHART_CSP)
def questionnaire_chart(request: AuthenticatedRequest) -> HttpResponse:
    """The scores over time, as its own SVG file (shown with <img>)."""

    def draw() -> str:
        history = reversed(questionnaire.history(patient_for(request)))
        points = [
            (row.questionnaire.answered_at, float(row.score.total)) for row in history if row.score.total is not None
        ]
        return charts.neck_chart(points)

    return personal_chart(request, patient_for(request), draw)
