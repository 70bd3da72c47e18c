"""The demo clinic (manage.py demo --clinic --patients N): members who can sign in with the printed password and
key, patients of every kind the dashboard tells apart, each practitioner's own share, and a second run that
replaces the first."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from access.models import CareLink, Clinic, Membership
from care import dashboard
from care.demo_clinic import KINDS, make_demo_clinic
from care.models import SafetyCheck, Session
from tests.cast import totp_code

NOW = datetime(2026, 11, 30, 9, 0, 10, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_three_patients_make_a_clinic_of_an_owner_two_practitioners_and_three_entries(db, frozen):
    made = make_demo_clinic(NOW, 3)
    roles = sorted(Membership.objects.filter(clinic=made.clinic).values_list("role", flat=True))
    assert roles == ["owner", "practitioner", "practitioner"]
    assert CareLink.objects.filter(clinic=made.clinic).count() == 3
    assert made.kinds == {kind: 1 if kind in KINDS[:3] else 0 for kind in KINDS}


def test_the_printed_password_and_key_sign_a_member_in(client, db, frozen):
    owner = make_demo_clinic(NOW, 3).staff[0]
    response = client.post("/accounts/login/", {"login": owner.email, "password": owner.password})
    assert response.url == "/accounts/2fa/authenticate/"
    response = client.post(response.url, {"code": totp_code(owner.authenticator_key)})
    assert response.status_code == 302
    assert client.get("/clinic/patients/").status_code == 200


def test_the_first_patients_show_each_reason_the_dashboard_gives(db, frozen):
    made = make_demo_clinic(NOW, len(KINDS))
    owner = Membership.objects.get(clinic=made.clinic, role=Membership.Role.OWNER)
    rows = {row.entry.label.rsplit("(", 1)[1].rstrip(")"): row for row in dashboard.rows(owner, NOW, 50)}
    reasons = {number: row.figures.reasons if row.figures else None for number, row in rows.items()}
    assert "held back by a warning sign" in reasons["2"]
    assert "pain rising" in reasons["3"]
    assert reasons["4"] == ["joined but not started"]
    assert reasons["5"] is None and rows["5"].entry.withdrawn_at is not None  # consent withdrawn
    assert "no session for two weeks" in reasons["6"]
    assert "tingling, numbness or sharp pain reported" in reasons["7"]
    assert reasons["8"] is None and rows["8"].entry.patient_id is None  # invited, not joined


def test_a_patient_held_back_has_an_uncleared_check_and_one_not_started_has_no_session(db, frozen):
    make_demo_clinic(NOW, 4)
    held = get_user_model().objects.get(email="patient2@demo-clinic.example")
    waiting = get_user_model().objects.get(email="patient4@demo-clinic.example")
    check = SafetyCheck.objects.filter(owner=held).exclude(result="clear").get()
    assert check.cleared_at is None and check.result == "clinician"
    assert not Session.objects.filter(owner=waiting).exists()


def test_each_practitioner_has_a_share_of_the_patients_and_the_owner_all(db, frozen):
    made = make_demo_clinic(NOW, 9)
    members = Membership.objects.filter(clinic=made.clinic)
    counts = {m.role + str(m.pk): len(dashboard.rows(m, NOW, 50)) for m in members}
    assert sorted(counts.values()) == [3, 3, 9]


def test_history_reaches_back_up_to_two_years(db, frozen):
    make_demo_clinic(NOW, 30)
    first = Session.objects.filter(owner__email__endswith="@demo-clinic.example").order_by("started_at").first()
    assert 365 < (NOW - first.started_at).days <= 730


def test_a_second_run_replaces_the_first(db, frozen):
    make_demo_clinic(NOW, 5)
    make_demo_clinic(NOW, 3)
    assert Clinic.objects.filter(name="Demo clinic").count() == 1
    assert get_user_model().objects.filter(email__endswith="@demo-clinic.example").count() == 3 + 3


def test_the_command_prints_each_members_sign_in_and_key(db, frozen, capsys, settings):
    settings.DEBUG = True
    call_command("demo", "--clinic", "--patients", "3")
    out = capsys.readouterr().out
    assert "Demo clinic ready" in out and "3 patients" in out
    keys = re.findall(r"key ([A-Z2-7]{32})", out)
    assert len(keys) == 3
    assert "owner@demo-clinic.example" in out and "patient3@demo-clinic.example" in out


def test_the_command_refuses_production_unless_told(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="production"):
        call_command("demo", "--clinic", "--patients", "3")


def test_the_command_refuses_an_impossible_number_of_patients(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="between 1 and 5000"):
        call_command("demo", "--clinic", "--patients", "0")
