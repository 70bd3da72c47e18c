"""Closes two ways round the append-only triggers of 0004.

SQLite: `INSERT OR REPLACE` (and `REPLACE`) deletes a row with the same id without firing delete triggers, so it
could rewrite an audit row; an insert with the id of an existing row is now refused.

PostgreSQL: the trigger function named the maintenance switch's table unqualified, and a session's temporary
tables come first on the search path, so a temporary `access_auditmaintenance` with is_on true turned the switch
on for that session; the function now searches only the schema it was made in (then pg_temp, last)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON access_auditevent
    WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM access_auditevent WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_UNDO = ["DROP TRIGGER audit_event_no_replace"]

POSTGRESQL = [
    """DO $$ BEGIN
        EXECUTE 'ALTER FUNCTION audit_event_append_only() SET search_path = '
            || quote_ident(current_schema()) || ', pg_temp';
    END $$""",
]
POSTGRESQL_UNDO = ["ALTER FUNCTION audit_event_append_only() RESET search_path"]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("access", "0004_audit_append_only")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRESQL_UNDO}),
        )
    ]
