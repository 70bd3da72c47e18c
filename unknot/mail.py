"""Account emails (verification codes, password resets) leave through the task queue, never while a page
is served: a slow or broken mail server then never slows or breaks sign-up, and a failed send is retried.

The task carries no secret: the message waits in a PendingMail row, the task holds only that row's id, and the
worker deletes the row once the mail has gone (or it gives up). A finished task keeps an id of a row that is
no longer there."""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

from unknot.models import PendingMail

log = logging.getLogger(__name__)

ATTEMPTS = 6  # over about an hour: 2, 4, 8, 16 and 32 minutes apart


@task
def send_email(mail_id: int, attempt: int = 1) -> None:
    pending = PendingMail.objects.filter(pk=mail_id).first()
    if pending is None:
        return  # already sent by an earlier run, or its person deleted their account
    message = EmailMultiAlternatives(pending.subject, pending.body, pending.from_email or None, pending.to)
    if pending.html:
        message.attach_alternative(pending.html, "text/html")
    try:
        message.send()
    except Exception:
        if attempt >= ATTEMPTS:
            log.exception("Giving up on an account email after %d attempts", attempt)
            pending.delete()
            raise
        log.warning("An account email failed (attempt %d); trying again later", attempt, exc_info=True)
        send_email.using(run_after=timezone.now() + timedelta(minutes=2**attempt)).enqueue(mail_id, attempt + 1)
    else:
        pending.delete()


def queue(message: EmailMessage) -> None:
    """Puts a rendered email on the queue (the worker, `manage.py task_worker`, sends it)."""
    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    pending = PendingMail.objects.create(
        subject=str(message.subject),
        body=str(message.body),
        html=html,
        to=list(message.to),
        from_email=message.from_email or "",
    )
    send_email.enqueue(pending.pk)
