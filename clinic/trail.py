"""The audit trail as people read it: names for the plain ids the rows keep, looked up once per page."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from access import audit
from access.models import AuditEvent, Clinic, Membership


@dataclass(frozen=True)
class Line:
    at: datetime
    who: str
    clinic: str
    action: str
    patient: str
    what: str


def _names(events: list[AuditEvent]) -> tuple[dict[tuple[int, int], Membership], dict[int, str]]:
    clinic_ids = {event.clinic_id for event in events if event.clinic_id}
    actor_ids = {event.actor_id for event in events if event.actor_id}
    members = {
        (member.clinic_id, member.person_id): member
        for member in Membership.objects.filter(clinic_id__in=clinic_ids, person_id__in=actor_ids).select_related(
            "person"
        )
    }
    clinics = dict(Clinic.objects.filter(pk__in=clinic_ids).values_list("pk", "name"))
    return members, clinics


# What others did, in the patient's words ("Dr Lee at Calm Necks opened your record").
TO_YOU = {
    AuditEvent.Action.VIEW: _lazy("opened your record"),
    AuditEvent.Action.EXPORT: _lazy("downloaded your record"),
    AuditEvent.Action.PRINT: _lazy("printed your record"),
    AuditEvent.Action.ASSIGN: _lazy("changed your routine or who looks after you"),
}


def for_patient(events: Iterable[AuditEvent]) -> list[Line]:
    """What the patient sees: the member's name as patients see it (never an email address), the clinic."""
    events = list(events)
    members, clinics = _names(events)
    lines = []
    for event in events:
        member = members.get((event.clinic_id or 0, event.actor_id or 0))
        who = (member.display_name if member else "") or _("someone who has left the clinic")
        if member and not member.display_name:
            who = _("a practitioner")
        clinic = clinics.get(event.clinic_id or 0, _("a clinic that has closed"))
        action = str(TO_YOU.get(event.action, event.get_action_display()))  # type: ignore[call-overload]
        lines.append(Line(event.at, who, clinic, action, "", event.what))
    return lines


def for_owner(events: Iterable[AuditEvent]) -> list[Line]:
    """What the clinic's owner sees: each member by name and email address, each patient by the clinic's name."""
    events = list(events)
    members, clinics = _names(events)
    lines = []
    for event in events:
        member = members.get((event.clinic_id or 0, event.actor_id or 0))
        if member:
            who = f"{member.display_name} ({member.person.email})" if member.display_name else member.person.email
        elif event.actor_id and event.actor_id == event.patient_id:
            who = _("the patient")
        else:
            who = _("person %(number)s (no longer a member)") % {"number": event.actor_id}
        clinic = clinics.get(event.clinic_id or 0, "")
        lines.append(Line(event.at, who, clinic, event.get_action_display(), event.patient_label, event.what))
    return lines


def of_clinic(clinic_id: int) -> QuerySet[AuditEvent]:
    return audit.of_clinic(clinic_id)
