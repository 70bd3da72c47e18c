"""The Neck Disability Index as a person fills it in: one row per questionnaire, the answers by item id."""

import uuid

from django.conf import settings
from django.db import models

from care.models.personal import PersonalQuerySet, PersonalRecord
from clinical import ndi


class NeckQuestionnaire(PersonalRecord, models.Model):
    """One filled-in Neck Disability Index. Unanswered items (including "I don't drive") are absent from
    `answers`; the score is worked out from the answers, never stored, so it cannot disagree with them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="neck_questionnaires")
    answered_at = models.DateTimeField()
    answers = models.JSONField(default=dict, help_text="Item id of clinical.ndi.ITEMS -> 0-5.")
    objects = PersonalQuerySet.as_manager()

    class Meta:
        ordering = ["-answered_at"]
        indexes = [models.Index(fields=["owner", "answered_at"], name="neck_questionnaire_owner_time")]

    def __str__(self) -> str:
        return f"neck questionnaire of {self.owner} at {self.answered_at:%Y-%m-%d %H:%M}"

    @property
    def score(self) -> ndi.Score:
        return ndi.score(self.answers)
