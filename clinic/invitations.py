"""Invitations to join a clinic by email: the link works once, for 7 days; only a hash of its token is kept.

Inviting answers the same whether or not the address has an account, and the mail says the same to both."""

import hashlib
import secrets
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from access import audit
from access.models import Invitation, Membership
from clinic.members import Refused, owners_only
from unknot import mail

LASTS = timedelta(days=7)


def hashed(token: str) -> str:
    """What the table keeps of a link's token (a member's or a patient's invitation): its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def invite(by: Membership, email: str, role: str, now: datetime) -> Invitation:
    """Sends an invitation to the address (queued, as every mail is)."""
    owners_only(by)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        clinic=by.clinic,
        email=email,
        role=role,
        token_hash=hashed(token),
        invited_by=by.person,
        created_at=now,
        expires_at=now + LASTS,
    )
    context = {
        "clinic": by.clinic.name,
        "link": settings.SITE_URL.rstrip("/") + reverse("clinic:join", kwargs={"token": token}),
        "expires_at": invitation.expires_at,
    }
    subject = render_to_string("clinic/email/invitation_subject.txt", context).strip()
    body = render_to_string("clinic/email/invitation_message.txt", context)
    mail.queue(EmailMessage(subject, body, to=[email]))
    audit.record(by.person_id, audit.Action.INVITE, clinic_id=by.clinic_id, what=f"member: {role}", at=now)
    return invitation


def pending(membership: Membership, now: datetime) -> list[Invitation]:
    found = Invitation.objects.filter(clinic=membership.clinic, used_at__isnull=True, cancelled_at__isnull=True)
    return [invitation for invitation in found.filter(expires_at__gt=now).order_by("created_at")]


def find(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("clinic").filter(token_hash=hashed(token)).first()


def cancel(by: Membership, invitation_id: int, now: datetime) -> None:
    owners_only(by)
    Invitation.objects.filter(clinic=by.clinic, pk=invitation_id, used_at__isnull=True).update(cancelled_at=now)


def may_accept(invitation: Invitation, person: User) -> bool:
    """Only the person the invitation was sent to, by a verified address of their account."""
    return EmailAddress.objects.filter(user=person, email__iexact=invitation.email, verified=True).exists()


def accept(invitation: Invitation, person: User, now: datetime) -> Membership:
    """The person joins the clinic; the link is used up, even if two tabs press "Join" at once."""
    if not may_accept(invitation, person):
        raise Refused("not-yours")
    with transaction.atomic():
        used = Invitation.objects.filter(
            pk=invitation.pk, used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if not used:
            raise Refused("closed")
        try:
            with transaction.atomic():
                joined = Membership.objects.create(clinic=invitation.clinic, person=person, role=invitation.role)
            audit.record(person.pk, audit.Action.JOIN, clinic_id=invitation.clinic_id, what="member", at=now)
            return joined
        except IntegrityError:  # already a member: the invitation changes nothing
            return Membership.objects.get(clinic=invitation.clinic, person=person)
