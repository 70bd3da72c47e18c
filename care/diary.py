"""The pain diary: how much it hurts, where on the body map, what makes it worse and a note, at a time the
person chooses within the same window as a session's times (30 days back, a few minutes ahead)."""

import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from care.door import Need, Patient
from care.models import PainReading
from clinical.marks import Mark

# What made it worse, in the words people use; ids are stored, so a label may change but an id never does.
WORSE = {
    "screen": _("Sitting at a screen"),
    "phone": _("Looking down at a phone"),
    "driving": _("Driving"),
    "sleep": _("Sleeping, or on waking"),
    "lifting": _("Lifting or carrying"),
    "reaching": _("Reaching or raising my arm"),
    "turning": _("Turning my head"),
    "stress": _("Stress or worry"),
}


def save_entry(
    patient: Patient,
    score: int,
    recorded_at: datetime,
    marks: list[Mark],
    worse: list[str],
    note: str,
    entry: PainReading | None = None,
    entry_id: uuid.UUID | None = None,
) -> PainReading:
    """Creates a diary entry (with the id the phone gave it, when it was written offline), or changes the given
    one (found through the same door, so the person's own)."""
    patient.require(Need.EDIT)
    if entry is not None and entry.owner_id != patient.pk:
        raise PermissionDenied("Not this person's entry.")
    entry = entry or PainReading(id=entry_id or uuid.uuid4(), owner=patient.person, kind=PainReading.Kind.DIARY)
    entry.score, entry.recorded_at, entry.note = score, recorded_at, note.strip()
    entry.marks = [str(mark) for mark in marks]
    entry.worse = [key for key in WORSE if key in worse]
    entry.save(force_insert=entry_id is not None)
    return entry


def worse_labels(entry: PainReading) -> list[str]:
    return [str(WORSE[key]) for key in entry.worse if key in WORSE]
