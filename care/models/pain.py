"""Pain readings: one table for the score before and after a session and the pain diary's entries."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from care.models.personal import PersonalQuerySet, PersonalRecord
from care.pain import PAIN_MAX


class PainReading(PersonalRecord, models.Model):
    """How much it hurt, when, and (for a diary entry) where and what made it worse. Its id is made by the page
    or device that sends it, so a doubled submission is kept once."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before a session")
        AFTER = "after", _("After a session")
        DIARY = "diary", _("Pain diary")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pain_readings")
    recorded_at = models.DateTimeField()
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(PAIN_MAX)])
    kind = models.CharField(max_length=10, choices=Kind)
    session = models.ForeignKey(
        "care.Session", on_delete=models.CASCADE, null=True, blank=True, related_name="pain_readings"
    )
    # The body map's marks, "region:side" as the finder writes them ("top-of-shoulder:left", "vertex").
    marks = models.JSONField(default=list, blank=True)
    worse = models.JSONField(default=list, blank=True, help_text="What made it worse: ids of care.diary.WORSE.")
    note = models.TextField(blank=True, max_length=500)
    objects = PersonalQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["owner", "recorded_at"], name="pain_reading_owner_time")]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=PAIN_MAX), name="pain_reading_0_to_10"),
            models.UniqueConstraint(
                fields=["session", "kind"], condition=Q(session__isnull=False), name="one_reading_per_session_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind="diary", session__isnull=True) | Q(~Q(kind="diary"), session__isnull=False),
                name="pain_reading_kind_matches_session",
            ),
        ]

    def __str__(self) -> str:
        return f"pain {self.score} ({self.kind}) of {self.owner} at {self.recorded_at:%Y-%m-%d %H:%M}"
