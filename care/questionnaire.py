"""The Neck Disability Index over time: saving one, the history with each score's change, and whether it is
time to fill it in again."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from care.door import Need, Patient
from care.models import NeckQuestionnaire
from clinical import ndi


def save(patient: Patient, answers: dict[str, int], answered_at: datetime) -> NeckQuestionnaire:
    patient.require(Need.EDIT)
    ndi.score(answers)  # refuses an answer out of range before anything is written
    return NeckQuestionnaire.objects.create(
        id=uuid.uuid4(), owner=patient.person, answered_at=answered_at, answers=answers
    )


@dataclass(frozen=True)
class Row:
    questionnaire: NeckQuestionnaire
    score: ndi.Score
    since_first: ndi.Change | None  # against the first scored questionnaire, the baseline
    since_last: ndi.Change | None  # against the scored questionnaire before it


def history(patient: Patient) -> list[Row]:
    """The person's questionnaires, newest first, each with how far it moved (one query)."""
    rows: list[Row] = []
    first: ndi.Score | None = None
    last: ndi.Score | None = None
    for questionnaire in patient.neck_questionnaires().order_by("answered_at"):
        result = questionnaire.score
        since_first = ndi.change(first, result) if first else None
        since_last = ndi.change(last, result) if last else None
        rows.append(Row(questionnaire, result, since_first, since_last))
        if result.total is not None:
            first = first or result
            last = result
    return rows[::-1]


def due_after(rows: list[Row], now: datetime) -> bool:
    """Whether to offer it again, from a history already read (newest first)."""
    return ndi.is_due(rows[0].questionnaire.answered_at if rows else None, now)


def starts_too_low(rows: list[Row]) -> bool:
    """A first score under the threshold cannot fall by a real change: the page says so."""
    scored = [row.score.total for row in rows if row.score.total is not None]
    return bool(rows and rows[0].since_first and scored and scored[-1] < ndi.MEANINGFUL_CHANGE)


def last_answered(patient: Patient) -> datetime | None:
    return patient.neck_questionnaires().order_by("-answered_at").values_list("answered_at", flat=True).first()


def is_due(patient: Patient, now: datetime) -> bool:
    return ndi.is_due(last_answered(patient), now)


@dataclass(frozen=True)
class Span:
    """The first and last scored questionnaires of a period, and the change between them."""

    first: Row
    last: Row
    change: ndi.Change | None


def span(patient: Patient, start: datetime, end: datetime) -> Span | None:
    scored = [
        row for row in history(patient) if row.score.total is not None and start <= row.questionnaire.answered_at <= end
    ]
    if not scored:
        return None
    first, last = scored[-1], scored[0]
    return Span(first, last, ndi.change(first.score, last.score) if first is not last else None)
