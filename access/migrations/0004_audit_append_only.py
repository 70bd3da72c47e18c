"""Audit rows cannot be changed or deleted by anyone, the app's own code and raw SQL included, unless the
maintenance switch (access_auditmaintenance, one row) is on: only the retention command and the test suite's
teardown turn it on."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON access_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON access_auditevent
    WHEN NOT EXISTS (SELECT 1 FROM access_auditmaintenance WHERE is_on)
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_UNDO = ["DROP TRIGGER audit_event_no_update", "DROP TRIGGER audit_event_no_delete"]

POSTGRESQL = [
    """CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'UPDATE' AND EXISTS (SELECT 1 FROM access_auditmaintenance WHERE is_on) THEN
            RETURN CASE WHEN TG_LEVEL = 'ROW' THEN OLD ELSE NULL END;
        END IF;
        RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'integrity_constraint_violation';
    END $$""",
    """CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON access_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON access_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
]
POSTGRESQL_UNDO = [
    "DROP TRIGGER audit_event_no_truncate ON access_auditevent",
    "DROP TRIGGER audit_event_no_change ON access_auditevent",
    "DROP FUNCTION audit_event_append_only()",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("access", "0003_patient_joining")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRESQL_UNDO}),
        )
    ]
