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
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from care.diary import WORSE
from care.feedback import OBSTACLES, WENT
from care.models import NeckQuestionnaire, PainReading, Session, StepEvent
from care.people import neck_questionnaires_of, pain_readings_of, sessions_of
from clinical import ndi
from clinical.content import content
from clinical.sides import SIDES

Resource = dict[str, Any]

MEDIA_TYPE = "application/fhir+json"
LOINC = "http://loinc.org"
PAIN_SEVERITY = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
SURVEY = {
    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
    "code": "survey",
    "display": "Survey",
}
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
NDI_PANEL = "82226-2"  # LOINC's Neck Disability Index panel (docs/ndi.md)
NDI_TOTAL = "total"
SELF_MASSAGE = "Self-massage of trigger points with a ball"
# The urn:uuid of a resource that has no UUID of its own (the Patient, the Questionnaire) is derived from this.
NAMESPACE = uuid.UUID("6f1d0c1e-4b52-5a43-9d0e-3c8f2a7b91d4")

READING_KINDS = {
    PainReading.Kind.BEFORE: "Pain before a session",
    PainReading.Kind.AFTER: "Pain after a session",
    PainReading.Kind.DIARY: "Pain diary entry",
}
MARKED_PLACE = ("marked-place", "A place marked on the body map")
WORSE_WITH = ("worse-with", "What made it worse")
SIDE_WORDS = {"left": "left side", "right": "right side"}


def canonical(kind: str, name: str) -> str:
    """The canonical URL of one of unknot's own definitions, under the site's address."""
    return f"{settings.SITE_URL.rstrip('/')}/fhir/{kind}/{name}"


def body_region_system() -> str:
    return canonical("CodeSystem", "body-region")


def muscle_system() -> str:
    return canonical("CodeSystem", "muscle")


def pain_reading_system() -> str:
    return canonical("CodeSystem", "pain-reading")


def worse_with_system() -> str:
    return canonical("CodeSystem", "worse-with")


def urn(value: uuid.UUID | str) -> str:
    return f"urn:uuid:{value}"


def derived_id(key: str) -> str:
    """A stable UUID for a resource without a UUID of its own ("patient:12", "questionnaire:ndi"), distinct
    from another unknot site's (the key is read under SITE_URL)."""
    return str(uuid.uuid5(NAMESPACE, f"{settings.SITE_URL.rstrip('/')}/{key}"))


def when(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


# Codes -----------------------------------------------------------------------------------------------------


def _sided_concepts(items: Iterable[tuple[str, str, bool]]) -> list[dict]:
    """Concepts for ids with labels; a sided id gets "id:left" and "id:right" children."""
    concepts = []
    for code, label, sided in items:
        concept: dict[str, Any] = {"code": code, "display": label}
        if sided:
            concept["concept"] = [
                {"code": f"{code}:{side}", "display": f"{label}, {SIDE_WORDS[side]}"} for side in SIDES
            ]
        concepts.append(concept)
    return concepts


def _code_system(name: str, title: str, description: str, concepts: list[dict], hierarchy: bool = False) -> Resource:
    system: Resource = {
        "resourceType": "CodeSystem",
        "id": derived_id(f"codesystem:{name}"),
        "url": canonical("CodeSystem", name),
        "name": "".join(word.capitalize() for word in name.split("-")),
        "title": title,
        "status": "active",
        "publisher": "unknot",
        "description": description,
        "caseSensitive": True,
        "content": "complete",
        "concept": concepts,
    }
    if hierarchy:
        system["hierarchyMeaning"] = "is-a"
    return system


def code_systems() -> list[Resource]:
    """unknot's own code systems: body regions and muscles (ids of content/vocabulary.json, with sides), the
    kinds of pain reading, and what made pain worse."""
    data = content()
    regions = [(r.id, r.label, r.sided) for r in data.regions.values()]
    muscles = [(m.id, m.label, True) for m in data.muscles.values()]
    return [
        _code_system(
            "body-region",
            "unknot body regions",
            "Where a person feels pain, as marked on unknot's body map; 'region:left' and 'region:right' name "
            "one side of a region that has two.",
            _sided_concepts(regions),
            hierarchy=True,
        ),
        _code_system(
            "muscle",
            "unknot muscles",
            "The muscles unknot's routines work; 'muscle:left' and 'muscle:right' name one side, the muscle's "
            "own code both sides at once.",
            _sided_concepts(muscles),
            hierarchy=True,
        ),
        _code_system(
            "pain-reading",
            "unknot pain readings",
            "When a pain score was given, and the parts of a pain diary entry.",
            [{"code": str(kind), "display": label} for kind, label in READING_KINDS.items()]
            + [{"code": code, "display": label} for code, label in (MARKED_PLACE, WORSE_WITH)],
        ),
        _code_system(
            "worse-with",
            "unknot: what made pain worse",
            "What a person said made their pain worse, in the pain diary.",
            [{"code": key, "display": str(label)} for key, label in WORSE.items()],
        ),
    ]


def _label(region_or_muscle: str, side: str | None, labels: dict[str, str]) -> str:
    label = labels.get(region_or_muscle, region_or_muscle)
    return f"{label}, {SIDE_WORDS[side]}" if side in SIDE_WORDS else label


def region_concept(mark: str) -> Resource:
    """A body-map mark ("temple:left", "occiput") as a CodeableConcept of the body-region code system."""
    region, _sep, side = mark.partition(":")
    display = _label(region, side, {r.id: r.label for r in content().regions.values()})
    return {"coding": [{"system": body_region_system(), "code": mark, "display": display}], "text": display}


def muscle_concept(muscle: str, side: str) -> Resource:
    """A muscle worked, on one side or ("") both at once, as a CodeableConcept of the muscle code system."""
    display = _label(muscle, side, {m.id: m.label for m in content().muscles.values()})
    if not side:
        display = f"{display}, both sides"
    code = f"{muscle}:{side}" if side else muscle
    return {"coding": [{"system": muscle_system(), "code": code, "display": display}], "text": display}


def _own(system: str, code: str, display: str) -> Resource:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


# Resources -------------------------------------------------------------------------------------------------


def patient(user: User) -> Resource:
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
        "category": [{"coding": [SURVEY]}, _own(pain_reading_system(), str(kind), READING_KINDS[kind])],
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
            {"code": _own(pain_reading_system(), *MARKED_PLACE), "valueCodeableConcept": region_concept(mark)}
            for mark in marks
        ]
    components += [
        {
            "code": _own(pain_reading_system(), *WORSE_WITH),
            "valueCodeableConcept": _own(worse_with_system(), key, str(WORSE.get(key, key))),
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


def ndi_answer_system() -> str:
    return canonical("CodeSystem", "ndi-answer")


def ndi_url() -> str:
    return canonical("Questionnaire", "ndi")


def _ndi_answer(item: ndi.Item, value: int) -> Resource:
    """One of an item's six statements as a Coding ("pain-intensity:2"), its score as the ordinal value."""
    return {
        "extension": [{"url": ORDINAL_VALUE, "valueDecimal": value}],
        "system": ndi_answer_system(),
        "code": f"{item.id}:{value}",
        "display": str(item.options[value]),
    }


def ndi_answer_code_system() -> Resource:
    """The NDI's statements, one concept per item and its six answers below it."""
    concepts = [
        {
            "code": item.id,
            "display": str(item.heading),
            "concept": [{"code": f"{item.id}:{n}", "display": str(text)} for n, text in enumerate(item.options)],
        }
        for item in ndi.ITEMS
    ]
    return _code_system(
        "ndi-answer",
        "Neck Disability Index answers",
        "The statements of the Neck Disability Index (Vernon & Mior 1991), each item's scored 0 to 5 in order.",
        concepts,
        hierarchy=True,
    )


def ndi_questionnaire() -> Resource:
    """The Neck Disability Index: ten items (linkId = unknot's item id) of six statements scored 0-5, and the
    total of 50 as a read-only item (left out of a response that has no score)."""
    items: list[Resource] = [
        {
            "linkId": item.id,
            "text": str(item.heading),
            "type": "choice",
            "required": False,  # an item may be left out ("I don't drive"); the total is then scaled
            "answerOption": [{"valueCoding": _ndi_answer(item, n)} for n in range(len(item.options))],
        }
        for item in ndi.ITEMS
    ]
    items.append({"linkId": NDI_TOTAL, "text": "Total score (of 50)", "type": "decimal", "readOnly": True})
    return {
        "resourceType": "Questionnaire",
        "id": derived_id("questionnaire:ndi"),
        "url": ndi_url(),
        "name": "NeckDisabilityIndex",
        "title": "Neck Disability Index",
        "status": "active",
        "subjectType": ["Patient"],
        "code": [{"system": LOINC, "code": NDI_PANEL, "display": "Neck Disability Index [NDI]"}],
        "description": "Vernon H, Mior S. The Neck Disability Index: a study of reliability and validity. "
        "J Manipulative Physiol Ther. 1991;14(7):409-415.",
        "item": items,
    }


def ndi_response(questionnaire: NeckQuestionnaire, subject: str) -> Resource:
    """One filled-in NDI: the answered items in the instrument's order, and the total when it has one."""
    items: list[Resource] = [
        {"linkId": item.id, "text": str(item.heading), "answer": [{"valueCoding": _ndi_answer(item, value)}]}
        for item in ndi.ITEMS
        if isinstance(value := questionnaire.answers.get(item.id), int)
    ]
    total = questionnaire.score.total
    if total is not None:
        items.append(
            {"linkId": NDI_TOTAL, "text": "Total score (of 50)", "answer": [{"valueDecimal": round(float(total), 1)}]}
        )
    return {
        "resourceType": "QuestionnaireResponse",
        "id": str(questionnaire.pk),
        "questionnaire": ndi_url(),
        "status": "completed",
        "subject": {"reference": subject},
        "authored": when(questionnaire.answered_at),
        "source": {"reference": subject},  # answered by the person themselves
        "item": items,
    }


def ndi_resources(user: User, subject: str) -> list[Resource]:
    """The Neck Disability Index: its Questionnaire and answer codes, and one QuestionnaireResponse per
    questionnaire the person filled in (none of these when there is none)."""
    responses = [ndi_response(q, subject) for q in neck_questionnaires_of(user, user).order_by("answered_at")]
    return [ndi_questionnaire(), ndi_answer_code_system(), *responses] if responses else []


# The bundle --------------------------------------------------------------------------------------------------


def entry(resource: Resource) -> Resource:
    return {"fullUrl": urn(resource["id"]), "resource": resource}


def bundle(user: User, now: datetime | None = None) -> Resource:
    """Everything of the person's, as one Bundle (type collection), reached through the ownership helpers."""
    person = patient(user)
    subject = urn(person["id"])
    sessions = list(sessions_of(user, user).order_by("started_at"))
    events: dict[uuid.UUID, list[StepEvent]] = {s.pk: [] for s in sessions}
    for event in StepEvent.objects.filter(session__owner=user).order_by("recorded_at"):
        events.setdefault(event.session_id, []).append(event)
    procedures = [session_procedure(s, events[s.pk], subject) for s in sessions]
    session_urls = {s.pk: urn(s.pk) for s in sessions}
    readings = pain_readings_of(user, user).order_by("recorded_at")
    observations = [pain_observation(r, subject, session_urls) for r in readings]
    resources = [person, *procedures, *observations, *ndi_resources(user, subject), *code_systems()]
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": when(now or timezone.now())},
        "type": "collection",
        "timestamp": when(now or timezone.now()),
        "entry": [entry(r) for r in resources],
    }


def as_json(user: User) -> bytes:
    """The bundle as compact UTF-8 JSON (two years of records come to about 1 MB)."""
    return json.dumps(bundle(user), ensure_ascii=False, separators=(",", ":")).encode()
