"""What a viewer may do with a person's records, asked of the database on every call.

Nothing here is cached in a process: a withdrawal, a removal from a clinic or a reassignment reaches every
server on its next request.
"""

import enum

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q

from access.audit import Shown
from access.models import CareLink, Membership


class Need(enum.Flag):
    """What a caller needs to do with a person's records."""

    READ = enum.auto()  # see them
    ASSIGN = enum.auto()  # give them a routine
    EDIT = enum.auto()  # change or delete what they recorded: only the person
    EXPORT = enum.auto()  # download all of it: only the person

    NOTHING = 0


THEMSELVES = Need.READ | Need.ASSIGN | Need.EDIT | Need.EXPORT
# The practitioner a patient is assigned to, and the clinic's owner, read and assign; a diary stays the patient's.
CARER = Need.READ | Need.ASSIGN


def granted(viewer: User | AnonymousUser, patient_id: int) -> Need:
    """Everything the viewer may do with the records of the person with this id (NOTHING for no one)."""
    return granted_through(viewer, patient_id)[0]


def granted_through(
    viewer: User | AnonymousUser, patient_id: int, clinic_id: int | None = None
) -> tuple[Need, Shown | None]:
    """What the viewer may do with the person's records, and the clinic's entry it is through (for the audit
    trail: the clinic and the name it gave the patient); None for the person themselves or no one. With a
    clinic, only through that clinic's entry (a page of that clinic's is audited there). One query."""
    may, through, _person = reached(viewer, patient_id, clinic_id)
    return may, through


def reached(
    viewer: User | AnonymousUser, patient_id: int, clinic_id: int | None = None
) -> tuple[Need, Shown | None, User | None]:
    """granted_through(), and the person reached (an active account; the viewer for themselves), in the same
    one query: the door then needs no second one to load them."""
    if not viewer.is_authenticated or not viewer.is_active:
        return Need.NOTHING, None, None
    if viewer.pk == patient_id:
        return THEMSELVES, None, viewer
    member = Membership.objects.filter(clinic=OuterRef("clinic"), person=viewer)
    owner = member.filter(role=Membership.Role.OWNER)
    links = CareLink.objects.filter(
        patient_id=patient_id, patient__is_active=True, consented_at__isnull=False, withdrawn_at__isnull=True
    )
    if clinic_id is not None:
        links = links.filter(clinic_id=clinic_id)
    link = links.filter(Q(Exists(member), practitioner=viewer) | Q(Exists(owner))).select_related("patient")
    found = link.order_by("pk").first()
    if found is None or found.patient is None:
        return Need.NOTHING, None, None
    return CARER, Shown(patient_id, found.label or f"patient {found.pk}", found.clinic_id), found.patient


def is_clinician(viewer: User | AnonymousUser) -> bool:
    """Whether the viewer works in any clinic (and so will need a second factor before patients' records)."""
    return bool(viewer.is_authenticated and Membership.objects.filter(person=viewer).exists())
