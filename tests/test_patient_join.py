"""A patient joins a clinic by link or QR: the practitioner's entry and link (once, 7 days, revocable, hashed),
the join page's states, consent with the age unknot is for, withdrawal and a deleted account, as the clinic and
the patient each see them."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from access.models import CareLink, PatientInvitation
from tests.cast import Role
from tests.conftest import run_queued_tasks
from tests.factories import PatientFactory

JOIN = re.compile(r"http://[^\s<\"]+(/join/[\w-]+/)")


def add_patient(client, label="Ann Example", **extra):
    response = client.post("/clinic/patients/add/", {"label": label, "display_name": "Dr Lee", **extra})
    assert response.status_code == 200
    return response, JOIN.search(response.content.decode()).group(1)


def join(client, person, path, old_enough=True):
    client.force_login(person)
    return client.post(path, {"old_enough": "on"} if old_enough else {})


@pytest.fixture
def carer(client, cast):
    return cast.sign_in(client, Role.CARER)


def test_a_practitioner_adds_a_patient_and_gets_a_link_with_its_qr_code(carer, cast):
    response, path = add_patient(carer)
    body = response.content.decode()
    assert '<svg role="img"' in body and "<title>QR code to join A" in body
    assert response["Cache-Control"] == "no-store"
    link = CareLink.objects.get(label="Ann Example")
    assert (link.clinic, link.practitioner, link.patient, link.consented_at) == (
        cast["clinic"],
        cast["carer"],
        None,
        None,
    )
    token = path.split("/")[2]
    invitation = PatientInvitation.objects.get(link=link)
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64  # only a hash is kept
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_a_patient_entry_without_a_name_is_answered_at_its_field_and_makes_nothing(carer):
    before = CareLink.objects.count()
    response = carer.post("/clinic/patients/add/", {"label": "   ", "display_name": "Dr Lee"})
    assert response.status_code == 200
    assert "Give the patient a name you will recognise." in response.content.decode()
    assert CareLink.objects.count() == before


def test_the_practitioners_name_is_asked_once_and_shown_to_the_patient(carer, client, cast):
    assert 'name="display_name"' in carer.get("/clinic/patients/").content.decode()
    _response, path = add_patient(carer)
    assert 'name="display_name"' not in carer.get("/clinic/patients/").content.decode()
    client.logout()
    page = client.get(path).content.decode()
    assert "Dr Lee at A&#x27;s clinic invites you." in page
    assert "unknot is for people aged 16 and over." in page
    assert f"/accounts/signup/?next={path}" in page


def test_the_link_can_be_mailed_and_the_mail_holds_no_health_data(carer, cast):
    add_patient(carer, email="ann@example.net")
    run_queued_tasks()
    [message] = [m for m in mail.outbox if m.to == ["ann@example.net"]]
    assert "Dr Lee at A's clinic invites you" in message.body
    assert JOIN.search(message.body)
    for marker in cast.markers[Role.PATIENT]:
        assert marker not in message.body


def test_a_patient_joins_with_consent_and_their_practitioner_sees_their_page(carer, client, cast):
    _response, path = add_patient(carer)
    ann = PatientFactory()
    response = join(client, ann, path)
    assert response.status_code == 302 and response.url == "/settings/clinics/"
    link = CareLink.objects.get(label="Ann Example")
    assert link.patient == ann and link.consented_at is not None and link.is_open
    assert PatientInvitation.objects.get(link=link).used_at is not None
    assert "A&#x27;s clinic" in client.get("/settings/clinics/").content.decode()
    cast.sign_in(client, Role.CARER)
    page = client.get(f"/clinic/patients/{link.pk}/")
    assert page.status_code == 200 and "Sharing since" in page.content.decode()


def test_joining_asks_the_age_and_without_it_changes_nothing(carer, client):
    _response, path = add_patient(carer)
    response = join(client, PatientFactory(), path, old_enough=False)
    assert response.status_code == 200
    assert "unknot is for people aged 16 and over for now." in response.content.decode()
    assert CareLink.objects.get(label="Ann Example").patient is None


def test_a_link_works_once(carer, client):
    _response, path = add_patient(carer)
    join(client, PatientFactory(), path)
    response = join(client, PatientFactory(), path)
    assert response.status_code == 410 and "It has already been used." in response.content.decode()
    assert "Ask Dr Lee at A&#x27;s clinic for a new link." in response.content.decode()


def test_a_link_runs_out_after_7_days(carer, client):
    _response, path = add_patient(carer)
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        response = join(client, PatientFactory(), path)
    assert response.status_code == 410 and "has run out" in response.content.decode()
    assert CareLink.objects.get(label="Ann Example").patient is None


def test_a_stopped_link_says_so(carer, client):
    _response, path = add_patient(carer)
    link = CareLink.objects.get(label="Ann Example")
    carer.post(f"/clinic/patients/{link.pk}/revoke/")
    response = join(client, PatientFactory(), path)
    assert response.status_code == 410 and "The clinic stopped this link." in response.content.decode()


def test_a_new_link_stops_the_old_one(carer, client):
    _response, old = add_patient(carer)
    link = CareLink.objects.get(label="Ann Example")
    response = carer.post(f"/clinic/patients/{link.pk}/link/")
    new = JOIN.search(response.content.decode()).group(1)
    assert join(client, PatientFactory(), old).status_code == 410
    assert join(client, PatientFactory(), new).status_code == 302


def test_a_wrong_link_says_it_is_not_right(client, db):
    response = client.get("/join/not-a-real-token/")
    assert response.status_code == 404 and "The link is not right." in response.content.decode()


def test_a_member_of_the_clinic_cannot_join_it_as_a_patient(carer, client, cast):
    _response, path = add_patient(carer)
    response = join(client, cast["colleague"], path)
    assert "You work at this clinic" in response.content.decode()
    assert CareLink.objects.get(label="Ann Example").patient is None
    assert PatientInvitation.objects.get(link__label="Ann Example").used_at is None


def test_someone_already_sharing_with_the_clinic_is_told_so(carer, client, cast):
    _response, path = add_patient(carer)
    response = join(client, cast["patient"], path)
    assert "You already share your records with A&#x27;s clinic." in response.content.decode()
    assert CareLink.objects.get(label="Ann Example").patient is None


def test_a_withdrawn_patient_shows_only_the_name_and_the_date(client, cast):
    cast.sign_in(client, Role.PATIENT)
    link = cast["link"]
    response = client.post(f"/settings/clinics/{link.pk}/withdraw/")
    assert response.url == "/settings/clinics/"
    assert "You stopped sharing on" in client.get("/settings/clinics/").content.decode()
    cast.sign_in(client, Role.CARER)
    page = client.get(f"/clinic/patients/{link.pk}/").content.decode()
    assert "Consent withdrawn on" in page and "Sessions" not in page
    assert "Consent withdrawn on" in client.get("/clinic/patients/").content.decode()
    for marker in cast.markers[Role.PATIENT]:
        assert marker not in page


def test_no_one_else_can_withdraw_a_patients_consent(client, cast):
    for role in (Role.OTHER, Role.CARER, Role.OWNER):
        cast.sign_in(client, role)
        client.post(f"/settings/clinics/{cast['link'].pk}/withdraw/")
    assert CareLink.objects.get(pk=cast["link"].pk).withdrawn_at is None


def test_a_deleted_account_shows_as_account_deleted(client, cast):
    from care.deletion import delete_account

    delete_account(cast["patient"])
    cast.sign_in(client, Role.OWNER)
    assert "Account deleted" in client.get("/clinic/patients/").content.decode()
    assert "Account deleted." in client.get(f"/clinic/patients/{cast['link'].pk}/").content.decode()


def test_a_patient_who_withdrew_can_join_again_by_a_new_entry(carer, client, cast):
    cast.sign_in(client, Role.PATIENT)
    client.post(f"/settings/clinics/{cast['link'].pk}/withdraw/")
    _response, path = add_patient(cast.sign_in(carer, Role.CARER))
    assert join(client, cast["patient"], path).status_code == 302
    assert CareLink.objects.filter(patient=cast["patient"], clinic=cast["clinic"]).count() == 2


def test_a_removed_members_unused_links_stop_working(carer, client, cast):
    from access.models import Membership

    _response, path = add_patient(carer)
    cast.sign_in(client, Role.OWNER)
    member = Membership.objects.get(person=cast["carer"], clinic=cast["clinic"])
    client.post(f"/clinic/members/{member.pk}/remove/")
    response = join(client, PatientFactory(), path)
    assert response.status_code == 410 and "The clinic stopped this link." in response.content.decode()


def test_a_member_sets_the_name_patients_see_and_an_empty_one_is_refused(carer, cast):
    from access.models import Membership

    carer.post("/clinic/members/name/", {"display_name": "  Dr   Lee "})
    member = Membership.objects.get(person=cast["carer"], clinic=cast["clinic"])
    assert member.display_name == "Dr Lee"
    response = carer.post("/clinic/members/name/", {"display_name": "   "}, follow=True)
    assert "Write your name as your patients know you." in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == "Dr Lee"


def test_the_practitioner_sees_only_their_own_patients_figures(client, cast):
    """The patient page's figures are A's alone: another person's session on another muscle never shows (the
    door's scoping switched off makes this fail)."""
    import uuid

    from care import recording
    from care.door import as_themselves
    from care.routines import StepPlan

    other = as_themselves(cast["other"])
    now = timezone.now()
    session, _ = recording.start(other, uuid.uuid4(), [StepPlan("temporalis", "left", 60)], 5, now, None)
    recording.record_event(other, session, uuid.uuid4(), 0, "done", 60, now)
    cast.sign_in(client, Role.CARER)
    page = client.get(f"/clinic/patients/{cast['link'].pk}/").content.decode()
    assert "Sharing since" in page and "Trapezius" in page
    assert "Temporalis" not in page
