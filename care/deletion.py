"""Deleting an account leaves nothing of the person: their records (sessions, steps, pain readings and diary,
safety answers, routines, settings with the calendar and reminder tokens, reminders sent, form keys), allauth's
email addresses and confirmations, every server session they signed in with, queued mail that holds their
address, and the sign-in limits kept for their addresses. Everything but the last three goes with the person's
row (on_delete=CASCADE)."""

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session as ServerSessionRow
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from care import data_version
from care.models import ServerSession
from clinic import patient_invitations
from unknot import limits
from unknot.models import PendingMail
from unknot.sessions import stored_key


def record_sign_in(request: HttpRequest, user: User) -> None:
    """Remembers the session a person signed in with (user_logged_in)."""
    key = request.session.session_key
    if key:  # kept as the session table keeps it: a hash, never the cookie itself
        ServerSession.objects.get_or_create(session_key=stored_key(key), defaults={"owner": user})


def address_forms(address: str) -> set[str]:
    """An address as it may be written: lowercase, with its domain in Unicode and in punycode."""
    local, _at, domain = address.strip().lower().rpartition("@")
    forms = {f"{local}@{domain}"}
    try:
        forms.add(f"{local}@{domain.encode('idna').decode('ascii')}")
        forms.add(f"{local}@{domain.encode('ascii').decode('idna')}")
    except UnicodeError:
        pass  # not a name IDNA can write; the lowercase form is enough
    return forms


def recipients(to: Any) -> set[str]:
    """The addresses a waiting mail (unknot.models.PendingMail.to) goes to."""
    if not isinstance(to, list):
        return set()
    return {form for address in to if isinstance(address, str) for form in address_forms(address)}


def signed_in_sessions(user: User) -> list[str]:
    """Every live server session of the person: those recorded at sign-in, and any whose key changed since
    (a password change gives a session a new key), found by reading the sessions themselves."""
    keys = set(ServerSession.objects.filter(owner=user).values_list("session_key", flat=True))
    for row in ServerSessionRow.objects.filter(expire_date__gt=timezone.now()).iterator():
        if row.get_decoded().get("_auth_user_id") == str(user.pk):
            keys.add(row.session_key)
    return list(keys)


def delete_account(user: User) -> None:

    addresses = {
        form
        for address in [*EmailAddress.objects.filter(user=user).values_list("email", flat=True), user.email]
        if address
        for form in address_forms(address)
    }
    keys = signed_in_sessions(user)
    with transaction.atomic():
        ServerSessionRow.objects.filter(session_key__in=keys).delete()
        # mail to the person still waiting to be sent (its task holds only the row's id, and then finds
        # nothing); an exact match of recipients, so no one else's mail goes with it
        holding = [row.pk for row in PendingMail.objects.only("id", "to").iterator() if recipients(row.to) & addresses]
        PendingMail.objects.filter(pk__in=holding).delete()
        # sign-in limits keyed on the person's addresses (stored as HMACs, found by recomputing them)
        limits.forget(addresses)
        person_id = user.pk
        # each clinic the person shared with keeps the name it gave and "account deleted", nothing more
        patient_invitations.accounts_deleted(user, timezone.now())
        user.delete()
    # the version of the person's records (care.data_version): nothing of theirs is cached any more
    data_version.forget(person_id)
