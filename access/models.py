"""Clinics, the practitioners in them, and each patient's consented link to a clinic.

A practitioner reaches a patient's records only while all of these hold: the patient's link to the clinic is
consented and not withdrawn, the practitioner is a member of that clinic, and the patient is assigned to them (or
they own the clinic). Leaving a clinic deletes the membership, so access ends with it.
"""

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Clinic(models.Model):
    class Paper(models.TextChoices):
        A4 = "a4", _("A4")
        LETTER = "letter", _("US Letter")

    name = models.CharField(_("clinic name"), max_length=120)
    created_at = models.DateTimeField(default=timezone.now)
    # Counts every change to the clinic's own words over the content (clinic.overlay): the key its cached
    # copy and the personal pages that show it are kept under, so an edit shows on the next request.
    overlay_revision = models.PositiveIntegerField(default=0)
    # The size the clinic's printer takes: the handout is laid out for it, and the print button offers the other.
    paper = models.CharField(_("paper size"), max_length=10, choices=Paper, default=Paper.A4)

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
    # Accounts hold only an email address: this is how patients see the member (on the join page, in "who
    # opened my record").
    display_name = models.CharField(_("your name as patients see it"), max_length=120, blank=True)
    # The dashboard flags a patient who kept fewer of the sessions asked than this, in percent.
    attention_below = models.PositiveSmallIntegerField(
        _("flag patients under this share of the sessions asked (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["clinic", "person"], name="one_membership_per_clinic")]

    def __str__(self) -> str:
        return f"{self.person} in {self.clinic} ({self.role})"


class CareLink(models.Model):
    """A patient's entry in a clinic: made by a practitioner under the name they give it, joined by the patient
    through an invitation link, opened to the clinic only by the patient's consent, closed for good by
    withdrawal (joining again makes a new entry). After a withdrawal or a deleted account the clinic keeps only
    the name it gave and the date."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="care_links")
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="care_links"
    )
    label = models.CharField(
        _("patient's name"),
        max_length=120,
        blank=True,
        help_text=_("The name you will search for. Only your clinic sees it."),
    )
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
    account_deleted_at = models.DateTimeField(null=True, blank=True)
    # The practitioner's "Seen today": what the page before the next appointment counts from.
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("patient's link to a clinic")
        verbose_name_plural = _("patients' links to clinics")
        constraints = [
            # One open entry per patient and clinic; withdrawn ones stay as the clinic's memory of a name.
            models.UniqueConstraint(
                fields=["clinic", "patient"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_open_link_per_clinic_and_patient",
            ),
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
        return self.consented_at is not None and self.withdrawn_at is None and self.patient_id is not None

    @property
    def name(self) -> str:
        """The name the clinic gave, or "patient N" when it gave none."""
        return self.label or _("patient %(number)s") % {"number": self.pk}


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


class PatientInvitation(models.Model):
    """A link (and its QR code) that lets one patient join a clinic's entry: it works once, for 7 days, until
    revoked. Only a hash of its token is kept."""

    link = models.ForeignKey(CareLink, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("patient's invitation")
        verbose_name_plural = _("patients' invitations")

    def __str__(self) -> str:
        return f"Invitation to {self.link.clinic_id}"

    def state(self, now: datetime) -> str:
        """open, used, revoked or expired: what the link's page says."""
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        return "expired" if now >= self.expires_at else "open"


class AuditEvent(models.Model):
    """One thing done with a patient's record or a clinic's access, as it happened. Append-only on both
    databases (triggers made in migration 0004): rows are never changed, and deleted only by the retention
    command through `AuditMaintenance`. People and clinics are plain ids, so the trail outlives them; a patient
    is named by the label their clinic gave, never by an email address."""

    class Action(models.TextChoices):
        VIEW = "view", _("opened the record")
        EXPORT = "export", _("downloaded the record")
        PRINT = "print", _("printed the record")
        ASSIGN = "assign", _("assigned")
        INVITE = "invite", _("invited")
        JOIN = "join", _("joined")
        CONSENT = "consent", _("consented to share")
        WITHDRAW = "withdraw", _("withdrew consent")
        SIGN_IN = "sign-in", _("signed in")
        SIGN_IN_FAILED = "sign-in-failed", _("failed to sign in")
        MFA_CHANGE = "mfa-change", _("changed two-step sign-in")
        ROLE_CHANGE = "role-change", _("changed a role")

    at = models.DateTimeField(default=timezone.now)  # stored in UTC (USE_TZ)
    actor_id = models.BigIntegerField(null=True)
    patient_id = models.BigIntegerField(null=True)
    patient_label = models.CharField(max_length=140, blank=True)
    clinic_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=20, choices=Action)
    what = models.CharField(max_length=60, blank=True)  # which page or thing, e.g. "progress"

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["clinic_id", "at"], name="audit_by_clinic"),
            models.Index(fields=["patient_id", "at"], name="audit_by_patient"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class AuditMaintenance(models.Model):
    """The one switch that lets audit rows be deleted: set inside the retention command's transaction and by
    the test suite's teardown, nowhere else. No row, or a row with is_on false, means append-only."""

    is_on = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("audit maintenance switch")

    def __str__(self) -> str:
        return "on" if self.is_on else "off"


class ClinicVideo(models.Model):
    """A clinic's default video link for a muscle ("muscle:trapezius") or one of the handout's video topics
    ("topic:trapezius-and-levator-scapulae"): shown to its patients, as the clinic's, beside the cited content."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="videos")
    key = models.CharField(max_length=80)
    url = models.URLField(max_length=500)

    class Meta:
        verbose_name = _("clinic video link")
        verbose_name_plural = _("clinic video links")
        constraints = [models.UniqueConstraint(fields=["clinic", "key"], name="one_video_per_clinic_and_key")]

    def __str__(self) -> str:
        return f"{self.clinic}: {self.key}"
