"""A person's records as one FHIR R4 (4.0.1) Bundle of type collection, for an electronic health record.

What it holds: the Patient (only the email address: unknot holds no name or birth date); every pain reading as
an Observation coded LOINC 72514-3, a reading before or after a session partOf its Procedure, a diary entry's
one marked place as its bodySite (several: one component each, as Observation.bodySite holds one) in unknot's
own body-region code system; every session as a Procedure (finished: completed; stopped early: stopped; still
open: in-progress, without an end) with the muscles worked as bodySite; the Neck Disability Index as a
Questionnaire with one QuestionnaireResponse per filled-in questionnaire; and the CodeSystems of unknot's own
codes, so a receiver can read every code without asking us.

Every resource has a stable urn:uuid fullUrl (the record's own UUID, or one derived from its key), so a second
download names the same things the same way. The canonical URLs of our code systems live under SITE_URL.
Laterality stays in our own codes ("temple:left" is a child of "temple"): SNOMED CT's laterality qualifiers
apply to SNOMED body-structure codes, and unknot's regions and muscles have none."""

import json
import uuid
from datetime import datetime

from django.utils import timezone

from care.door import Need, Patient
from care.fhir.careplan import care_plan
from care.fhir.codes import MEDIA_TYPE as MEDIA_TYPE
from care.fhir.codes import Resource, code_systems, urn, when
from care.fhir.codes import body_region_system as body_region_system
from care.fhir.codes import muscle_system as muscle_system
from care.fhir.questionnaire import ndi_resources
from care.fhir.records import pain_observation, patient_resource, session_procedure
from care.models import StepEvent


def entry(resource: Resource) -> Resource:
    return {"fullUrl": urn(resource["id"]), "resource": resource}


def bundle(patient: Patient, now: datetime | None = None) -> Resource:
    """Everything of the person's, as one Bundle (type collection), reached through the door."""
    patient.require(Need.EXPORT)
    return _bundle(patient, now)


def clinic_bundle(patient: Patient, clinic_id: int, now: datetime | None = None) -> Resource:
    """What the patient shares with their clinic, for its health-record system: the same Bundle with the routine
    the clinic gave them as a CarePlan. A practitioner reads it through the door (what the patient consented to
    share); the door audits it as an export."""
    patient.require(Need.READ)
    found = _bundle(patient, now)
    routine = patient.routines().filter(clinic_id=clinic_id).prefetch_related("steps").first()
    if routine is not None:
        subject = found["entry"][0]["fullUrl"]
        found["entry"].insert(1, entry(care_plan(routine, subject)))
    return found


def _bundle(patient: Patient, now: datetime | None) -> Resource:
    person = patient_resource(patient.person)
    subject = urn(person["id"])
    sessions = list(patient.sessions().order_by("started_at"))
    events: dict[uuid.UUID, list[StepEvent]] = {s.pk: [] for s in sessions}
    for event in patient.step_events().order_by("recorded_at"):
        events.setdefault(event.session_id, []).append(event)
    procedures = [session_procedure(s, events[s.pk], subject) for s in sessions]
    session_urls = {s.pk: urn(s.pk) for s in sessions}
    readings = patient.pain_readings().order_by("recorded_at")
    observations = [pain_observation(r, subject, session_urls) for r in readings]
    resources = [person, *procedures, *observations, *ndi_resources(patient, subject), *code_systems()]
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": when(now or timezone.now())},
        "type": "collection",
        "timestamp": when(now or timezone.now()),
        "entry": [entry(r) for r in resources],
    }


def as_json(patient: Patient) -> bytes:
    """The bundle as compact UTF-8 JSON (two years of records come to about 1 MB)."""
    return json.dumps(bundle(patient), ensure_ascii=False, separators=(",", ":")).encode()
