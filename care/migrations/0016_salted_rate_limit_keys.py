"""Rate-limit entries stored before their keys were salted (an unsalted SHA-256 of an email address, or a client
address in the clear) are removed: they count tries of at most the last hour, and would otherwise stay in the
cache table, expired, long after the account they name is deleted."""

from django.db import migrations


def drop_unsalted_rate_limits(apps, schema_editor):
    from django.conf import settings

    for cache in settings.CACHES.values():
        if cache["BACKEND"].endswith("DatabaseCache"):
            table = schema_editor.quote_name(cache["LOCATION"])
            # the table's name comes from settings, quoted; the pattern is a parameter
            schema_editor.execute(f"DELETE FROM {table} WHERE cache_key LIKE %s", [r"%:allauth:rl:%"])  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("care", "0015_profile_country")]

    operations = [migrations.RunPython(drop_unsalted_rate_limits, migrations.RunPython.noop)]
