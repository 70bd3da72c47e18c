"""Account mail waiting to be sent. The task on the queue holds nothing but this row's id, so a finished task row, a
backup of the task table or the admin never shows a message, and the row is deleted once the worker has sent the
mail (or given up). A reset mail waits without its link: the row names the account, and the worker makes the link
when it sends (`kind`). A code waits here until it is sent, useless without the browser session that asked for it
(whose key the database keeps only hashed)."""

from django.conf import settings
from django.db import models


class PendingMail(models.Model):
    RENDERED, RESET = "", "reset"
    KINDS = [(RENDERED, "rendered when queued"), (RESET, "password reset, its link made when sent")]

    subject = models.TextField()
    body = models.TextField()
    html = models.TextField(blank=True, default="")
    to = models.JSONField(default=list)
    from_email = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    # For a mail made when it is sent: what it is, whose account, and the language it was asked for in (its link
    # starts with SITE_URL).
    kind = models.CharField(max_length=20, choices=KINDS, blank=True, default=RENDERED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=20, blank=True, default="")

    def __str__(self) -> str:
        return f"mail {self.pk}"
