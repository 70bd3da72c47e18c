"""The pain diary through the API: an entry written on the phone while offline, sent when the signal is back.

Each entry carries the id the phone gave it, so sending it twice keeps it once; the same form as the diary page
checks it (care.forms.DiaryForm), so an entry means the same whichever way it came."""

import uuid
from typing import Any

from django.db import transaction
from ninja import Field, Router, Schema, Status
from ninja.security import SessionAuth

from api.care import someone_elses_save
from api.care_schemas import Invalid, OtherPerson, Problem
from care import diary, door
from care.door import AuthenticatedRequest, patient_for
from care.forms import DiaryForm
from care.models import PainReading

router = Router(auth=SessionAuth(csrf=True), tags=["my care"])


class DiaryIn(Schema):
    id: uuid.UUID
    score: int
    when: str = Field(..., max_length=40, description="The date and time on the person's clock, 2026-12-07T18:05")
    region: list[str] = Field(default_factory=list, max_length=40)
    worse: list[str] = Field(default_factory=list, max_length=20)
    note: str = Field("", max_length=500)


class DiaryOut(Schema):
    id: uuid.UUID
    score: int
    recorded_at: Any
    marks: list[str]
    worse: list[str]
    note: str


class Refused(Schema):
    """The fields that did not pass, each with what to do, as the diary page says it."""

    detail: str
    fields: dict[str, list[str]]


@router.post(
    "/diary",
    response={
        200: DiaryOut,
        201: DiaryOut,
        400: Refused,
        401: Problem,
        403: Problem,
        404: Problem,
        409: OtherPerson,
        422: Invalid,
    },
    summary="Add a pain diary entry (idempotent by id)",
)
def add_diary_entry(request: AuthenticatedRequest, body: DiaryIn) -> Any:
    if other := someone_elses_save(request):
        return other
    form = DiaryForm(body.dict(include={"score", "when", "region", "worse", "note"}))
    if not form.is_valid():
        fields = {name: [str(error) for error in errors] for name, errors in form.errors.items()}
        return Status(400, {"detail": "The entry did not pass the diary's checks.", "fields": fields})
    patient = patient_for(request)
    with transaction.atomic():
        if door.taken(PainReading, body.id):
            return Status(200, patient.diary_entry(body.id))  # sent before: kept once (someone else's: 404)
        data = form.cleaned_data
        entry = diary.save_entry(
            patient, data["score"], data["when"], form.marks(), data["worse"], data["note"], entry_id=body.id
        )
    return Status(201, entry)
