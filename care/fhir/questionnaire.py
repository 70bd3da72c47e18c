"""The Neck Disability Index as FHIR: a Questionnaire, its answer codes, and one QuestionnaireResponse per
filled-in questionnaire."""

from care.door import Patient
from care.fhir.codes import (
    LOINC,
    NDI_PANEL,
    NDI_TOTAL,
    ORDINAL_VALUE,
    Resource,
    canonical,
    code_system,
    derived_id,
    when,
)
from care.models import NeckQuestionnaire
from clinical import ndi


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
    """The NDI's statements, one concept per item and its six answers below it, in the words of the form
    (LOINC's, tests/data/ndi-loinc.toml)."""
    concepts = [
        {
            "code": item.id,
            "display": str(item.heading),
            "concept": [{"code": f"{item.id}:{n}", "display": str(text)} for n, text in enumerate(item.options)],
        }
        for item in ndi.ITEMS
    ]
    return code_system(
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
            "code": [{"system": LOINC, "code": item.loinc}],  # the item in LOINC's panel 82226-2
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


def ndi_resources(patient: Patient, subject: str) -> list[Resource]:
    """The Neck Disability Index: its Questionnaire and answer codes, and one QuestionnaireResponse per
    questionnaire the person filled in (none of these when there is none)."""
    responses = [ndi_response(q, subject) for q in patient.neck_questionnaires().order_by("answered_at")]
    return [ndi_questionnaire(), ndi_answer_code_system(), *responses] if responses else []
