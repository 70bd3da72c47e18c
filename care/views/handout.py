"""The printed handout as a PDF: the generic one for any practitioner, and a patient's through the door (which
checks the patient's consent and the practitioner's place in the clinic, and writes the "print" audit row)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from access import audit, second_factor
from access.models import Membership
from care import handout
from care.door import AuthenticatedRequest, patient_for
from care.views.clinic_patient import entry_of, paper_of, pdf_answer
from clinic import members
from clinic.views import entry_state


def _pdf(made: handout.Handout | None, paper: str, name: str) -> HttpResponse:
    """The PDF (the generic handout when `made` is None), or 503 with the install line."""
    return pdf_answer(
        lambda: handout.generic_pdf(paper) if made is None else handout.render(made, paper).pdf, f"{name}-{paper}"
    )


@never_cache
@require_GET
@login_required
def generic_handout(request: AuthenticatedRequest) -> HttpResponse:
    """The seed handout, illustrated: the same for every patient, for any member of a clinic to print."""
    membership = members.current(request)  # type: ignore[arg-type]  # the same signed-in request
    if membership is None:
        return redirect("clinic:home")
    second_factor.require(request)
    return _pdf(None, paper_of(request, membership), "unknot-handout")


@never_cache
@require_GET
@login_required
def patient_handout(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    """A joined patient's handout: their routine from this clinic, in its order, with the practitioner's notes and
    video links. Opened through the door as a print; a withdrawn patient's entry has no handout."""
    found = entry_of(request, link_id)
    if found is None:
        return redirect("clinic:home")
    membership, entry = found
    if entry_state(entry) != "joined" or entry.patient_id is None:
        raise Http404("No such patient.")
    patient = patient_for(request, entry.patient_id, action=audit.Action.PRINT, clinic_id=entry.clinic_id)
    routine = patient.routines().filter(clinic_id=membership.clinic_id).prefetch_related("steps").first()
    practitioner = membership.display_name if routine is None or routine.assigned_by_id == request.user.pk else ""
    if routine is not None and not practitioner:
        by = Membership.objects.filter(clinic_id=membership.clinic_id, person_id=routine.assigned_by_id).first()
        practitioner = by.display_name if by else ""
    made = handout.for_patient(patient, routine, membership.clinic, practitioner, entry.name)
    return _pdf(made, paper_of(request, membership), f"unknot-handout-{entry.pk}")  # no name on a shared printer
