"""What a viewer may do with a person's records, asked of the database on every call.

Nothing here is cached in a process: a withdrawal, a removal from a clinic or a reassignment reaches every
server on its next request.
"""

import enum

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q

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
    if not viewer.is_authenticated or not viewer.is_active:
        return Need.NOTHING
    if viewer.pk == patient_id:
        return THEMSELVES
    member = Membership.objects.filter(clinic=OuterRef("clinic"), person=viewer)
    owner = member.filter(role=Membership.Role.OWNER)
    carer = (
        CareLink.objects.filter(patient_id=patient_id, consented_at__isnull=False, withdrawn_at__isnull=True)
        .filter(Q(Exists(member), practitioner=viewer) | Q(Exists(owner)))
        .exists()
    )
    return CARER if carer else Need.NOTHING


def is_clinician(viewer: User | AnonymousUser) -> bool:
    """Whether the viewer works in any clinic (and so will need a second factor before patients' records)."""
    return bool(viewer.is_authenticated and Membership.objects.filter(person=viewer).exists())
