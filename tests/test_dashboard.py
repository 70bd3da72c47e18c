"""The clinic's dashboard: the member's patients, those who need attention first, each with their last session,
adherence, pain trend and neck questionnaire; searchable, paginated, audited; the same queries for 3 patients as
for 30."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from access.models import AuditEvent, Membership
from care import dashboard, recording, safety
from care.door import as_themselves
from care.routines import StepPlan
from tests.cast import Role
from tests.factories import CareLinkFactory

pytestmark = pytest.mark.django_db


def joined(cast, label: str, **extra):
    return CareLinkFactory(clinic=cast["clinic"], practitioner=cast["carer"], label=label, **extra)


def session_at(person, when) -> None:
    patient = as_themselves(person)
    session, _ = recording.start(patient, uuid.uuid4(), [StepPlan("trapezius", "left", 60)], 5, when, None)
    recording.finish(patient, session, 3, 60, when + timedelta(minutes=5))


def names(client) -> list[str]:
    response = client.get("/clinic/patients/")
    return [row["entry"].name for row in response.context["rows"]]


def test_a_patient_with_a_warning_sign_comes_before_one_who_keeps_up(client, cast):
    steady, flagged = joined(cast, "Steady Sam"), joined(cast, "Flagged Fay")
    now = timezone.now()
    for days in (1, 3, 5, 7, 9, 11, 13):
        session_at(steady.patient, now - timedelta(days=days))
    session_at(flagged.patient, now - timedelta(days=1))
    safety.record(as_themselves(flagged.patient), {"thunderclap-headache": True}, now - timedelta(days=1))
    cast.sign_in(client, Role.CARER)
    order = names(client)
    assert order.index("Flagged Fay") < order.index("Steady Sam")
    page = client.get("/clinic/patients/").content.decode()
    assert "held back by a warning sign" in page


def test_a_warning_sign_comes_before_reasons_of_other_kinds(cast):
    now = timezone.now()
    lapsed, held = joined(cast, "Aaron Lapsed"), joined(cast, "Held Hal")  # the other first by name
    session_at(lapsed.patient, now - timedelta(days=20))  # no session for two weeks
    for days in (1, 3, 5, 7, 9, 11, 13):
        session_at(held.patient, now - timedelta(days=days))  # keeping up
    safety.record(as_themselves(held.patient), {"thunderclap-headache": True}, now - timedelta(days=1))
    membership = Membership.objects.get(person=cast["carer"], clinic=cast["clinic"])
    rows = [row for row in dashboard.rows(membership, now, 50) if row.entry.label in ("Aaron Lapsed", "Held Hal")]
    assert [row.entry.label for row in rows] == ["Held Hal", "Aaron Lapsed"]


def test_a_patient_who_keeps_up_needs_no_attention(cast):
    steady = joined(cast, "Steady Sam")
    now = timezone.now()
    for days in (1, 3, 5, 7, 9, 11, 13):
        session_at(steady.patient, now - timedelta(days=days))
    membership = Membership.objects.get(person=cast["carer"], clinic=cast["clinic"])
    row = next(r for r in dashboard.rows(membership, now, 50) if r.entry.pk == steady.pk)
    assert row.figures.reasons == [] and row.figures.kept == 7 and row.figures.adherence == 100


def test_not_started_ones_wait_longest_first(cast):
    now = timezone.now()
    joined(cast, "New Nia", consented_at=now - timedelta(days=2))
    joined(cast, "Old Olu", consented_at=now - timedelta(days=20))
    membership = Membership.objects.get(person=cast["carer"], clinic=cast["clinic"])
    order = [
        row.entry.label for row in dashboard.rows(membership, now, 50) if row.entry.label in ("New Nia", "Old Olu")
    ]
    assert order == ["Old Olu", "New Nia"]


def test_adherence_under_the_members_threshold_is_flagged(client, cast):
    link = joined(cast, "Some Sessions")
    now = timezone.now()
    for days in (1, 6):
        session_at(link.patient, now - timedelta(days=days))
    membership = Membership.objects.get(person=cast["carer"], clinic=cast["clinic"])
    row = next(r for r in dashboard.rows(membership, now, 50) if r.entry.pk == link.pk)
    assert any("under 50%" in reason for reason in row.figures.reasons)
    row = next(r for r in dashboard.rows(membership, now, 20) if r.entry.pk == link.pk)
    assert not any("under" in reason for reason in row.figures.reasons)


def test_the_threshold_is_each_members_own_and_checked(client, cast):
    cast.sign_in(client, Role.CARER)
    client.post("/clinic/patients/attention/", {"attention_below": "70"})
    assert Membership.objects.get(person=cast["carer"], clinic=cast["clinic"]).attention_below == 70
    client.post("/clinic/patients/attention/", {"attention_below": "170"})
    assert Membership.objects.get(person=cast["carer"], clinic=cast["clinic"]).attention_below == 70
    assert Membership.objects.get(person=cast["owner"], clinic=cast["clinic"]).attention_below == 50


def test_search_finds_by_the_name_the_clinic_gave(client, cast):
    joined(cast, "Ann Example")
    joined(cast, "Bob Other")
    cast.sign_in(client, Role.CARER)
    response = client.get("/clinic/patients/?q=ann")
    assert [row["entry"].label for row in response.context["rows"]] == ["Ann Example"]


def test_the_list_is_paginated(client, cast):
    for n in range(30):
        joined(cast, f"Patient {n:02}")
    cast.sign_in(client, Role.CARER)
    first = client.get("/clinic/patients/")
    assert len(first.context["rows"]) == 25 and "Page 1 of 2" in first.content.decode()
    assert len(client.get("/clinic/patients/?page=2").context["rows"]) >= 5


def test_a_withdrawn_patient_shows_no_figures(client, cast):
    now = timezone.now()
    gone = joined(cast, "Gone Gil", withdrawn_at=now)
    session_at(gone.patient, now - timedelta(days=1))
    cast.sign_in(client, Role.CARER)
    row = next(r for r in client.get("/clinic/patients/").context["rows"] if r["entry"].pk == gone.pk)
    assert row["figures"] is None and row["state"] == "withdrawn"


def test_every_patient_whose_figures_are_shown_is_audited(client, cast):
    joined(cast, "Ann Example")
    cast.sign_in(client, Role.CARER)
    before = AuditEvent.objects.filter(what="patients").count()
    rows = client.get("/clinic/patients/").context["rows"]
    shown = sum(1 for row in rows if row["figures"] is not None)
    assert shown >= 2 and AuditEvent.objects.filter(what="patients").count() == before + shown


def test_a_practitioner_sees_only_their_own_patients(client, cast):
    mine = joined(cast, "Mine Mo")
    theirs = CareLinkFactory(clinic=cast["clinic"], practitioner=cast["colleague"], label="Theirs Tia")
    cast.sign_in(client, Role.CARER)
    labels = [row["entry"].label for row in client.get("/clinic/patients/").context["rows"]]
    assert mine.label in labels and theirs.label not in labels


def test_the_dashboard_takes_the_same_queries_for_3_patients_as_for_30(client, cast):
    cast.sign_in(client, Role.CARER)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/clinic/patients/")
        return len(captured)

    now = timezone.now()
    for n in range(3):
        session_at(joined(cast, f"Few {n}").patient, now - timedelta(days=1))
    client.get("/clinic/patients/")
    few = count()
    for n in range(27):
        session_at(joined(cast, f"Many {n}").patient, now - timedelta(days=1))
    client.get("/clinic/patients/")
    assert count() == few


def test_the_practitioner_is_named_as_patients_see_them_not_by_email(client, cast):
    joined(cast, "Named Nell")
    Membership.objects.filter(person=cast["carer"], clinic=cast["clinic"]).update(display_name="Dr Lee")
    for role in (Role.CARER, Role.OWNER):  # the carer's column, the owner's choice of practitioner
        cast.sign_in(client, role)
        page = client.get("/clinic/patients/").content.decode()
        assert "Dr Lee" in page and cast["carer"].email not in page
