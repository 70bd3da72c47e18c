"""Mail tasks queued before PendingMail held the whole message (subject, body, recipients, html) in their
arguments, and kept it after sending. A task still waiting gets its message moved into a PendingMail row and
keeps only that row's id; every other mail task is blanked: no body, no recipients, no return value."""

from django.db import migrations

TASK = "unknot.mail.send_email"
BLANK = {"args": [], "kwargs": {}}


def old_message(args_kwargs):
    """(subject, body, to, from_email, html, attempt) from an old task's arguments, or None for a new one."""
    if not isinstance(args_kwargs, dict):
        return None
    args = list(args_kwargs.get("args") or [])
    kwargs = dict(args_kwargs.get("kwargs") or {})
    names = ["subject", "body", "to", "from_email", "html", "attempt"]
    values = dict(zip(names, args, strict=False)) | kwargs
    if not isinstance(values.get("body"), str):
        return None
    return values


def blank_mail_tasks(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    PendingMail = apps.get_model("unknot", "PendingMail")
    for row in DBTaskResult.objects.filter(task_path=TASK).iterator():
        values = old_message(row.args_kwargs)
        if values is None:
            continue
        if row.status == "READY":
            pending = PendingMail.objects.create(
                subject=str(values.get("subject") or ""),
                body=values["body"],
                html=str(values.get("html") or ""),
                to=list(values.get("to") or []),
                from_email=str(values.get("from_email") or ""),
            )
            row.args_kwargs = {"args": [pending.pk, int(values.get("attempt") or 1)], "kwargs": {}}
        else:
            row.args_kwargs = BLANK
        row.return_value = None
        row.save(update_fields=["args_kwargs", "return_value"])


class Migration(migrations.Migration):
    dependencies = [
        ("unknot", "0001_pending_mail"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(blank_mail_tasks, migrations.RunPython.noop)]
