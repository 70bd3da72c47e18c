"""Download everything: one JSON document, or a zip of CSV files, with only the person's own records."""

import csv
import io
import json
import uuid
import zipfile

import pytest
from django.utils import timezone

from care import diary, questionnaire, recording, routines, safety
from care.door import as_themselves


@pytest.fixture
def records(patient, other_patient):
    now = timezone.now()
    safety.record(as_themselves(patient), {}, now)
    session, _ = recording.start(as_themselves(patient), uuid.uuid4(), routines.handout_plan()[:1], 6, now)
    recording.record_event(as_themselves(session.owner), session, uuid.uuid4(), 0, "done", 90, now)
    recording.finish(as_themselves(session.owner), session, 2, 90, now)
    diary.save_entry(as_themselves(patient), 5, now, [], ["screen"], '=HYPERLINK("x") a formula in a note')
    diary.save_entry(as_themselves(other_patient), 9, now, [], [], "someone else's note")
    questionnaire.save(as_themselves(patient), {"pain-intensity": 3, "work": 1, "driving": 2}, now)
    questionnaire.save(as_themselves(other_patient), {"pain-intensity": 5}, now)
    return session


def test_the_json_download_holds_the_persons_records_and_no_one_elses(client, patient, records):
    client.force_login(patient)
    response = client.get("/api/v1/me/export?format=json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="unknot-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["person"]["email"] == patient.email
    assert [(s["pain_before"], s["pain_after"]) for s in data["sessions"]] == [(6, 2)]
    assert [s["kind"] for s in data["steps"]] == ["done"]
    assert [d["score"] for d in data["pain_diary"]] == [5]
    assert len(data["safety_checks"]) == 1
    [neck] = data["neck_questionnaires"]
    assert neck["answers"]["pain-intensity"] == 3 and neck["answers"]["lifting"] is None
    assert neck["score_of_50"] is None  # seven items left out: no score
    assert "someone else's note" not in response.content.decode()


def test_the_csv_download_is_a_zip_with_one_file_per_kind(client, patient, records):
    client.force_login(patient)
    response = client.get("/api/v1/me/export?format=csv")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "clinics.csv",
        "neck_questionnaires.csv",
        "pain_diary.csv",
        "record_opened.csv",
        "routines.csv",
        "safety_checks.csv",
        "sessions.csv",
        "settings.csv",
        "steps.csv",
    ]
    [row] = list(csv.DictReader(io.StringIO(archive.read("pain_diary.csv").decode())))
    assert row["score"] == "5" and row["worse_with"] == "screen"
    assert row["note"].startswith("'=")  # a spreadsheet shows it as text, never runs it


def test_the_download_needs_a_signed_in_person(client, db):
    assert client.get("/api/v1/me/export?format=json").status_code == 401


def test_an_unknown_format_is_refused(client, patient):
    client.force_login(patient)
    assert client.get("/api/v1/me/export?format=xml").status_code == 422


@pytest.mark.parametrize("path", ["/settings/", "/privacy/"])
def test_settings_and_privacy_offer_all_three_downloads(client, patient, path):
    client.force_login(patient)
    page = client.get(path).content.decode()
    for format in ("json", "csv", "fhir"):
        assert f'href="/api/v1/me/export?format={format}"' in page


def test_the_privacy_page_says_how_to_download_and_delete_in_plain_words(client, db):
    page = client.get("/privacy/").content.decode()
    assert "being built" not in page
    assert "Download everything" not in page  # the buttons are for a signed-in person; the page stays public
    for words in ("JSON", "CSV", "FHIR", "Delete my account", "everything of yours goes for good"):
        assert words in page
