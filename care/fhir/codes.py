"""unknot's own codes as FHIR sees them: canonical URLs under SITE_URL, stable ids, and the CodeSystems of body
regions, muscles, kinds of pain reading and what made pain worse."""

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.utils.crypto import salted_hmac

from care.diary import WORSE
from care.models import PainReading
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
    from another unknot site's. Keyed with the site's secret, so the id does not give away the account number
    ("patient:12") to someone who has the bundle and this code."""
    secret = salted_hmac(
        "unknot.fhir.derived-id", f"{settings.SITE_URL.rstrip('/')}/{key}", algorithm="sha256"
    ).hexdigest()
    return str(uuid.uuid5(NAMESPACE, secret))


def when(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


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


def code_system(name: str, title: str, description: str, concepts: list[dict], hierarchy: bool = False) -> Resource:
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
        code_system(
            "body-region",
            "unknot body regions",
            "Where a person feels pain, as marked on unknot's body map; 'region:left' and 'region:right' name "
            "one side of a region that has two.",
            _sided_concepts(regions),
            hierarchy=True,
        ),
        code_system(
            "muscle",
            "unknot muscles",
            "The muscles unknot's routines work; 'muscle:left' and 'muscle:right' name one side, the muscle's "
            "own code both sides at once.",
            _sided_concepts(muscles),
            hierarchy=True,
        ),
        code_system(
            "pain-reading",
            "unknot pain readings",
            "When a pain score was given, and the parts of a pain diary entry.",
            [{"code": str(kind), "display": label} for kind, label in READING_KINDS.items()]
            + [{"code": code, "display": label} for code, label in (MARKED_PLACE, WORSE_WITH)],
        ),
        code_system(
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


def own_concept(system: str, code: str, display: str) -> Resource:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}
