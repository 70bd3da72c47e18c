"""Patients joining a clinic: the practitioner's entries, links and QR codes; the patient's join page, the
clinics they share with, withdrawing, and who opened their record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from access import audit
from access.models import Membership
from clinic import patient_invitations, trail
from clinic.forms import AddPatientForm, DisplayNameForm, JoinForm
from clinic.members import Refused, SignedInRequest
from clinic.patient_invitations import NewLink
from clinic.qr import qr_svg
from clinic.views import member_required


def _link_page(request: HttpRequest, membership: Membership, new: NewLink) -> HttpResponse:
    """The link just made, with its QR code: shown once (only its hash is kept), never cached."""
    link = new.invitation.link
    title = _("QR code to join %(clinic)s") % {"clinic": membership.clinic.name}
    context = {"membership": membership, "entry": link, "new": new, "qr": qr_svg(new.url, title)}
    response = render(request, "clinic/patient_link.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@member_required
def add_patient(request: SignedInRequest, membership: Membership) -> HttpResponse:
    form = AddPatientForm(request.POST, needs_name=not membership.display_name)
    if not form.is_valid():
        return render(request, "clinic/add_patient.html", {"membership": membership, "form": form})
    if name := form.cleaned_data.get("display_name"):
        Membership.objects.filter(pk=membership.pk).update(display_name=name)
        membership.display_name = name
    new = patient_invitations.add_patient(membership, form.cleaned_data["label"], timezone.now())
    if form.cleaned_data["email"]:
        patient_invitations.send(new, form.cleaned_data["email"], get_language_from_request(request))
        messages.success(request, _("The link is on its way to %(email)s.") % {"email": form.cleaned_data["email"]})
    return _link_page(request, membership, new)


@require_POST
@member_required
def new_patient_link(request: SignedInRequest, membership: Membership, link_id: int) -> HttpResponse:
    if patient_invitations.entry(membership, link_id) is None:
        return redirect("care:patients")
    try:
        new = patient_invitations.new_link(membership, link_id, timezone.now())
    except Refused as refused:
        messages.error(request, str(refused))
        return redirect("care:patients")
    return _link_page(request, membership, new)


@require_POST
@member_required
def revoke_patient_link(request: SignedInRequest, membership: Membership, link_id: int) -> HttpResponse:
    if patient_invitations.revoke(membership, link_id, timezone.now()):
        messages.success(request, _("The link no longer works."))
    return redirect("care:patients")


@require_POST
@member_required
def display_name(request: SignedInRequest, membership: Membership) -> HttpResponse:
    form = DisplayNameForm(request.POST)
    if form.is_valid():
        Membership.objects.filter(pk=membership.pk).update(display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Patients now see you as %(name)s.") % {"name": form.cleaned_data["display_name"]})
    else:
        messages.error(request, str(form.errors["display_name"][0]))
    return redirect("clinic:members")


@never_cache
def patient_join(request: HttpRequest, token: str) -> HttpResponse:
    """The patient's link, in the language their browser asks for where unknot has it."""
    with translation.override(get_language_from_request(request)):
        response = _patient_join(request, token)
        if hasattr(response, "render"):
            response.render()
        return response


def _patient_join(request: HttpRequest, token: str) -> HttpResponse:
    """Who invites, what joining shares, and the consent (after signing in or up)."""
    invitation = patient_invitations.find(token)
    if invitation is None:
        return render(request, "clinic/patient_join.html", {"state": "unknown"}, status=404)
    now = timezone.now()
    state = invitation.state(now)
    link = invitation.link
    context = {
        "state": state,
        "clinic": link.clinic.name,
        "practitioner": patient_invitations.practitioner_name(link.clinic_id, invitation.created_by_id),
        "expires_at": invitation.expires_at,
    }
    if state != "open":
        return render(request, "clinic/patient_join.html", context, status=410)
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.user.is_authenticated and form.is_valid():
        try:
            patient_invitations.join(invitation, request.user, now)
        except Refused as refused:
            context["refused"] = str(refused)
        else:
            messages.success(
                request, _("You now share your self-care with %(clinic)s.") % {"clinic": context["clinic"]}
            )
            return redirect("clinic:my_clinics")
    return render(request, "clinic/patient_join.html", {**context, "form": form})


@never_cache
@login_required
def my_clinics(request: SignedInRequest) -> HttpResponse:
    links = list(patient_invitations.links_of(request.user))
    names = {link.pk: patient_invitations.practitioner_name(link.clinic_id, link.practitioner_id) for link in links}
    rows = [(link, names[link.pk]) for link in links]
    return render(request, "clinic/my_clinics.html", {"rows": rows})


@require_POST
@login_required
def withdraw(request: SignedInRequest, link_id: int) -> HttpResponse:
    link = patient_invitations.withdraw(request.user, link_id, timezone.now())
    if link is not None:
        messages.success(request, _("%(clinic)s no longer sees your self-care.") % {"clinic": link.clinic.name})
    return redirect("clinic:my_clinics")


@never_cache
@login_required
def record_opened(request: SignedInRequest) -> HttpResponse:
    """Who at which clinic opened the person's record, and when."""
    page = Paginator(audit.opened_record_of(request.user.pk), 50).get_page(request.GET.get("page"))
    return render(request, "clinic/record_opened.html", {"page": page, "rows": trail.for_patient(page.object_list)})
