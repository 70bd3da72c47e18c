"""Account emails (verification codes, password resets) leave through the task queue, never while a page
is served: a slow or broken mail server then never slows or breaks sign-up, and a failed send is retried.

The task carries no secret: the message waits in a PendingMail row, the task holds only that row's id, and the
worker deletes the row once the mail has gone (or it gives up). A finished task keeps an id of a row that is
no longer there. A reset mail waits without its link: the worker makes the link, and the message, in memory as
it sends, so no row ever holds a link that sets a password (queue_reset)."""

import logging
import time
from datetime import timedelta
from urllib.parse import quote

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation

from unknot.models import PendingMail

RESET_TEMPLATE = "account/email/password_reset_key"

log = logging.getLogger(__name__)

ATTEMPTS = 6  # over about an hour: 2, 4, 8, 16 and 32 minutes apart


@task
def send_email(mail_id: int, attempt: int = 1) -> None:
    pending = PendingMail.objects.filter(pk=mail_id).first()
    if pending is None:
        return  # already sent by an earlier run, or its person deleted their account
    try:
        outgoing(pending).send()
    except Exception:
        if attempt >= ATTEMPTS:
            log.exception("Giving up on an account email after %d attempts", attempt)
            pending.delete()
            raise
        log.warning("An account email failed (attempt %d); trying again later", attempt, exc_info=True)
        send_email.using(run_after=timezone.now() + timedelta(minutes=2**attempt)).enqueue(mail_id, attempt + 1)
    else:
        pending.delete()


def outgoing(pending: PendingMail) -> EmailMessage:
    """The mail a row stands for; a reset mail made now, with a link that works for PASSWORD_RESET_TIMEOUT from
    now."""
    if pending.kind == PendingMail.RESET and pending.user is not None:
        return reset_message(pending.user, pending.to[0], pending.language)
    rendered = EmailMultiAlternatives(pending.subject, pending.body, pending.from_email or None, pending.to)
    if pending.html:
        rendered.attach_alternative(pending.html, "text/html")
    return rendered


def reset_message(user: AbstractBaseUser, email: str, language: str) -> EmailMessage:
    """allauth's reset mail, with a link made as allauth makes it (its token generator, its URL), on SITE_URL (never
    on the host a request came in by)."""
    token = account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    key = f"{user_pk_to_url_str(user)}-{token}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    context = {
        "user": user,
        "email": email,
        "password_reset_url": settings.SITE_URL + path.replace("UID-KEY", quote(key)),
        "uid": user_pk_to_url_str(user),
        "key": token,
    }
    with translation.override(language or None):
        return get_adapter().render_mail(RESET_TEMPLATE, email, context)


def queue_reset(user: AbstractBaseUser, email: str) -> None:
    """Puts a reset mail on the queue without its link: the worker makes it when it sends."""
    pending = PendingMail.objects.create(
        subject="",
        body="",
        to=[email],
        kind=PendingMail.RESET,
        user_id=user.pk,
        language=translation.get_language() or "",
    )
    send_email.enqueue(pending.pk)


@task
def send_within_limit(mail_id: int, until: float) -> None:
    """Sends a mail counted in its address's share of mail (unknot.accounts.ADDRESS_LIMITS) when the share has room:
    while strangers keep it used up the mail waits (a new task for the moment a place frees), and it is dropped at
    `until`, when what it says is no longer so."""
    from unknot import accounts

    pending = PendingMail.objects.filter(pk=mail_id).first()
    if pending is None:
        return  # its person deleted their account
    if time.time() >= until:
        pending.delete()
        return
    wait = accounts.mail_room(pending.to[0])
    if wait:
        send_within_limit.using(run_after=timezone.now() + timedelta(seconds=wait)).enqueue(mail_id, until)
        return
    send_email.call(mail_id)


def queue_within_limit(message: EmailMessage, until: float) -> None:
    """Puts a mail with nothing secret in it on the queue, to go within its address's share of mail before
    `until` (`send_within_limit`)."""
    send_within_limit.enqueue(_pending(message).pk, until)


def queue(message: EmailMessage) -> None:
    """Puts a rendered email on the queue (the worker, `manage.py task_worker`, sends it)."""
    send_email.enqueue(_pending(message).pk)


def _pending(message: EmailMessage) -> PendingMail:
    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    return PendingMail.objects.create(
        subject=str(message.subject),
        body=str(message.body),
        html=html,
        to=list(message.to),
        from_email=message.from_email or "",
    )
