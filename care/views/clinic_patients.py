"""The clinic's patients: its dashboard. Sorted by who needs attention, searchable by the name the clinic gave,
paginated; each shared patient with their last session, adherence, pain trend and neck questionnaire. Opening
it is audited for every patient whose figures it shows."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from access import audit
from access.audit import Shown
from access.models import Membership
from care import dashboard
from clinic import patient_invitations
from clinic.forms import AddPatientForm, AssignForm
from clinic.members import SignedInRequest
from clinic.views import entry_state, member_required

PER_PAGE = 25


class ThresholdForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["attention_below"]
        labels = {"attention_below": gettext_lazy("Flag patients who kept under this share of their sessions (%)")}


@never_cache
@member_required
def patients_page(request: SignedInRequest, membership: Membership) -> HttpResponse:
    return patients_page_response(request, membership)


def patients_page_response(
    request: SignedInRequest, membership: Membership, form: AddPatientForm | None = None
) -> HttpResponse:
    now = timezone.now()
    search = request.GET.get("q", "")[:120]
    found = dashboard.rows(membership, now, membership.attention_below, search)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    team = list(Membership.objects.filter(clinic=membership.clinic).select_related("person").order_by("pk"))
    shown = [row for row in page if row.figures is not None]
    audit.record(
        request.user.pk,
        audit.Action.VIEW,
        [Shown(row.entry.patient_id, row.entry.name, row.entry.clinic_id) for row in shown],
        clinic_id=membership.clinic_id,
        what="patients",
    )
    # members by the name they give patients (their email when they gave none), as the team knows them
    names = {member.person_id: member.display_name or member.person.email for member in team}
    pending = patient_invitations.pending_of([row.entry for row in page if row.figures is None], now)
    rows = [
        {
            "entry": row.entry,
            "state": entry_state(row.entry),
            "figures": row.figures,
            "pending": pending.get(row.entry.pk),
            "practitioner": names.get(row.entry.practitioner_id or 0, ""),
            "form": AssignForm(
                members=team, initial={"practitioner": row.entry.practitioner_id}, prefix=f"link{row.entry.pk}"
            ),
        }
        for row in page
    ]
    context = {
        "membership": membership,
        "rows": rows,
        "page": page,
        "search": search,
        "form": form or AddPatientForm(needs_name=not membership.display_name),
        "threshold": ThresholdForm(instance=membership),
    }
    return render(request, "clinic/patients.html", context)


@require_POST
@member_required
def attention_threshold(request: SignedInRequest, membership: Membership) -> HttpResponse:
    form = ThresholdForm(request.POST, instance=membership)
    if form.is_valid():
        below = form.cleaned_data["attention_below"]
        Membership.objects.filter(pk=membership.pk).update(attention_below=below)  # this field alone
        messages.success(request, _("Saved. Patients under %(percent)s%% are flagged.") % {"percent": below})
    else:
        messages.error(request, _("Give a share between 0 and 100."))
    return redirect("care:patients")
