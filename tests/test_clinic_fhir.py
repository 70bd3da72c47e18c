"""The clinic's FHIR R4 export of a joined patient: what they share, with the routine the clinic gave them as a
CarePlan, passing both validators; audited as an export; nothing for anyone the patient does not share with."""

import json

import pytest

from access.models import AuditEvent
from care.models import Routine
from tests.cast import Role
from tests.test_assigned_routines import AREAS, post
from tests.test_fhir import resources, validate

pytestmark = pytest.mark.django_db


def url(cast) -> str:
    return f"/clinic/patients/{cast['link'].pk}/fhir.json"


def test_the_practitioner_downloads_the_record_with_the_routine_as_a_care_plan(client, cast, tmp_path):
    cast.sign_in(client, Role.CARER)
    post(client, cast["link"].pk, AREAS, interval=3)
    response = client.get(url(cast))
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"].startswith('attachment; filename="unknot-patient-')
    assert "no-store" in response["Cache-Control"]
    bundle = json.loads(response.content)
    [plan] = resources(bundle, "CarePlan")
    routine = Routine.objects.get(owner=cast["patient"], clinic=cast["clinic"])
    assert plan["status"] == "active" and plan["intent"] == "plan" and plan["title"] == routine.name
    codes = [a["detail"]["code"]["coding"][0]["code"] for a in plan["activity"]]
    assert len(codes) == 2 and all(a["detail"]["scheduledTiming"]["repeat"]["period"] == 3 for a in plan["activity"])
    assert any("Lean gently" in a["detail"]["description"] for a in plan["activity"])
    code, counts, out = validate(bundle, tmp_path)
    assert code == 0 and counts == {"medplum": 0, "fhir.js": 0}, out


def test_the_export_is_audited(client, cast):
    cast.sign_in(client, Role.CARER)
    client.get(url(cast))
    assert AuditEvent.objects.filter(action="export", patient_id=cast["patient"].pk, actor_id=cast["carer"].pk).exists()


def test_the_export_holds_nothing_of_anyone_else(client, cast):
    cast.sign_in(client, Role.CARER)
    body = client.get(url(cast)).content.decode()
    for marker in cast.markers_of_others(Role.PATIENT):
        assert marker not in body


def test_no_export_after_a_withdrawal(client, cast):
    cast.sign_in(client, Role.PATIENT)
    client.post(f"/settings/clinics/{cast['link'].pk}/withdraw/")
    cast.sign_in(client, Role.CARER)
    assert client.get(url(cast)).status_code == 404


@pytest.mark.parametrize("role", [Role.COLLEAGUE, Role.STRANGER, Role.FORMER])
def test_no_export_for_anyone_the_patient_does_not_share_with(client, cast, role):
    cast.sign_in(client, role)
    assert client.get(url(cast)).status_code == 404
