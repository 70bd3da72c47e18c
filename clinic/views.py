"""The clinic's pages: make or choose a clinic, its members and invitations, its patients. Every page but the
first and the invitation's own needs a sign-in that passed the second factor (access.second_factor)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import second_factor
from access.models import CareLink, Membership
from clinic import invitations, members, overlay, trail
from clinic.forms import (
    AssignForm,
    ClinicForm,
    ClinicSettingsForm,
    InvitationForm,
    RoleForm,
    VideoLinksForm,
)
from clinic.members import SignedInRequest

View = Callable[..., HttpResponse]


def member_required(view: Callable[..., HttpResponse]) -> View:
    """Signed in, through the second factor, and a member of a clinic (the current one is passed on)."""

    @login_required
    @wraps(view)
    def wrapped(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = members.current(request)
        if membership is None:
            return redirect("clinic:home")
        second_factor.require(request)
        return view(request, membership, *args, **kwargs)

    return wrapped


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    """Make a clinic, or choose which of one's clinics to work in."""
    mine = list(members.memberships(request.user))
    if mine:
        second_factor.require(request)
    form = ClinicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = members.create_clinic(request.user, form.cleaned_data["name"])
        members.choose(request, membership.clinic_id)
        return redirect("clinic:members")
    current = members.current(request)
    return render(request, "clinic/home.html", {"memberships": mine, "current": current, "form": form})


@require_POST
@member_required
def choose(request: SignedInRequest, membership: Membership) -> HttpResponse:
    try:
        members.choose(request, int(request.POST.get("clinic", "")))
    except ValueError:
        raise Http404("No such clinic.") from None
    return redirect("care:patients")


def _members_page(
    request: SignedInRequest, membership: Membership, form: InvitationForm, status: int = 200
) -> HttpResponse:
    context = {
        "membership": membership,
        "members": members.Membership.objects.filter(clinic=membership.clinic)
        .select_related("person")
        .order_by("role", "person__email"),
        "invitations": invitations.pending(membership, timezone.now()) if membership.role == "owner" else [],
        "form": form,
        "roles": Membership.Role.choices,
    }
    return render(request, "clinic/members.html", context, status=status)


@member_required
def members_page(request: SignedInRequest, membership: Membership) -> HttpResponse:
    return _members_page(request, membership, InvitationForm())


@require_POST
@member_required
def invite(request: SignedInRequest, membership: Membership) -> HttpResponse:
    members.owners_only(membership)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _members_page(request, membership, form)
    invitations.invite(membership, form.cleaned_data["email"], form.cleaned_data["role"], timezone.now())
    # The same words whether or not the address has an account.
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
    return redirect("clinic:members")


@require_POST
@member_required
def cancel_invitation(request: SignedInRequest, membership: Membership, invitation_id: int) -> HttpResponse:
    invitations.cancel(membership, invitation_id, timezone.now())
    return redirect("clinic:members")


@require_POST
@member_required
def member_role(request: SignedInRequest, membership: Membership, member_id: int) -> HttpResponse:
    member = members.member_of(membership, member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        members.owners_only(membership)
        messages.error(request, _("Choose a role."))
        return redirect("clinic:members")
    try:
        members.change_role(membership, member, form.cleaned_data["role"])
    except members.Refused as refused:
        messages.error(request, str(refused))
    return redirect("clinic:members")


@require_POST
@member_required
def member_remove(request: SignedInRequest, membership: Membership, member_id: int) -> HttpResponse:
    """The owner removes a member; a member removes themselves to leave."""
    member = members.member_of(membership, member_id)
    try:
        members.remove(membership, member)
    except members.Refused as refused:
        messages.error(request, str(refused))
        return redirect("clinic:members")
    if member.pk == membership.pk:
        messages.success(request, _("You left %(clinic)s.") % {"clinic": membership.clinic.name})
        return redirect("clinic:home")
    messages.success(request, _("%(email)s is no longer a member.") % {"email": member.person.email})
    return redirect("clinic:members")


def entry_state(link: CareLink) -> str:
    """What the clinic may know of an entry: joined, invited, withdrawn (the date only) or account deleted."""
    if link.account_deleted_at or (link.consented_at and link.patient_id is None):
        return "deleted"
    if link.withdrawn_at:
        return "withdrawn"
    return "joined" if link.consented_at else "invited"


@member_required
def audit_page(request: SignedInRequest, membership: Membership) -> HttpResponse:
    """The clinic's audit trail, newest first: the owner's to read."""
    members.owners_only(membership)
    page = Paginator(trail.of_clinic(membership.clinic_id), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "clinic/audit.html",
        {"membership": membership, "page": page, "lines": trail.for_owner(page.object_list)},
    )


@member_required
def clinic_settings(request: SignedInRequest, membership: Membership) -> HttpResponse:
    """The owner's settings for the whole clinic: the paper size of its printed handouts."""
    members.owners_only(membership)
    form = ClinicSettingsForm(request.POST or None, instance=membership.clinic)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(
                request, _("Saved. Handouts now print on %(paper)s.") % {"paper": form.instance.get_paper_display()}
            )
            return redirect("clinic:settings")
        return render(request, "clinic/settings.html", {"membership": membership, "form": form}, status=400)
    return render(request, "clinic/settings.html", {"membership": membership, "form": form})


@require_POST
@member_required
def assign(request: SignedInRequest, membership: Membership, link_id: int) -> HttpResponse:
    members.owners_only(membership)
    team = list(Membership.objects.filter(clinic=membership.clinic).select_related("person"))
    form = AssignForm(request.POST, members=team, prefix=f"link{link_id}")
    if not form.is_valid():
        messages.error(request, _("Choose a member of this clinic."))
        return redirect("care:patients")
    try:
        members.assign(membership, link_id, form.cleaned_data["practitioner"])
    except members.Refused as refused:
        messages.error(request, str(refused))
    return redirect("care:patients")


def join(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link: who invites, and a button to join (after signing in or up)."""
    invitation = invitations.find(token)
    if invitation is None:
        return render(request, "clinic/join.html", {"state": "unknown"}, status=404)
    now = timezone.now()
    state = (
        "used"
        if invitation.used_at
        else "cancelled"
        if invitation.cancelled_at
        else "expired"
        if now >= invitation.expires_at
        else "open"
    )
    if state == "open" and request.user.is_authenticated and not invitations.may_accept(invitation, request.user):
        state = "not-yours"
    if request.method == "POST" and state == "open":
        if not request.user.is_authenticated:
            raise PermissionDenied("Sign in first.")
        try:
            membership = invitations.accept(invitation, request.user, now)
        except members.Refused:
            return redirect(request.path)
        request.session[members.SESSION_KEY] = membership.clinic_id  # the clinic just joined is the current one
        messages.success(request, _("You joined %(clinic)s.") % {"clinic": invitation.clinic.name})
        return redirect("care:patients")
    return render(request, "clinic/join.html", {"state": state, "invitation": invitation})


@member_required
def videos(request: SignedInRequest, membership: Membership) -> HttpResponse:
    """The clinic's default video links: the owner sets them, every member sees them. Patients see them, as
    their practitioner's, in the player and on their routine where an area has no link of its own."""
    current = overlay.links(membership.clinic_id)
    if request.method == "POST":
        members.owners_only(membership)
        form = VideoLinksForm(request.POST)
        if form.is_valid():
            overlay.save(membership.clinic_id, form.cleaned_data)
            messages.success(request, _("Video links saved. Your patients see them from now on."))
            return redirect("clinic:videos")
        status = 400
    else:
        form, status = VideoLinksForm(initial=current), 200
    context = {"membership": membership, "form": form, "can_change": membership.role == Membership.Role.OWNER}
    return render(request, "clinic/videos.html", context, status=status)
