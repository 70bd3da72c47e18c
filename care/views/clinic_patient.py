"""A patient's page as their practitioner sees it: read through the door, which checks the patient's consent
and the practitioner's place in the clinic on every request and writes the audit row."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from access import second_factor
from care.door import AuthenticatedRequest, patient_for
from care.views.progress import summary_context
from clinic import members, patient_invitations
from clinic.views import entry_state


@never_cache
@login_required
def patient_page(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    """The clinic's entry: its name and state; while the patient shares, how their self-care went. After a
    withdrawal or a deleted account, the name and the date only."""
    membership = members.current(request)  # type: ignore[arg-type]  # the same signed-in request
    if membership is None:
        return redirect("clinic:home")
    second_factor.require(request)
    entry = patient_invitations.entry(membership, link_id)
    if entry is None:
        raise Http404("No such patient.")
    context = {"membership": membership, "entry": entry, "state": entry_state(entry)}
    if context["state"] == "joined":
        assert entry.patient_id is not None
        context.update(
            summary_context(
                patient_for(request, entry.patient_id, clinic_id=entry.clinic_id), request.GET.get("period")
            )
        )
    return render(request, "clinic/patient.html", context)
