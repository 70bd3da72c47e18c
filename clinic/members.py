"""A clinic's members: making a clinic, choosing the current one, roles, removal and leaving, and which patient
each practitioner looks after. Every answer is read from the database on each request, so a removal reaches
every server on its next request."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from access import audit
from access.audit import Shown
from access.models import CareLink, Clinic, Membership, PatientInvitation

Action = audit.Action

SESSION_KEY = "unknot_clinic"  # the clinic the person chose to work in


class SignedInRequest(HttpRequest):
    """A request of a signed-in person (the clinic's pages all require sign-in)."""

    user: User


class Refused(Exception):
    """A change the clinic's rules do not allow, with the words to show the person."""


def create_clinic(person: User, name: str) -> Membership:
    """A new clinic with the person as its owner."""
    with transaction.atomic():
        clinic = Clinic.objects.create(name=name)
        return Membership.objects.create(clinic=clinic, person=person, role=Membership.Role.OWNER)


def memberships(person: User) -> QuerySet[Membership]:
    return Membership.objects.filter(person=person).select_related("clinic").order_by("clinic__name", "pk")


def current(request: SignedInRequest) -> Membership | None:
    """The membership of the clinic the person chose (or their first): None once they belong to none."""
    mine = memberships(request.user)
    chosen = request.session.get(SESSION_KEY)
    return (chosen and mine.filter(clinic_id=chosen).first()) or mine.first()


def choose(request: SignedInRequest, clinic_id: int) -> Membership:
    membership = memberships(request.user).filter(clinic_id=clinic_id).first()
    if membership is None:
        raise Http404("No such clinic.")
    request.session[SESSION_KEY] = membership.clinic_id
    return membership


def owners_only(membership: Membership) -> None:
    if membership.role != Membership.Role.OWNER:
        raise PermissionDenied("Only the clinic's owner can do this.")


def member_of(membership: Membership, member_id: int) -> Membership:
    """Another membership of the same clinic by id (another clinic's does not exist here)."""
    found = Membership.objects.select_related("person").filter(clinic=membership.clinic, pk=member_id).first()
    if found is None:
        raise Http404("No such member.")
    return found


def _lock_owners(clinic: Clinic) -> int:
    """The clinic's owners, counted with the clinic's row locked, so two owners leaving at once cannot both go."""
    Clinic.objects.select_for_update().filter(pk=clinic.pk).first()
    return Membership.objects.filter(clinic=clinic, role=Membership.Role.OWNER).count()


def change_role(by: Membership, member: Membership, role: str) -> None:
    owners_only(by)
    with transaction.atomic():
        if member.role == Membership.Role.OWNER and role != Membership.Role.OWNER and _lock_owners(by.clinic) <= 1:
            raise Refused(_("A clinic needs an owner: make someone else an owner first."))
        Membership.objects.filter(pk=member.pk).update(role=role)
        audit.record(
            by.person_id, Action.ROLE_CHANGE, clinic_id=by.clinic_id, what=f"person {member.person_id}: {role}"
        )


def remove(by: Membership, member: Membership) -> None:
    """The owner removes a member, or a member leaves. Their patients wait, unassigned, for the owner to reassign
    them; access to their records ends with the membership."""
    if member.pk != by.pk:
        owners_only(by)
    with transaction.atomic():
        if member.role == Membership.Role.OWNER and _lock_owners(by.clinic) <= 1:
            raise Refused(_("A clinic needs an owner: make someone else an owner before you leave."))
        CareLink.objects.filter(clinic=member.clinic, practitioner_id=member.person_id).update(practitioner=None)
        # the join links they made and saw stop working: only the clinic's members may hand one out
        PatientInvitation.objects.filter(
            link__clinic=member.clinic, created_by_id=member.person_id, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        Membership.objects.filter(pk=member.pk).delete()


def patients(membership: Membership) -> QuerySet[CareLink]:
    """The clinic's patients who consented and have not withdrawn: all of them for an owner, one's own for a
    practitioner."""
    links = CareLink.objects.filter(
        clinic=membership.clinic, consented_at__isnull=False, withdrawn_at__isnull=True, patient__isnull=False
    ).select_related("practitioner")
    if membership.role != Membership.Role.OWNER:
        links = links.filter(practitioner_id=membership.person_id)
    return links.order_by("consented_at", "pk")


def assign(by: Membership, link_id: int, practitioner_id: int | None) -> None:
    """The owner assigns one of the clinic's patients to a member (None: to no one yet)."""
    owners_only(by)
    link = patients(by).filter(pk=link_id).first()
    if link is None:
        raise Http404("No such patient.")
    if (
        practitioner_id is not None
        and not Membership.objects.filter(clinic=by.clinic, person_id=practitioner_id).exists()
    ):
        raise Refused(_("Choose a member of this clinic."))
    with transaction.atomic():
        CareLink.objects.filter(pk=link.pk).update(practitioner_id=practitioner_id)
        shown = [Shown(link.patient_id, link.name, by.clinic_id)]
        audit.record(by.person_id, Action.ASSIGN, shown, what=f"practitioner: person {practitioner_id}")
