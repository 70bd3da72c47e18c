"""Account mail waiting to be sent. A reset link or a sign-up code lives only here, and only until the worker has
sent it (or given up): the task on the queue holds nothing but this row's id, so a finished task row, a backup
of the task table or the admin never shows a message."""

from django.db import models


class PendingMail(models.Model):
    subject = models.TextField()
    body = models.TextField()
    html = models.TextField(blank=True, default="")
    to = models.JSONField(default=list)
    from_email = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"mail {self.pk}"
