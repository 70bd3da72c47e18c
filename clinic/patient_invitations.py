"""A patient joins a clinic by a link or its QR code: the practitioner makes an entry under the name they will
search for and gets a link that works once, for 7 days, until revoked; only a hash of its token is kept. The
patient opens it, signs in or up, and consents; they may withdraw at any time, after which the clinic keeps only
the name it gave and the date.

No health data goes by email: the optional mail holds the clinic's name and the link, nothing else."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from access import audit
from access.audit import Shown
from access.models import CareLink, Membership, PatientInvitation
from clinic.invitations import hashed  # one hash for both kinds of link
from clinic.members import Refused
from unknot import mail

Action = audit.Action


def lasts() -> timedelta:
    return timedelta(days=settings.PATIENT_INVITATION_DAYS)


def join_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("clinic:patient_join", kwargs={"token": token})


@dataclass(frozen=True)
class NewLink:
    """A link just made: its token is known only now (the table keeps its hash)."""

    invitation: PatientInvitation
    token: str

    @property
    def url(self) -> str:
        return join_url(self.token)


def entries(membership: Membership) -> QuerySet[CareLink]:
    """The clinic's patient entries this member may see: every one for an owner, their own for a practitioner,
    joined or not, withdrawn or deleted."""
    links = CareLink.objects.filter(clinic=membership.clinic).select_related("practitioner")
    if membership.role != Membership.Role.OWNER:
        links = links.filter(practitioner_id=membership.person_id)
    return links.order_by("-created_at", "-pk")


def entry(membership: Membership, link_id: int) -> CareLink | None:
    return entries(membership).filter(pk=link_id).first()


def _new_invitation(by: Membership, link: CareLink, now: datetime) -> NewLink:
    token = secrets.token_urlsafe(32)
    invitation = PatientInvitation.objects.create(
        link=link, token_hash=hashed(token), created_by=by.person, created_at=now, expires_at=now + lasts()
    )
    return NewLink(invitation, token)


def add_patient(by: Membership, label: str, now: datetime) -> NewLink:
    """A new entry under this name, assigned to the member who made it, with its first link."""
    with transaction.atomic():
        link = CareLink.objects.create(
            clinic=by.clinic, practitioner=by.person, label=label, created_at=now, consented_at=None
        )
        new = _new_invitation(by, link, now)
        audit.record(by.person_id, Action.INVITE, [Shown(None, link.name, by.clinic_id)], at=now)
    return new


def new_link(by: Membership, link_id: int, now: datetime) -> NewLink:
    """A fresh link for an entry not yet joined; every earlier link of it stops working."""
    with transaction.atomic():
        link = (
            entries(by)
            .select_for_update(of=("self",))
            .filter(pk=link_id, patient__isnull=True, consented_at__isnull=True)
        )
        found = link.first()
        if found is None:
            raise Refused(_("This patient has joined already, or the entry is closed."))
        PatientInvitation.objects.filter(link=found, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        new = _new_invitation(by, found, now)
        audit.record(by.person_id, Action.INVITE, [Shown(None, found.name, by.clinic_id)], at=now)
    return new


def revoke(by: Membership, link_id: int, now: datetime) -> int:
    """Stops every open link of an entry; the number stopped."""
    found = entry(by, link_id)
    if found is None:
        return 0
    return PatientInvitation.objects.filter(link=found, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )


def pending_of(links: list[CareLink], now: datetime) -> dict[int, PatientInvitation]:
    """Each entry's link that still works, if any, for many entries in one query."""
    found: dict[int, PatientInvitation] = {}
    working = PatientInvitation.objects.filter(
        link__in=links, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).order_by("created_at")
    for invitation in working:
        found[invitation.link_id] = invitation  # the newest last, so it stays
    return found


def pending(link: CareLink, now: datetime) -> PatientInvitation | None:
    """The entry's link that still works, if any."""
    return (
        link.invitations.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at")
        .first()
    )


def send(new: NewLink, email: str, language: str) -> None:
    """Mails the link to the patient in the language their practitioner's browser asked for: the clinic's name,
    the practitioner's and the link; nothing about their health."""
    link = new.invitation.link
    context = {
        "clinic": link.clinic.name,
        "practitioner": practitioner_name(link.clinic_id, new.invitation.created_by_id),
        "link": new.url,
        "expires_at": new.invitation.expires_at,
    }
    with translation.override(language):
        subject = render_to_string("clinic/email/patient_invitation_subject.txt", context).strip()
        body = render_to_string("clinic/email/patient_invitation_message.txt", context)
    mail.queue(EmailMessage(subject, body, to=[email]))


def find(token: str) -> PatientInvitation | None:
    if not token or len(token) > 100:
        return None
    return PatientInvitation.objects.select_related("link__clinic").filter(token_hash=hashed(token)).first()


def practitioner_name(clinic_id: int, person_id: int | None) -> str:
    """How patients see a member: the name they gave, or "your practitioner" (never their email address)."""
    names = Membership.objects.filter(clinic_id=clinic_id, person_id=person_id).values_list("display_name", flat=True)
    return (person_id and names.first()) or _("your practitioner")


def join(invitation: PatientInvitation, person: User, now: datetime) -> CareLink:
    """The person joins the entry and consents to share with the clinic; the link is used up even if two tabs
    press at once. Refused (with words to show) for a member of the clinic, or someone already sharing."""
    link = invitation.link
    if Membership.objects.filter(clinic_id=link.clinic_id, person=person).exists():
        raise Refused(_("You work at this clinic, so you cannot join it as a patient."))
    with transaction.atomic():
        used = PatientInvitation.objects.filter(
            pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if not used:
            raise Refused(_("This link no longer works."))
        try:
            with transaction.atomic():
                joined = CareLink.objects.filter(pk=link.pk, patient__isnull=True, consented_at__isnull=True).update(
                    patient=person, consented_at=now
                )
        except IntegrityError:  # an open link with this clinic already: one is enough
            already = _("You already share your records with %(clinic)s.") % {"clinic": link.clinic.name}
            raise Refused(already) from None
        if not joined:
            raise Refused(_("This link no longer works."))
        shown = [Shown(person.pk, link.name, link.clinic_id)]
        audit.record(person.pk, Action.JOIN, shown, at=now)
        audit.record(person.pk, Action.CONSENT, shown, what="sessions, diary, questionnaires, safety check", at=now)
    return CareLink.objects.select_related("clinic").get(pk=link.pk)


def links_of(person: User) -> QuerySet[CareLink]:
    """The clinics the person shares with, or did (their settings page)."""
    return (
        CareLink.objects.filter(patient=person, consented_at__isnull=False)
        .select_related("clinic")
        .order_by("withdrawn_at", "-consented_at")
    )


# Sent inside the withdrawal's transaction, with `person` and `clinic_id`.
consent_withdrawn = Signal()


def withdraw(person: User, link_id: int, now: datetime) -> CareLink | None:
    """The person stops sharing with a clinic, for good: the clinic sees nothing more, from this request on."""
    with transaction.atomic():
        closed = CareLink.objects.filter(
            pk=link_id, patient=person, consented_at__isnull=False, withdrawn_at__isnull=True
        ).update(withdrawn_at=now)
        if not closed:
            return None
        link = CareLink.objects.select_related("clinic").get(pk=link_id)
        audit.record(person.pk, Action.WITHDRAW, [Shown(person.pk, link.name, link.clinic_id)], at=now)
        # what the clinic gave the person becomes theirs (care listens: clinic may not import it)
        consent_withdrawn.send(sender=CareLink, person=person, clinic_id=link.clinic_id)
    return link


def accounts_deleted(person: User, now: datetime) -> None:
    """Before an account is deleted: its clinics will show "account deleted" under the name they gave."""
    CareLink.objects.filter(patient=person).update(account_deleted_at=now)
