"""Deleting an account leaves nothing of the person: their records (sessions, steps, pain readings and diary,
safety answers, routines, settings with the calendar and reminder tokens, reminders sent, form keys), allauth's
email addresses and confirmations, every server session they signed in with, and queued mail that holds their
address. Everything but the last two goes with the person's row (on_delete=CASCADE)."""

import json

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session as ServerSessionRow
from django.db import transaction
from django.http import HttpRequest

from care.models import ServerSession


def record_sign_in(request: HttpRequest, user: User) -> None:
    """Remembers the session a person signed in with (user_logged_in)."""
    key = request.session.session_key
    if key:
        ServerSession.objects.get_or_create(session_key=key, defaults={"owner": user})


def delete_account(user: User) -> None:
    from allauth.account.models import EmailAddress
    from django_tasks_db.models import DBTaskResult

    addresses = {a.lower() for a in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    if user.email:
        addresses.add(user.email.lower())
    keys = list(ServerSession.objects.filter(owner=user).values_list("session_key", flat=True))
    with transaction.atomic():
        ServerSessionRow.objects.filter(session_key__in=keys).delete()
        # queued or finished mail tasks that carry the address (the mail itself is in their arguments)
        holding = [
            row.pk
            for row in DBTaskResult.objects.only("id", "args_kwargs").iterator()
            if any(address in json.dumps(row.args_kwargs).lower() for address in addresses)
        ]
        DBTaskResult.objects.filter(pk__in=holding).delete()
        user.delete()
