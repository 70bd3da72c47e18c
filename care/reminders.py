"""Email reminders on the due day, at the person's chosen local time.

`send_due_reminders` is one sweep; `manage.py send_reminders --loop` runs it every few minutes under the
same supervisor as the web server. A sweep claims each (person, due day) row before sending and marks it
sent afterwards, so:
- two senders at once never send the same reminder twice (the unique row decides who holds the claim);
- one person's failed mail releases only that claim and the sweep goes on to everyone else;
- a sender killed mid-run leaves claims that are taken over after CLAIM_TIMEOUT, so no reminder is lost.
A sender killed after the mail left but before it was marked sent sends that one reminder again later.

The sweep reads and claims in a fixed number of queries (SWEEP_QUERIES) whatever the number of people,
plus one query per mail to mark it sent.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from care import door
from care.models import ReminderSent
from care.schedule import annotate_due, due_moment, interval

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=15)
RUN_EVERY = timedelta(minutes=5)
SWEEP_QUERIES = 4  # the people due, the claims made, stale claims taken over, the claims held


@dataclass(frozen=True)
class DueReminder:
    user_id: int
    address: str
    due_day: date
    unsubscribe_token: str


def due_reminders(now: datetime) -> list[DueReminder]:
    """People to remind now, in one query: reminders on, a verified address, a session due, their time reached."""
    address = (
        EmailAddress.objects.filter(user=OuterRef("user_id"), verified=True).order_by("-primary", "pk").values("email")
    )[:1]
    rows = (
        annotate_due(door.everyone_with_reminders(), person="user_id", with_profile=False)
        .annotate(address=Subquery(address))
        .filter(last_session_at__isnull=False, address__isnull=False)
        .only("user_id", "time_zone", "reminder_time", "unsubscribe_token")
    )
    due: list[DueReminder] = []
    for row in rows:
        # the same moment home and the calendar feed show (schedule.due_moment)
        due_from = due_moment(row.last_session_at, row.zone, row.reminder_time, interval(row.due_interval))
        if now >= due_from:
            due.append(DueReminder(row.user_id, row.address, due_from.date(), row.unsubscribe_token))
    return due


def _claim(reminders: list[DueReminder], now: datetime) -> list[DueReminder]:
    """Claims the reminders no other sender holds or has sent; returns the ones this sweep now holds."""
    if not reminders:
        return []
    token = uuid.uuid4().hex
    ReminderSent.objects.bulk_create(
        [ReminderSent(owner_id=r.user_id, due_date=r.due_day, claim=token, claimed_at=now) for r in reminders],
        ignore_conflicts=True,
    )
    # A claim never marked sent (a sender died, or its mail failed to go) is taken over after the timeout.
    ReminderSent.objects.filter(
        owner_id__in=[r.user_id for r in reminders], sent_at__isnull=True, claimed_at__lt=now - CLAIM_TIMEOUT
    ).update(claim=token, claimed_at=now)
    held = set(ReminderSent.objects.filter(claim=token, sent_at__isnull=True).values_list("owner_id", "due_date"))
    return [r for r in reminders if (r.user_id, r.due_day) in held]


def _send(reminder: DueReminder) -> None:
    site = settings.SITE_URL.rstrip("/")
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Your self-massage session is due"),
        _(
            "Hello,\n\nYour next self-massage session is due today. Start light, keep breathing, and no more "
            "than two minutes on each area.\n\nOpen unknot: %(home)s\n\nTo stop these reminders: %(unsubscribe)s\n\n"
            "unknot: self-care for neck and upper-back pain\n"
        )
        % {
            "home": site + reverse("care:home"),
            "unsubscribe": site + reverse("care:unsubscribe", args=[reminder.unsubscribe_token]),
        },
        None,
        [reminder.address],
    )


def send_due_reminders(now: datetime) -> int:
    """One sweep: claims, sends and marks each due reminder; a failed mail is released for the next sweep."""
    sent = 0
    for reminder in _claim(due_reminders(now), now):
        row = ReminderSent.objects.filter(owner_id=reminder.user_id, due_date=reminder.due_day, sent_at__isnull=True)
        try:
            _send(reminder)
        except Exception:  # one person's mail must never stop the others
            log.exception("Reminder to user %s failed; it will be retried", reminder.user_id)
            row.update(claimed_at=now - CLAIM_TIMEOUT - timedelta(seconds=1))  # free for the next sweep
            continue
        row.update(sent_at=now)
        sent += 1
    return sent


def has_verified_address(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def confirm_address(request: HttpRequest) -> str | None:
    """Sends the person the code that confirms their address, the way allauth's own email page does (its rate
    limit applies); returns the address, or None when there is none."""

    user = request.user
    address = EmailAddress.objects.filter(user=user).order_by("-primary", "pk").first()
    if address is None:
        return None
    send_verification_email_to_address(request, address)
    return address.email


def unsubscribe(token: str) -> bool:
    return door.stop_reminders_by_token(token)


__all__ = ["RUN_EVERY", "confirm_address", "has_verified_address", "send_due_reminders", "unsubscribe"]
