"""Account emails (verification codes, password resets) leave through the task queue, never while a page
is served: a slow or broken mail server then never slows or breaks sign-up, and a failed send is retried."""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

log = logging.getLogger(__name__)

ATTEMPTS = 6  # over about an hour: 2, 4, 8, 16 and 32 minutes apart


@task
def send_email(
    subject: str, body: str, to: list[str], from_email: str | None = None, html: str = "", attempt: int = 1
) -> None:
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        if attempt >= ATTEMPTS:
            log.exception("Giving up on an account email after %d attempts", attempt)
            raise
        log.warning("An account email failed (attempt %d); trying again later", attempt, exc_info=True)
        send_email.using(run_after=timezone.now() + timedelta(minutes=2**attempt)).enqueue(
            subject, body, to, from_email, html, attempt + 1
        )


def queue(message: EmailMessage) -> None:
    """Puts a rendered email on the queue (the worker, `manage.py db_worker`, sends it)."""
    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    send_email.enqueue(str(message.subject), str(message.body), list(message.to), message.from_email, html)
