"""The clinic side: making a clinic, invitations by email (once, 7 days, hashed), roles, removal and leaving,
assigning patients, and the second factor the clinic's pages and the door ask for."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from access.models import CareLink, Invitation, Membership
from tests.cast import Role, give_authenticator
from tests.conftest import run_queued_tasks
from tests.factories import PatientFactory, PractitionerFactory


def invite(client, email, role="practitioner"):
    response = client.post("/clinic/members/invite/", {"email": email, "role": role})
    run_queued_tasks()
    return response


def link_in(message) -> str:
    return re.search(r"http\S+(/clinic/join/\S+/)", message.body).group(1)


def test_a_person_makes_a_clinic_and_owns_it(client, db):
    person = PractitionerFactory()
    client.force_login(person)
    assert client.get("/clinic/").status_code == 200
    response = client.post("/clinic/", {"name": "  Calm   Necks  "})
    membership = Membership.objects.get(person=person)
    assert (membership.clinic.name, membership.role) == ("Calm Necks", "owner")
    # The clinic's pages need the second factor: someone without an app is sent to set one up.
    response = client.get(response.url)
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/totp/activate/?needed=1")


def test_an_empty_clinic_name_is_answered_at_its_field(client, db):
    client.force_login(PractitionerFactory())
    page = client.post("/clinic/", {"name": "   "}).content.decode()
    assert 'aria-invalid="true"' in page
    assert not Membership.objects.exists()


def test_someone_with_an_app_but_no_code_this_session_types_it(client, cast):
    cast.sign_in(client, Role.CARER, second_factor=False)
    response = client.get("/clinic/patients/")
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/reauthenticate/")


def test_the_owner_invites_a_colleague_who_joins_once(client, cast):
    from django.test import Client

    cast.sign_in(client, Role.OWNER)
    assert invite(client, "new@example.org").status_code == 302
    (message,) = mail.outbox
    assert message.to == ["new@example.org"] and "A's clinic" in message.subject
    path = link_in(message)
    token = path.rstrip("/").rsplit("/", 1)[1]
    stored = Invitation.objects.get()
    assert token not in stored.token_hash and len(stored.token_hash) == 64  # only a hash is kept
    assert stored.expires_at - stored.created_at == timedelta(days=7)

    newcomer = PractitionerFactory(email="new@example.org")
    colleague = Client()
    assert "Join A" in colleague.get(path).content.decode()  # before signing in: who invites
    colleague.force_login(newcomer)
    assert colleague.post(path).status_code == 302
    assert Membership.objects.filter(person=newcomer, clinic=cast["clinic"], role="practitioner").exists()
    assert "already been used" in colleague.get(path).content.decode()


def test_an_invitation_to_an_address_with_or_without_an_account_answers_the_same(client, cast):
    cast.sign_in(client, Role.OWNER)
    PatientFactory(email="known@example.org")
    known = client.post("/clinic/members/invite/", {"email": "known@example.org", "role": "practitioner"}, follow=True)
    unknown = client.post(
        "/clinic/members/invite/", {"email": "nobody@example.org", "role": "practitioner"}, follow=True
    )
    run_queued_tasks()
    said = [re.findall(r"Invitation sent to [^<]*", page.content.decode()) for page in (known, unknown)]
    assert said == [["Invitation sent to known@example.org."], ["Invitation sent to nobody@example.org."]]
    assert known.status_code == unknown.status_code == 200
    bodies = [re.sub(r"/clinic/join/\S+/", "", message.body) for message in mail.outbox]
    assert bodies[0] == bodies[1]


def test_a_bad_address_is_answered_at_its_field_and_sends_nothing(client, cast):
    cast.sign_in(client, Role.OWNER)
    page = client.post("/clinic/members/invite/", {"email": "not an address", "role": "practitioner"})
    assert page.status_code == 200 and 'aria-invalid="true"' in page.content.decode()
    assert not Invitation.objects.exists()


def test_an_invitation_runs_out_after_7_days(client, cast):
    cast.sign_in(client, Role.OWNER)
    invite(client, "late@example.org")
    path = link_in(mail.outbox[0])
    late = PractitionerFactory(email="late@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        client.force_login(late)
        assert "run out" in client.get(path).content.decode()
        client.post(path)
    assert not Membership.objects.filter(person=late).exists()


def test_an_invitation_is_only_for_its_address(client, cast):
    cast.sign_in(client, Role.OWNER)
    invite(client, "meant@example.org")
    path = link_in(mail.outbox[0])
    client.force_login(PractitionerFactory(email="someone-else@example.org"))
    assert "another email address" in client.get(path).content.decode()
    client.post(path)
    assert Membership.objects.filter(clinic=cast["clinic"]).count() == 3


def test_only_the_owner_invites(client, cast):
    cast.sign_in(client, Role.CARER)
    assert invite(client, "x@example.org").status_code == 403


def test_a_removed_practitioner_loses_access_on_the_next_request_and_their_patients_wait(client, cast):
    from django.test import Client

    carer = Client()
    cast.sign_in(carer, Role.CARER)
    assert carer.get("/clinic/patients/").status_code == 200
    cast.sign_in(client, Role.OWNER)
    member = Membership.objects.get(person=cast["carer"])
    assert client.post(f"/clinic/members/{member.pk}/remove/").status_code == 302
    assert carer.get("/clinic/patients/").status_code == 302  # no clinic now: to make one
    assert CareLink.objects.get(pk=cast["link"].pk).practitioner is None
    # The owner reassigns the patient to the colleague.
    colleague = cast["colleague"]
    link = cast["link"]
    client.post(f"/clinic/patients/{link.pk}/assign/", {f"link{link.pk}-practitioner": colleague.pk})
    assert CareLink.objects.get(pk=link.pk).practitioner == colleague


def test_the_last_owner_cannot_leave_or_stop_being_owner(client, cast):
    cast.sign_in(client, Role.OWNER)
    own = Membership.objects.get(person=cast["owner"])
    page = client.post(f"/clinic/members/{own.pk}/remove/", follow=True).content.decode()
    assert "needs an owner" in page
    client.post(f"/clinic/members/{own.pk}/role/", {"role": "practitioner"})
    assert Membership.objects.get(pk=own.pk).role == "owner"
    # With a second owner, the first may go.
    colleague = Membership.objects.get(person=cast["colleague"])
    client.post(f"/clinic/members/{colleague.pk}/role/", {"role": "owner"})
    assert client.post(f"/clinic/members/{own.pk}/remove/").url == "/clinic/"
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_a_practitioner_leaves(client, cast):
    cast.sign_in(client, Role.COLLEAGUE)
    own = Membership.objects.get(person=cast["colleague"])
    assert client.post(f"/clinic/members/{own.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_assigning_only_to_a_member_of_the_clinic(client, cast):
    cast.sign_in(client, Role.OWNER)
    link = cast["link"]
    client.post(f"/clinic/patients/{link.pk}/assign/", {f"link{link.pk}-practitioner": cast["stranger"].pk})
    assert CareLink.objects.get(pk=link.pk).practitioner == cast["carer"]


def test_a_practitioner_of_several_clinics_chooses_one(client, cast):
    from tests.factories import ClinicFactory, MembershipFactory

    other = ClinicFactory(name="Second clinic")
    MembershipFactory(clinic=other, person=cast["carer"])
    cast.sign_in(client, Role.CARER)
    assert "A&#x27;s clinic" in client.get("/clinic/patients/").content.decode()
    client.post("/clinic/choose/", {"clinic": other.pk})
    assert "Second clinic" in client.get("/clinic/patients/").content.decode()
    assert client.post("/clinic/choose/", {"clinic": cast["clinic"].pk + 1000}).status_code == 404


def test_the_patients_page_lists_the_practitioners_own_and_the_owner_all(client, cast):
    name = f">{cast['link'].name}<"  # "patient N": the clinic gave A no name
    cast.sign_in(client, Role.CARER)
    assert name in client.get("/clinic/patients/").content.decode()
    cast.sign_in(client, Role.COLLEAGUE)
    assert name not in client.get("/clinic/patients/").content.decode()
    cast.sign_in(client, Role.OWNER)
    assert name in client.get("/clinic/patients/").content.decode()


@pytest.mark.parametrize("role", [Role.CARER, Role.OWNER, Role.STAFF])
def test_clinicians_and_staff_idle_out_after_30_minutes(client, cast, role):
    cast.sign_in(client, role)
    client.get("/home/")
    assert client.session.get_expiry_age() == 30 * 60


def test_a_patient_is_not_idled_out(client, cast):
    cast.sign_in(client, Role.PATIENT)
    client.get("/home/")
    assert client.session.get_expiry_age() != 30 * 60


def test_staff_need_the_second_factor_for_the_admin(client, cast):
    cast.sign_in(client, Role.STAFF, second_factor=False)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/reauthenticate/")
    cast.sign_in(client, Role.STAFF)
    assert client.get("/admin/").status_code == 200


def test_a_practitioner_without_an_app_is_sent_to_set_one_up(client, db):
    from tests.factories import ClinicFactory, MembershipFactory

    person = PractitionerFactory()
    MembershipFactory(clinic=ClinicFactory(), person=person)
    client.force_login(person)
    response = client.get("/clinic/patients/")
    assert response.url == "/accounts/2fa/totp/activate/?needed=1"
    give_authenticator(person)
    assert client.get("/clinic/patients/").url.startswith("/accounts/2fa/reauthenticate/")


def test_the_owner_cancels_an_invitation_and_its_link_stops_working(client, cast):
    cast.sign_in(client, Role.OWNER)
    invite(client, "maybe@example.org")
    path = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    assert "maybe@example.org" in client.get("/clinic/members/").content.decode()
    assert client.post(f"/clinic/invitations/{invitation.pk}/cancel/").status_code == 302
    assert "maybe@example.org" not in client.get("/clinic/members/").content.decode()
    client.force_login(PractitionerFactory(email="maybe@example.org"))
    assert "The clinic cancelled it." in client.get(path).content.decode()
    client.post(path)
    assert not Membership.objects.filter(person__email="maybe@example.org").exists()


def test_another_clinics_invitation_cannot_be_cancelled(client, cast):
    cast.sign_in(client, Role.OWNER)
    invite(client, "kept@example.org")
    invitation = Invitation.objects.get()
    from tests.factories import ClinicFactory, MembershipFactory

    elsewhere = MembershipFactory(clinic=ClinicFactory(), person=PractitionerFactory(), role="owner")
    give_authenticator(elsewhere.person)
    client.force_login(elsewhere.person)
    from tests.cast import confirm_second_factor

    session = client.session
    confirm_second_factor(session, elsewhere.person)
    session.save()
    client.post(f"/clinic/invitations/{invitation.pk}/cancel/")
    assert Invitation.objects.get().cancelled_at is None
