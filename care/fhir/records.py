"""The person's records as FHIR resources: the Patient, pain readings as Observations, sessions as Procedures."""

import uuid

from django.contrib.auth.models import User

from care.diary import WORSE
from care.feedback import OBSTACLES, WENT
from care.fhir.codes import (
    MARKED_PLACE,
    PAIN_SEVERITY,
    READING_KINDS,
    SELF_MASSAGE,
    SURVEY,
    WORSE_WITH,
    Resource,
    derived_id,
    muscle_concept,
    own_concept,
    pain_reading_system,
    region_concept,
    when,
    worse_with_system,
)
from care.models import PainReading, Session, StepEvent


def patient_resource(user: User) -> Resource:
    """The person, with no more identity than unknot holds: an email address."""
    resource: Resource = {"resourceType": "Patient", "id": derived_id(f"patient:{user.pk}"), "active": True}
    if user.email:
        resource["telecom"] = [{"system": "email", "value": user.email, "use": "home"}]
    return resource


def pain_observation(reading: PainReading, subject: str, session_urls: dict[uuid.UUID, str]) -> Resource:
    """One pain reading: score 0-10 as valueInteger; a reading before or after a session is partOf its Procedure;
    a diary entry's one marked place is its bodySite (several: one component each), with what made it worse."""
    kind = PainReading.Kind(reading.kind)
    resource: Resource = {
        "resourceType": "Observation",
        "id": str(reading.pk),
        "status": "final",
        "category": [{"coding": [SURVEY]}, own_concept(pain_reading_system(), str(kind), READING_KINDS[kind])],
        "code": {"coding": [PAIN_SEVERITY], "text": "Pain severity (0-10)"},
        "subject": {"reference": subject},
        "effectiveDateTime": when(reading.recorded_at),
        "performer": [{"reference": subject}],  # reported by the person themselves
        "valueInteger": reading.score,
    }
    if reading.session_id and reading.session_id in session_urls:
        resource["partOf"] = [{"reference": session_urls[reading.session_id]}]
    marks = list(reading.marks or [])
    if len(marks) == 1:
        resource["bodySite"] = region_concept(marks[0])
    components = []
    if len(marks) > 1:
        components += [
            {"code": own_concept(pain_reading_system(), *MARKED_PLACE), "valueCodeableConcept": region_concept(mark)}
            for mark in marks
        ]
    components += [
        {
            "code": own_concept(pain_reading_system(), *WORSE_WITH),
            "valueCodeableConcept": own_concept(worse_with_system(), key, str(WORSE.get(key, key))),
        }
        for key in reading.worse or []
    ]
    if components:
        resource["component"] = components
    if reading.note:
        resource["note"] = [{"text": reading.note}]
    return resource


def session_procedure(session: Session, events: list[StepEvent], subject: str) -> Resource:
    """One session: completed (finished), stopped (ended early) or in-progress (still open, so no end), with the
    muscles worked as bodySite and tingling, numbness or sharp pain as a complication."""
    if session.finished_at:
        status, end = "completed", session.finished_at
    elif session.stopped_at:
        status, end = "stopped", session.stopped_at
    else:
        status, end = "in-progress", None
    period = {"start": when(session.started_at)}
    if end:
        period["end"] = when(end)
    resource: Resource = {
        "resourceType": "Procedure",
        "id": str(session.pk),
        "status": status,
        "code": {"text": f"{SELF_MASSAGE}: {session.routine_name}" if session.routine_name else SELF_MASSAGE},
        "subject": {"reference": subject},
        "performedPeriod": period,
        "performer": [{"actor": {"reference": subject}}],  # self-care: the person worked on themselves
    }
    worked = _areas(events, ("done", "cut_short"))
    if worked:
        resource["bodySite"] = [muscle_concept(muscle, side) for muscle, side in worked]
    nerve = _areas(events, ("nerve",))
    if nerve:
        resource["complication"] = [
            {"text": f"Tingling, numbness or sharp pain: {muscle_concept(muscle, side)['text']}"}
            for muscle, side in nerve
        ]
    notes = []
    if session.went:
        notes.append(str(WENT.get(session.went, session.went)))
    if session.obstacles:
        notes.append("What got in the way: " + ", ".join(str(OBSTACLES.get(o, o)) for o in session.obstacles))
    if notes:
        resource["note"] = [{"text": note} for note in notes]
    return resource


def _areas(events: list[StepEvent], kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    """The distinct (muscle, side) pairs of the events of these kinds, in the order they happened."""
    found: dict[tuple[str, str], None] = {}
    for event in events:
        if event.kind in kinds:
            found[(event.muscle, event.side)] = None
    return list(found)
