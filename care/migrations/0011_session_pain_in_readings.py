"""The sessions' pain before and after now live in PainReading (moved by 0010)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("care", "0010_move_pain_into_readings")]

    operations = [
        migrations.RemoveConstraint(model_name="session", name="pain_before_0_to_10"),
        migrations.RemoveConstraint(model_name="session", name="pain_after_0_to_10"),
        migrations.RemoveField(model_name="session", name="pain_after"),
        migrations.RemoveField(model_name="session", name="pain_before"),
    ]
