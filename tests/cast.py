"""The cast of the access tests, by role: who visits, made with factory-boy, each with records of their own.

A role is a name the tests parametrize over; `Cast.sign_in` turns it into a signed-in (or anonymous)
client. The clinic issue adds practitioners of two clinics and a clinic owner as further roles.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.utils import timezone

from tests.factories import PatientFactory, StaffFactory


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    PATIENT = "patient"  # the person whose records are tested
    OTHER = "other"  # another patient, who must see nothing of the first
    STAFF = "staff"  # unknot's own staff: the admin, but no one's health records


EVERYONE = tuple(Role)
NOT_STAFF = (Role.ANONYMOUS, Role.PATIENT, Role.OTHER)


@dataclass
class Cast:
    people: dict[Role, AbstractBaseUser]
    records: dict[str, object] = field(default_factory=dict)

    def person(self, role: Role) -> AbstractBaseUser | None:
        return self.people.get(role)

    def sign_in(self, client: Client, role: Role) -> Client:
        """The client as this role sees the site: signed in as them, or anonymous."""
        client.logout()
        if (person := self.person(role)) is not None:
            client.force_login(person)
        return client

    def __getitem__(self, name: str) -> object:
        """A person by role name or a record by name: cast["patient"], cast["routine"]."""
        if name in Role.__members__.values():
            return self.people[Role(name)]
        return self.records[name]


def build_cast() -> Cast:
    """Two patients with records (the first cleared by a clinician after a red flag), and staff."""
    from care import diary, questionnaire, recording, routines, safety
    from care.door import as_themselves
    from clinical.content import content

    patient = PatientFactory(username="pat", email="pat@example.org")
    other = PatientFactory(username="ola", email="ola@example.org")
    staff = StaffFactory(username="sam", email="sam@example.org")
    now = timezone.now()
    routine = routines.save_routine(as_themselves(patient), "Pat's secret routine", routines.handout_plan()[:2])
    session, _ = recording.start(as_themselves(patient), uuid.uuid4(), routines.plan_of(routine), 5, now, routine)
    flags = content().safety.red_flags
    check = safety.record(
        as_themselves(patient), {flag.id: flag.id == "neck-lump" for flag in flags}, now - timedelta(days=1)
    )
    # Cleared, so the person's sessions are not held back (the hold has tests of its own).
    safety.record_clearance(check, "Dr Lee", now - timedelta(hours=12))
    for person in (other, staff):  # answered, so the gate does not hide what the access tests look for
        safety.record(as_themselves(person), {}, now - timedelta(hours=1))
    profile = as_themselves(patient).profile()
    entry = diary.save_entry(as_themselves(patient), 6, now - timedelta(hours=2), [], ["screen"], "Pat's private note")
    neck = questionnaire.save(as_themselves(patient), {"pain-intensity": 3, "work": 2}, now - timedelta(hours=3))
    return Cast(
        people={Role.PATIENT: patient, Role.OTHER: other, Role.STAFF: staff},
        records={
            "routine": routine,
            "session": session,
            "check": check,
            "diary_entry": entry,
            "neck_questionnaire": neck,
            "calendar_token": profile.calendar_token,
            "unsubscribe_token": profile.unsubscribe_token,
        },
    )
