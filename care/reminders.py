"""Email reminders on the due day, at the person's chosen local time, sent by a background task.

A unique row per (person, due date) proves a due session is reminded at most once, even if two workers run."""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from care.models import Profile, ReminderSent
from care.schedule import due

RUN_EVERY = timedelta(minutes=15)


def due_reminders(now: datetime) -> list[tuple]:
    """People to remind now: reminders on, a verified address, a session due today, their time reached."""
    out: list = []
    verified = EmailAddress.objects.filter(verified=True).values_list("user_id", flat=True)
    for profile in Profile.objects.filter(reminders=True, user_id__in=verified, user__is_active=True).select_related(
        "user"
    ):
        state = due(profile.user, now)
        if state.state not in {"due", "overdue"} or state.due_from is None:
            continue
        local_now = now.astimezone(profile.zone)
        due_day = state.due_from.astimezone(profile.zone).date()
        if local_now.date() < due_day or local_now.time() < profile.reminder_time:
            continue
        email = (
            EmailAddress.objects.filter(user=profile.user, verified=True, primary=True).first()
            or EmailAddress.objects.filter(user=profile.user, verified=True).first()
        )
        out.append((profile, email.email, due_day))
    return out


def send_due_reminders(now: datetime, base_url: str = "") -> int:
    sent = 0
    for profile, address, due_day in due_reminders(now):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(owner=profile.user, due_date=due_day)
        except IntegrityError:
            continue  # already reminded for this due session
        unsubscribe = base_url + reverse("care:unsubscribe", args=[profile.unsubscribe_token])
        send_mail(
            _("Your self-massage session is due"),
            _(
                "Hello,\n\nYour next self-massage session is due today. Start light, keep breathing, and no more "
                "than two minutes on each area.\n\nOpen unknot: %(home)s\n\nTo stop these reminders: %(unsubscribe)s\n"
            )
            % {"home": base_url + reverse("care:home"), "unsubscribe": unsubscribe},
            None,
            [address],
        )
        sent += 1
    return sent


def unsubscribe(token: str) -> bool:
    return Profile.objects.filter(unsubscribe_token=token).update(reminders=False) > 0


@task
def remind(base_url: str = "") -> int:
    """Sends the reminders that are due, then queues itself again (the queue has no periodic schedule)."""
    sent = send_due_reminders(timezone.now(), base_url)
    remind.using(run_after=timezone.now() + RUN_EVERY).enqueue(base_url)
    return sent


__all__ = ["remind", "send_due_reminders", "unsubscribe"]
