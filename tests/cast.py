"""The cast of the access tests, by role: who visits, made with factory-boy, each with records of their own.

A role is a name the tests parametrize over; `Cast.sign_in` turns it into a signed-in (or anonymous)
client. Patient A ("pat") is the person whose records are guarded. Around A: another patient, unknot's staff,
and the clinic side (no pages yet, reached through the door's functions): the practitioner A is assigned to
in a clinic A consented to, a colleague in that clinic A is not assigned to, a practitioner of another clinic
(the other patient's), a practitioner A was assigned to in a clinic A has since withdrawn from, and the owner
of A's clinic.

Everyone who works with others' records (staff and the clinic side) has an authenticator app and is signed in
as allauth leaves a sign-in confirmed with its code (`confirm_second_factor`); tests of what happens without it
sign them in plainly (`Cast.sign_in(..., second_factor=False)`).

Every record carries a marker unique to its person (`Cast.markers`): no page may show one to anyone else.
"""

import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.utils import timezone

from tests.factories import (
    CareLinkFactory,
    ClinicFactory,
    MembershipFactory,
    PatientFactory,
    PractitionerFactory,
    StaffFactory,
)


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    PATIENT = "patient"  # patient A, whose records are tested
    OTHER = "other"  # patient B, who must see nothing of A's
    STAFF = "staff"  # unknot's own staff: the admin, but no one's health records
    CARER = "carer"  # practitioner of A's clinic, A assigned to them, A consented
    COLLEAGUE = "colleague"  # practitioner of A's clinic, A not assigned to them
    STRANGER = "stranger"  # practitioner of another clinic (B's)
    FORMER = "former"  # was A's practitioner in a clinic A withdrew from
    OWNER = "owner"  # owns A's clinic


EVERYONE = tuple(Role)
NOT_STAFF = tuple(role for role in Role if role is not Role.STAFF)
SIGNED_IN = tuple(role for role in Role if role is not Role.ANONYMOUS)
CLINICIANS = (Role.CARER, Role.COLLEAGUE, Role.STRANGER, Role.FORMER, Role.OWNER)
SECOND_FACTOR = (Role.STAFF, *CLINICIANS)  # must confirm their sign-in with a code before others' records
# Every authenticator app of the cast shows codes from this key (tests compute them with a frozen clock).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_authenticator(person: AbstractBaseUser, secret: str = TOTP_SECRET) -> None:
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(person, secret)


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app with this key shows now (the test's clock is frozen around it)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def confirm_second_factor(session, person: AbstractBaseUser) -> None:
    """The session as allauth leaves a sign-in confirmed with the app's code (its per-session records)."""
    from allauth.mfa.models import Authenticator

    app = Authenticator.objects.filter(user_id=person.pk, type="totp").first()
    now = time.time()
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": person.email},
        {"method": "mfa", "at": now, "type": "totp", "id": app.pk if app else 0},
    ]
    session["account_authentication_methods_user"] = str(person.pk)


@dataclass
class Cast:
    people: dict[Role, AbstractBaseUser]
    records: dict[str, object] = field(default_factory=dict)
    markers: dict[Role, list[str]] = field(default_factory=dict)

    def person(self, role: Role) -> AbstractBaseUser | None:
        return self.people.get(role)

    def sign_in(self, client: Client, role: Role, second_factor: bool = True) -> Client:
        """The client as this role sees the site: signed in as them (with the second factor where their work
        needs it, unless told not to), or anonymous."""
        client.logout()
        if (person := self.person(role)) is not None:
            client.force_login(person)
            if second_factor and role in SECOND_FACTOR:
                session = client.session
                confirm_second_factor(session, person)
                session.save()
        return client

    def markers_of_others(self, role: Role) -> dict[str, Role]:
        """Every marker of everyone but this role's person, with whose it is."""
        return {marker: owner for owner, found in self.markers.items() if owner is not role for marker in found}

    def __getitem__(self, name: str) -> object:
        """A person by role name or a record by name: cast["patient"], cast["routine"]."""
        if name in Role.__members__.values():
            return self.people[Role(name)]
        return self.records[name]


def _records(person: AbstractBaseUser, tag: str, now) -> tuple[dict[str, object], list[str]]:
    """A routine, a session of it, a diary entry, a questionnaire and a clear safety check, each marked."""
    from care import diary, questionnaire, recording, routines, safety
    from care.door import as_themselves

    own = as_themselves(person)
    routine = routines.save_routine(own, f"mark-{tag}-routine", routines.handout_plan()[:2])
    session, _ = recording.start(own, uuid.uuid4(), routines.plan_of(routine), 5, now - timedelta(hours=4), routine)
    event, _ = recording.record_event(own, session, uuid.uuid4(), 0, "done", 60, now - timedelta(hours=4))
    entry = diary.save_entry(own, 6, now - timedelta(hours=2), [], ["screen"], f"mark-{tag}-diary")
    neck = questionnaire.save(own, {"pain-intensity": 3, "work": 2}, now - timedelta(hours=3))
    safety.record(own, {}, now - timedelta(hours=1))
    profile = own.profile()
    records = {"routine": routine, "session": session, "diary_entry": entry, "neck_questionnaire": neck}
    markers = [
        person.email,
        f"mark-{tag}-routine",
        f"mark-{tag}-diary",
        str(session.pk),
        str(event.pk),
        str(entry.pk),
        str(neck.pk),
        profile.calendar_token,
        profile.unsubscribe_token,
    ]
    return records, markers


def build_cast() -> Cast:
    """Everyone of Role with records of their own; A's safety check found a sign and a clinician cleared it."""
    from care import routines, safety
    from care.door import as_themselves
    from clinical.content import content

    now = timezone.now()
    people: dict[Role, AbstractBaseUser] = {
        Role.PATIENT: PatientFactory(username="pat", email="pat@example.org"),
        Role.OTHER: PatientFactory(username="ola", email="ola@example.org"),
        Role.STAFF: StaffFactory(username="sam", email="sam@example.org"),
        **{role: PractitionerFactory(username=role.value) for role in CLINICIANS},
    }
    patient, other = people[Role.PATIENT], people[Role.OTHER]
    for role in SECOND_FACTOR:
        give_authenticator(people[role])
    clinic, elsewhere, left = ClinicFactory(name="A's clinic"), ClinicFactory(name="B's clinic"), ClinicFactory()
    owner_membership = MembershipFactory(clinic=clinic, person=people[Role.OWNER], role="owner")
    MembershipFactory(clinic=clinic, person=people[Role.CARER])
    MembershipFactory(clinic=clinic, person=people[Role.COLLEAGUE])
    MembershipFactory(clinic=elsewhere, person=people[Role.STRANGER])
    MembershipFactory(clinic=left, person=people[Role.FORMER])
    link = CareLinkFactory(clinic=clinic, patient=patient, practitioner=people[Role.CARER])
    CareLinkFactory(clinic=elsewhere, patient=other, practitioner=people[Role.STRANGER])
    CareLinkFactory(clinic=left, patient=patient, practitioner=people[Role.FORMER], withdrawn_at=now)

    markers: dict[Role, list[str]] = {}
    records: dict[str, object] = {}
    for role, person in people.items():
        found, markers[role] = _records(person, role.value, now)
        if role is Role.PATIENT:
            records.update(found)

    own = as_themselves(patient)
    # A's first routine keeps the name other tests look for; it is A's marker too.
    routine = records["routine"]
    routines.save_routine(own, "Pat's secret routine", routines.plan_of(routine), routine)
    markers[Role.PATIENT].append("secret routine")
    flags = content().safety.red_flags
    check = safety.record(own, {flag.id: flag.id == "neck-lump" for flag in flags}, now - timedelta(minutes=30))
    # Cleared, so the person's sessions are not held back (the hold has tests of its own).
    safety.record_clearance(check, "mark-patient-cleared", now - timedelta(minutes=20))
    markers[Role.PATIENT].append("mark-patient-cleared")
    profile = own.profile()
    records.update(
        check=check,
        link=link,
        clinic=clinic,
        owner_membership=owner_membership,
        calendar_token=profile.calendar_token,
        unsubscribe_token=profile.unsubscribe_token,
    )
    return Cast(people=people, records=records, markers=markers)
