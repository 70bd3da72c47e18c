"""Pain readings, one table. The next migration moves the sessions' pain into it and the one after drops the old
columns: each in a transaction of its own, as PostgreSQL will not alter a table with pending foreign-key checks."""

import uuid

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0008_stopped_early"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PainReading",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, primary_key=True, serialize=False)),
                ("recorded_at", models.DateTimeField()),
                ("score", models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(10)])),
                (
                    "kind",
                    models.CharField(
                        choices=[("before", "Before a session"), ("after", "After a session"), ("diary", "Pain diary")],
                        max_length=10,
                    ),
                ),
                ("marks", models.JSONField(blank=True, default=list)),
                (
                    "worse",
                    models.JSONField(
                        blank=True, default=list, help_text="What made it worse: ids of care.diary.WORSE."
                    ),
                ),
                ("note", models.TextField(blank=True, max_length=500)),
            ],
            options={
                "ordering": ["-recorded_at"],
            },
        ),
        migrations.AddField(
            model_name="painreading",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="pain_readings", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="painreading",
            name="session",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="pain_readings",
                to="care.session",
            ),
        ),
        migrations.AddIndex(
            model_name="painreading",
            index=models.Index(fields=["owner", "recorded_at"], name="pain_reading_owner_time"),
        ),
        migrations.AddConstraint(
            model_name="painreading",
            constraint=models.CheckConstraint(condition=models.Q(("score__lte", 10)), name="pain_reading_0_to_10"),
        ),
        migrations.AddConstraint(
            model_name="painreading",
            constraint=models.UniqueConstraint(
                condition=models.Q(("session__isnull", False)),
                fields=("session", "kind"),
                name="one_reading_per_session_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="painreading",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "diary"), ("session__isnull", True)),
                    models.Q(models.Q(("kind", "diary"), _negated=True), ("session__isnull", False)),
                    _connector="OR",
                ),
                name="pain_reading_kind_matches_session",
            ),
        ),
    ]
