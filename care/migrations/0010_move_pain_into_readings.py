"""The sessions' pain before and after move into PainReading (and back, if this is undone)."""

from django.db import migrations


def move_pain_into_readings(apps, schema_editor):
    Session = apps.get_model("care", "Session")
    PainReading = apps.get_model("care", "PainReading")
    rows = []
    for session in Session.objects.exclude(pain_before=None, pain_after=None).iterator(chunk_size=2000):
        if session.pain_before is not None:
            rows.append(
                PainReading(
                    owner_id=session.owner_id,
                    session_id=session.pk,
                    kind="before",
                    score=session.pain_before,
                    recorded_at=session.started_at,
                )
            )
        if session.pain_after is not None:
            rows.append(
                PainReading(
                    owner_id=session.owner_id,
                    session_id=session.pk,
                    kind="after",
                    score=session.pain_after,
                    recorded_at=session.finished_at or session.started_at,
                )
            )
        if len(rows) >= 2000:
            PainReading.objects.bulk_create(rows)
            rows = []
    PainReading.objects.bulk_create(rows)


def move_pain_back(apps, schema_editor):
    Session = apps.get_model("care", "Session")
    PainReading = apps.get_model("care", "PainReading")
    for reading in PainReading.objects.exclude(session=None).iterator(chunk_size=2000):
        Session.objects.filter(pk=reading.session_id).update(**{f"pain_{reading.kind}": reading.score})


class Migration(migrations.Migration):
    dependencies = [("care", "0009_pain_readings")]

    operations = [migrations.RunPython(move_pain_into_readings, move_pain_back)]
