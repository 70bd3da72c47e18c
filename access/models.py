"""Clinics, the practitioners in them, and each patient's consented link to a clinic.

A practitioner reaches a patient's records only while all of these hold: the patient's link to the clinic is
consented and not withdrawn, the practitioner is a member of that clinic, and the patient is assigned to them (or
they own the clinic). Leaving a clinic deletes the membership, so access ends with it.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Clinic(models.Model):
    name = models.CharField(_("clinic name"), max_length=120)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person working in a clinic, as its owner or one of its practitioners."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        PRACTITIONER = "practitioner", _("Practitioner")

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.PRACTITIONER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["clinic", "person"], name="one_membership_per_clinic")]

    def __str__(self) -> str:
        return f"{self.person} in {self.clinic} ({self.role})"


class CareLink(models.Model):
    """A patient's link to a clinic: made by the clinic, opened to it only by the patient's consent, closed
    for good by withdrawal (a new consent is a new link after the old one is deleted)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="care_links")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_links")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_links",
        help_text=_("The practitioner the patient is assigned to in this clinic."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    consented_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("patient's link to a clinic")
        verbose_name_plural = _("patients' links to clinics")
        constraints = [
            models.UniqueConstraint(fields=["clinic", "patient"], name="one_link_per_clinic_and_patient"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(consented_at__isnull=False),
                name="withdrawn_only_after_consent",
            ),
        ]
        indexes = [models.Index(fields=["patient", "clinic"], name="care_link_patient")]

    def __str__(self) -> str:
        return f"{self.patient} with {self.clinic}"

    @property
    def is_open(self) -> bool:
        return self.consented_at is not None and self.withdrawn_at is None


class Invitation(models.Model):
    """An owner's invitation to join their clinic, sent by email: the link works once, for 7 days. Only a hash
    of its token is kept, so the table (or a backup) holds no working link."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role, default=Membership.Role.PRACTITIONER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"Invitation to {self.clinic}"

    def is_open(self, now: datetime) -> bool:
        return self.used_at is None and self.cancelled_at is None and now < self.expires_at
