"""The audit trail: who did what with whose record, written as it happens and never changed.

Rows name people and clinics by plain ids and a patient by the label their clinic gave ("patient N" when none),
never by an email address. `record` writes every row of one request in one query; `purge` is the only delete,
through the maintenance switch."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from access.models import AuditEvent, AuditMaintenance

Action = AuditEvent.Action


@dataclass(frozen=True)
class Shown:
    """A patient a request showed or acted on: their id and the name their clinic gave them there."""

    patient_id: int | None
    label: str
    clinic_id: int | None


def record(
    actor_id: int | None,
    action: str,
    shown: Iterable[Shown] = (),
    *,
    clinic_id: int | None = None,
    what: str = "",
    at: datetime | None = None,
) -> None:
    """One row per patient shown (or one row with no patient, in `clinic_id`), inserted in one query."""
    at = at or timezone.now()
    rows = [
        AuditEvent(
            at=at,
            actor_id=actor_id,
            action=action,
            what=what,
            patient_id=one.patient_id,
            patient_label=one.label or (f"patient {one.patient_id}" if one.patient_id else ""),
            clinic_id=one.clinic_id,
        )
        for one in shown
    ] or [AuditEvent(at=at, actor_id=actor_id, action=action, what=what, clinic_id=clinic_id)]
    AuditEvent.objects.bulk_create(rows)


def of_clinic(clinic_id: int) -> QuerySet[AuditEvent]:
    """The clinic's trail, newest first (the owner's page)."""
    return AuditEvent.objects.filter(clinic_id=clinic_id).order_by("-at", "-pk")


# What others did with a patient's record (the patient's "who opened my record").
OPENED = (Action.VIEW, Action.EXPORT, Action.PRINT, Action.ASSIGN)


def opened_record_of(patient_id: int) -> QuerySet[AuditEvent]:
    """Everyone else who opened, downloaded, printed or assigned to the patient's record, newest first."""
    return (
        AuditEvent.objects.filter(patient_id=patient_id, action__in=OPENED)
        .exclude(actor_id=patient_id)
        .order_by("-at", "-pk")
    )


def keep_for() -> timedelta:
    return timedelta(days=settings.AUDIT_KEEP_DAYS)


@contextmanager
def maintenance() -> Iterator[None]:
    """Deleting audit rows is allowed inside this block's transaction only (other connections never see the
    switch on: it is set and cleared in the same transaction)."""
    with transaction.atomic():
        AuditMaintenance.objects.update_or_create(pk=1, defaults={"is_on": True})
        yield
        AuditMaintenance.objects.filter(pk=1).update(is_on=False)


def purge(now: datetime) -> int:
    """Deletes the rows older than the retention period; the number deleted."""
    with maintenance():
        deleted, _by_model = AuditEvent.objects.filter(at__lt=now - keep_for()).delete()
    return deleted


# Signals: the clinic side's sign-ins and two-step sign-in changes, one row per clinic the person works in.
# Patients' own sign-ins are not a clinic's business and are not kept.


def _clinics_of(person_id: int) -> list[int]:
    from access.models import Membership

    return list(Membership.objects.filter(person_id=person_id).values_list("clinic_id", flat=True))


def _for_each_clinic(person_id: int, action: str, what: str = "") -> None:
    rows = [
        AuditEvent(at=timezone.now(), actor_id=person_id, action=action, what=what, clinic_id=clinic_id)
        for clinic_id in _clinics_of(person_id)
    ]
    if rows:
        AuditEvent.objects.bulk_create(rows)


def on_sign_in(sender: object, request: object, user: object, **kwargs: object) -> None:
    _for_each_clinic(user.pk, Action.SIGN_IN)  # type: ignore[attr-defined]


def on_sign_in_failed(sender: object, credentials: dict, request: object = None, **kwargs: object) -> None:
    """A failed sign-in of an existing member's account, by id (the sign-in throttle has already let it
    through); an unknown address leaves nothing. Past the account's hourly limit from all addresses the throttle
    still checks passwords from new addresses (unknot.accounts.proving_by_code): those leave nothing either, or
    strangers with many addresses could flood the clinic's trail with rows no one may delete."""
    from allauth.account.models import EmailAddress

    if getattr(request, "unknot_prove_by_code", False):
        return
    address = credentials.get("email") or credentials.get("username") or ""
    if not isinstance(address, str) or not address:
        return
    person_id = EmailAddress.objects.filter(email__iexact=address).values_list("user_id", flat=True).first()
    if person_id is not None:
        _for_each_clinic(person_id, Action.SIGN_IN_FAILED)


def on_authenticator_changed(sender: object, request: object = None, user: object = None, **kwargs: object) -> None:
    authenticator = kwargs.get("authenticator")
    person = user or getattr(authenticator, "user", None)
    if person is not None:
        kind = getattr(authenticator, "type", "") or ""
        _for_each_clinic(getattr(person, "pk", 0), Action.MFA_CHANGE, what=str(kind))
