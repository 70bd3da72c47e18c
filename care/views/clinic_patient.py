"""A patient's page as their practitioner sees it, and the routine the practitioner gives them: read through
the door, which checks the patient's consent and the practitioner's place in the clinic on every request and
writes the audit row."""

import json
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from access import audit, second_factor
from access.models import CareLink, Membership
from care import assigned, before, fhir, routines
from care.assigning_forms import AreaFormSet, IntervalForm, initial_rows
from care.door import AuthenticatedRequest, Need, patient_for
from care.views.progress import summary_context
from clinic import members, patient_invitations
from clinic.handout import PAPERS, HandoutUnavailable, render_pdf
from clinic.views import entry_state
from clinical import triage
from clinical.marks import Mark, UnknownRegion, parse_marks
from clinical.regions import region_choices


def entry_of(request: AuthenticatedRequest, link_id: int) -> tuple[Membership, CareLink] | None:
    """The member's current clinic and its entry by id (None: they work in no clinic; 404: not theirs)."""
    membership = members.current(request)  # type: ignore[arg-type]  # the same signed-in request
    if membership is None:
        return None
    second_factor.require(request)
    entry = patient_invitations.entry(membership, link_id)
    if entry is None:
        raise Http404("No such patient.")
    return membership, entry


@never_cache
@login_required
def patient_page(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    """The clinic's entry: its name and state; while the patient shares, how their self-care went and the
    routine the clinic gave them, version by version. After a withdrawal or a deleted account, the name and
    the date only."""
    found = entry_of(request, link_id)
    if found is None:
        return redirect("clinic:home")
    membership, entry = found
    context: dict = {"membership": membership, "entry": entry, "state": entry_state(entry)}
    if context["state"] == "joined":
        assert entry.patient_id is not None
        patient = patient_for(request, entry.patient_id, clinic_id=entry.clinic_id)
        routine = patient.routines().filter(clinic_id=membership.clinic_id).prefetch_related("steps").first()
        days = routine.interval_days if routine is not None else None
        context.update(summary_context(patient, request.GET.get("period"), days))
        if routine is not None:
            context.update(routine=routine, areas=assigned.areas(routine), followed=assigned.followed(patient, routine))
    return render(request, "clinic/patient.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def assign_routine(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    """Build the routine from the handout or the clinic's last one: areas in order, seconds, a note and a video
    link each, and how often; the patient is told when it changes."""
    found = entry_of(request, link_id)
    if found is None:
        return redirect("clinic:home")
    membership, entry = found
    if entry_state(entry) != "joined" or entry.patient_id is None:
        raise Http404("No such patient.")
    posted = request.method == "POST"
    marks: list[Mark] = []
    warnings: list = []
    action = audit.Action.ASSIGN if posted else audit.Action.VIEW
    patient = patient_for(request, entry.patient_id, Need.ASSIGN, action=action, clinic_id=entry.clinic_id)
    current = patient.routines().filter(clinic_id=membership.clinic_id).prefetch_related("steps").first()
    if posted:
        formset, interval = AreaFormSet(request.POST), IntervalForm(request.POST)
        if formset.is_valid() and interval.is_valid():
            try:
                assigned.assign(
                    patient,
                    clinic_id=membership.clinic_id,
                    clinic_name=membership.clinic.name,
                    by_id=request.user.pk,
                    steps=formset.steps(),
                    interval_days=interval.cleaned_data["interval_days"],
                    now=timezone.now(),
                )
            except ValidationError as error:
                formset.refuse(error.messages)
            else:
                messages.success(
                    request, _("Routine given to %(name)s. They will see it, and what changed.") % {"name": entry.name}
                )
                return redirect("care:patient", link_id)
        status = 400
    else:
        source = request.GET.get("from") or ("current" if current else "handout")
        marks = _marks(request.GET.getlist("region")) if source == "finder" else []
        warnings = []
        if source == "current" and current is not None:
            rows = initial_rows(assigned.steps_of(current))
            days = current.interval_days
        elif marks:
            # where the patient says it hurts: the finder's muscles, and any warning it raises, for the clinician
            plan = routines.finder_plan(marks)
            rows = initial_rows([assigned.AssignedStep(s.muscle, s.side, s.seconds) for s in plan])
            days, warnings = current.interval_days if current else None, triage.warnings_for(marks, {})
        else:
            rows = initial_rows([assigned.AssignedStep(s.muscle, s.side, s.seconds) for s in routines.handout_plan()])
            days = None
        formset = AreaFormSet(initial=[{**row, "ORDER": n} for n, row in enumerate(rows, start=1)], form_kwargs={})
        interval = IntervalForm(initial={"interval_days": days or 2})
        status = 200
    context = {
        "membership": membership,
        "entry": entry,
        "formset": formset,
        "interval": interval,
        "current": current,
        "regions": region_choices(),
        "marked": {str(mark) for mark in (marks if not posted else [])},
        "warnings": warnings if not posted else [],
    }
    return render(request, "clinic/assign_routine.html", context, status=status)


def _marks(values: list[str]) -> list[Mark]:
    """The places the practitioner ticked, or none for a hand-edited link."""
    try:
        return parse_marks([value for value in values if value.strip()][:30])
    except UnknownRegion:
        return []


def _before_context(
    request: AuthenticatedRequest, membership: Membership, entry: CareLink, action: str = audit.Action.VIEW
) -> dict:
    context: dict = {"membership": membership, "entry": entry, "state": entry_state(entry)}
    if context["state"] == "joined":
        assert entry.patient_id is not None
        patient = patient_for(request, entry.patient_id, action=action, clinic_id=entry.clinic_id)
        weeks = before.before_appointment(patient, timezone.now(), entry.seen_at, entry.clinic_id)
        context.update(summary_context(patient, request.GET.get("period"), weeks.interval_days), before=weeks)
    return context


@never_cache
@login_required
def before_page(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    """Before the appointment: the patient's summary as they see it, for their practitioner, with how the last
    weeks went since the practitioner last saw them. After a withdrawal, only the withdrawal."""
    found = entry_of(request, link_id)
    if found is None:
        return redirect("clinic:home")
    return render(request, "clinic/before.html", _before_context(request, *found))


@never_cache
@login_required
def before_pdf(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    """The same page as one printed page (PDF, the clinic's paper), audited as a print. None after a
    withdrawal: there is nothing to print but the withdrawal, which the page shows."""
    found = entry_of(request, link_id)
    if found is None:
        return redirect("clinic:home")
    membership, entry = found
    if entry_state(entry) != "joined" or entry.patient_id is None:
        raise Http404("No such patient.")
    context = _before_context(request, membership, entry, audit.Action.PRINT)
    context.update(paper=PAPERS[paper_of(request, membership)], lang=get_language(), printed=timezone.now())
    html = render_to_string("clinic/before_print.html", context, request)
    # no name in the file's name: it may sit on a shared printer or in a downloads folder
    return pdf_answer(lambda: render_pdf(html).pdf, f"unknot-before-{entry.pk}-{timezone.localdate()}")


def paper_of(request: HttpRequest, membership: Membership) -> str:
    """The paper asked for (?paper=a4 or letter), or the clinic's own."""
    asked = request.GET.get("paper", "")
    return asked if asked in PAPERS else membership.clinic.paper


def pdf_answer(make: Callable[[], bytes], name: str) -> HttpResponse:
    """The PDF `make` renders, shown in the browser as `name`.pdf; or 503 with the line that installs what
    WeasyPrint needs, on a server without it."""
    try:
        pdf = make()
    except HandoutUnavailable as missing:
        text = _("This server cannot make PDFs yet: its administrator needs to run") + f"\n  {missing}\n"
        return HttpResponse(text, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
@require_POST
def seen_today(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    """The practitioner saw the patient today: the next "before the appointment" counts from now."""
    found = entry_of(request, link_id)
    if found is None:
        return redirect("clinic:home")
    _membership, entry = found
    if entry_state(entry) != "joined" or entry.patient_id is None:
        raise Http404("No such patient.")
    patient_for(request, entry.patient_id, Need.READ, clinic_id=entry.clinic_id)  # the door: consent, place
    CareLink.objects.filter(pk=entry.pk).update(seen_at=timezone.now())
    messages.success(request, _("Noted: seen today. Their next summary starts from now."))
    return redirect("care:patient", link_id)


@never_cache
@login_required
def patient_fhir(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    """What the patient shares with the clinic as one FHIR R4 Bundle, with the routine the clinic gave them as a
    CarePlan: for the clinic's health-record system. Audited as an export; a withdrawn patient has none."""
    found = entry_of(request, link_id)
    if found is None:
        return redirect("clinic:home")
    _membership, entry = found
    if entry_state(entry) != "joined" or entry.patient_id is None:
        raise Http404("No such patient.")
    patient = patient_for(request, entry.patient_id, action=audit.Action.EXPORT, clinic_id=entry.clinic_id)
    body = json.dumps(fhir.clinic_bundle(patient, entry.clinic_id), ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body.encode(), content_type=fhir.MEDIA_TYPE)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="unknot-patient-{entry.pk}-{stamp}.fhir.json"'
    response["Cache-Control"] = "no-store, private"
    return response
