"""The audit trail: the door writes one row per patient and action in a request, with plain ids and the clinic's
name for the patient, never an email; rows cannot be changed or deleted on either database except by the
retention command; the owner reads the clinic's trail, the patient who opened their record."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from access import audit
from access.models import AuditEvent, CareLink, Membership
from tests.cast import Role, give_authenticator
from tests.factories import PASSWORD, PatientFactory

REFUSED = (IntegrityError, DatabaseError)


def open_patient_page(client, cast, role=Role.CARER):
    cast.sign_in(client, role)
    return client.get(f"/clinic/patients/{cast['link'].pk}/")


def test_opening_a_patients_page_writes_one_row_naming_them_by_the_clinics_name(client, cast):
    assert open_patient_page(client, cast).status_code == 200
    [row] = AuditEvent.objects.filter(action="view")
    assert (row.actor_id, row.patient_id, row.clinic_id, row.action, row.what) == (
        cast["carer"].pk,
        cast["patient"].pk,
        cast["clinic"].pk,
        "view",
        "patient",
    )
    assert row.patient_label == cast["link"].name
    every_field = json.dumps([str(getattr(row, f.attname)) for f in AuditEvent._meta.fields])
    assert "@" not in every_field  # never an email address


def test_a_persons_own_pages_write_no_row(client, cast):
    before = AuditEvent.objects.count()
    cast.sign_in(client, Role.PATIENT)
    for url in ("/home/", "/progress/", "/progress/summary/", "/diary/", "/api/v1/me/export?format=json"):
        assert client.get(url).status_code == 200
    assert AuditEvent.objects.count() == before


def test_a_refused_practitioner_leaves_no_view_row(client, cast):
    before = AuditEvent.objects.filter(action="view").count()
    for role in (Role.COLLEAGUE, Role.STRANGER, Role.FORMER):
        assert open_patient_page(client, cast, role).status_code == 404
    assert AuditEvent.objects.filter(action="view").count() == before


def test_the_patient_sees_who_opened_their_record(client, cast):
    Membership.objects.filter(person=cast["carer"]).update(display_name="Dr Lee")
    open_patient_page(client, cast)
    cast.sign_in(client, Role.PATIENT)
    page = client.get("/settings/record-opened/").content.decode()
    assert "Dr Lee" in page and "A&#x27;s clinic" in page and "opened your record" in page
    assert cast["carer"].email not in page


def test_the_patients_download_holds_who_opened_their_record(client, cast):
    Membership.objects.filter(person=cast["carer"]).update(display_name="Dr Lee")
    open_patient_page(client, cast)
    cast.sign_in(client, Role.PATIENT)
    data = client.get("/api/v1/me/export?format=json").json()
    assert [(row["who"], row["clinic"], row["what"]) for row in data["record_opened"]] == [
        ("Dr Lee", "A's clinic", "opened your record")
    ]


def test_the_owner_reads_the_clinics_trail_and_no_one_else_does(client, cast):
    open_patient_page(client, cast)
    cast.sign_in(client, Role.OWNER)
    page = client.get("/clinic/audit/").content.decode()
    assert cast["carer"].email in page and cast["link"].name in page and "opened the record" in page
    for role in (Role.CARER, Role.COLLEAGUE):
        cast.sign_in(client, role)
        assert client.get("/clinic/audit/").status_code == 403


def test_another_clinics_owner_sees_none_of_this_clinics_trail(client, cast):
    open_patient_page(client, cast)
    stranger = cast["stranger"]
    Membership.objects.filter(person=stranger).update(role="owner")
    cast.sign_in(client, Role.STRANGER)
    page = client.get("/clinic/audit/").content.decode()
    assert cast["link"].name not in page and cast["carer"].email not in page


def test_one_request_writes_one_row_however_often_the_door_is_asked(cast, rf):
    from care import door
    from tests.test_door import request_as

    request = request_as(cast, Role.CARER)
    before = AuditEvent.objects.count()
    for _ in range(3):
        door.patient_for(request, cast["patient"].pk)
    door.patient_for(request, cast["patient"].pk, action=audit.Action.EXPORT)
    assert AuditEvent.objects.count() - before == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda: AuditEvent.objects.update(action="export"),
        lambda: AuditEvent.objects.all().delete(),
        lambda: AuditEvent.objects.first().delete(),
        lambda: AuditEvent.objects.filter(pk=AuditEvent.objects.first().pk).update(patient_label="someone"),
    ],
    ids=["update", "delete", "delete-one", "update-one"],
)
def test_the_apps_own_code_cannot_change_a_row(cast, change):
    audit.record(1, audit.Action.VIEW, [audit.Shown(2, "patient 2", 3)])
    with pytest.raises(REFUSED), transaction.atomic():
        change()
    assert AuditEvent.objects.filter(action="view", patient_label="patient 2").exists()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE access_auditevent SET action = 'export'", "DELETE FROM access_auditevent"],
    ids=["update", "delete"],
)
def test_raw_sql_cannot_change_a_row(db, statement):
    audit.record(1, audit.Action.VIEW, [audit.Shown(2, "patient 2", 3)])
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.filter(action="view").count() == 1


def test_truncate_is_refused_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    audit.record(1, audit.Action.VIEW)
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE access_auditevent")
    assert AuditEvent.objects.count() == 1


def test_the_retention_command_deletes_only_rows_older_than_the_period(db, settings, capsys):
    settings.AUDIT_KEEP_DAYS = 30
    now = timezone.now()
    audit.record(1, audit.Action.VIEW, what="old", at=now - timedelta(days=31))
    audit.record(1, audit.Action.VIEW, what="recent", at=now - timedelta(days=29))
    call_command("purge_audit")
    assert list(AuditEvent.objects.values_list("what", flat=True)) == ["recent"]
    assert "Deleted 1 audit rows older than 30 days." in capsys.readouterr().out
    # the switch is off again: the app still cannot delete
    with pytest.raises(REFUSED), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_the_retention_period_is_eight_years_by_default_and_the_privacy_page_says_so(client, db):
    assert audit.keep_for().days == 8 * 365 + 2
    assert "It is kept for 8 years" in client.get("/privacy/").content.decode()


def test_joining_consenting_and_withdrawing_are_recorded(client, cast):
    from tests.test_patient_join import add_patient, join

    carer = cast.sign_in(client, Role.CARER)
    _response, path = add_patient(carer)
    ann = PatientFactory()
    join(client, ann, path)
    link = CareLink.objects.get(patient=ann)
    client.post(f"/settings/clinics/{link.pk}/withdraw/")
    rows = AuditEvent.objects.filter(clinic_id=cast["clinic"].pk).exclude(action="sign-in").order_by("pk")
    assert [(r.action, r.actor_id, r.patient_id, r.patient_label) for r in rows] == [
        ("invite", cast["carer"].pk, None, "Ann Example"),
        ("join", ann.pk, ann.pk, "Ann Example"),
        ("consent", ann.pk, ann.pk, "Ann Example"),
        ("withdraw", ann.pk, ann.pk, "Ann Example"),
    ]


def test_a_role_change_and_an_assignment_are_recorded(client, cast):
    cast.sign_in(client, Role.OWNER)
    colleague = Membership.objects.get(person=cast["colleague"])
    client.post(f"/clinic/members/{colleague.pk}/role/", {"role": "owner"})
    link = cast["link"]
    client.post(f"/clinic/patients/{link.pk}/assign/", {f"link{link.pk}-practitioner": cast["colleague"].pk})
    rows = AuditEvent.objects.filter(actor_id=cast["owner"].pk).exclude(action="sign-in")
    actions = list(rows.values_list("action", "patient_id"))
    assert actions == [("role-change", None), ("assign", cast["patient"].pk)]


def test_a_members_sign_in_and_failed_sign_in_are_recorded_by_id(client, cast):
    carer = cast["carer"]
    client.post("/accounts/login/", {"login": carer.email, "password": "wrong"})
    # the password alone is not a sign-in for a member: it is one once the second step is done
    client.post("/accounts/login/", {"login": carer.email, "password": PASSWORD})
    client.force_login(carer)  # as allauth signs them in after the code
    rows = list(AuditEvent.objects.filter(actor_id=carer.pk).values_list("action", "clinic_id"))
    assert rows == [("sign-in-failed", cast["clinic"].pk), ("sign-in", cast["clinic"].pk)]


def test_unknown_addresses_and_patients_sign_ins_leave_nothing(client, cast):
    before = AuditEvent.objects.count()
    client.post("/accounts/login/", {"login": "nobody@example.net", "password": "wrong"})
    client.post("/accounts/login/", {"login": cast["patient"].email, "password": "wrong"})
    client.post("/accounts/login/", {"login": cast["patient"].email, "password": PASSWORD})
    assert AuditEvent.objects.count() == before


def test_a_change_of_two_step_sign_in_is_recorded(cast):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.signals import authenticator_removed

    practitioner = cast["colleague"]
    app = Authenticator.objects.get(user=practitioner, type="totp")
    authenticator_removed.send(sender=Authenticator, request=None, user=practitioner, authenticator=app)
    give_authenticator(PatientFactory())  # a patient's own app is not a clinic's business
    assert list(AuditEvent.objects.filter(action="mfa-change").values_list("actor_id", "what")) == [
        (practitioner.pk, "totp")
    ]
