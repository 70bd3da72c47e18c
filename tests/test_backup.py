"""The backup drill: back up a database with data in it, restore into a fresh one, and find every row."""

import sqlite3
import uuid

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)  # the backup reads committed data from its own connection


def tables() -> list[str]:
    return sorted({model._meta.db_table for model in apps.get_models()} | {"unknot_cache"})


def counts_here() -> dict[str, int]:
    with connection.cursor() as cursor:
        out = {}
        for table in tables():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - our own table names
            out[table] = cursor.fetchone()[0]
    return out


def test_a_backup_restores_into_a_fresh_database_with_every_row(cast, tmp_path):
    from django.core.cache import cache

    cache.set("drill", "kept")  # the shared cache's table comes along too
    before = counts_here()
    assert before["care_session"] and before["care_safetycheck"] and before["auth_user"] >= 3
    backup = tmp_path / "drill.backup"
    call_command("backup", str(backup))
    assert backup.stat().st_size > 0
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        fresh = tmp_path / "fresh.sqlite3"
        call_command("restore", str(backup), "--into", str(fresh))
        with sqlite3.connect(fresh) as restored:
            after = {t: restored.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables()}  # noqa: S608
    else:
        import psycopg

        name = f"drill_{uuid.uuid4().hex[:8]}"
        params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"] or None}
        with psycopg.connect(dbname=db["NAME"], autocommit=True, **params) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            call_command("restore", str(backup), "--into", name)
            with psycopg.connect(dbname=name, **params) as restored:
                after = {
                    t: restored.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # noqa: S608
                    for t in tables()
                }
        finally:
            with psycopg.connect(dbname=db["NAME"], autocommit=True, **params) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert after == before


def test_restore_refuses_a_missing_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no backup"):
        call_command("restore", str(tmp_path / "nothing"), "--yes")


def test_restore_asks_before_replacing_the_database(tmp_path, monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(tmp_path / "x"))


# ---- who can read a backup: its owner only, on both databases ------------------------------------------------


@pytest.fixture
def open_umask():
    """The usual umask (022), under which files come out 644 and folders 755 unless unknot says otherwise."""
    import os

    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path) -> int:
    return path.stat().st_mode & 0o777


def test_make_backup_writes_a_file_only_its_owner_can_read_in_a_folder_only_its_owner_can_open(
    open_umask, tmp_path, settings
):
    import io

    settings.BASE_DIR = tmp_path
    folder = tmp_path / "var" / "backups"
    folder.mkdir(parents=True, mode=0o755)  # left open by an older unknot
    out = io.StringIO()
    call_command("backup", stdout=out)
    written = list(folder.iterdir())
    assert len(written) == 1 and written[0].stat().st_size > 0
    assert out.getvalue().strip() == f"Backed up to {written[0]}"
    assert mode(written[0]) == 0o600
    assert mode(folder) == 0o700


def test_a_backup_to_a_new_folder_makes_it_private_and_replaces_an_open_file_with_a_private_one(open_umask, tmp_path):
    import io

    target = tmp_path / "new" / "deeper" / "drill.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700 and mode(target.parent.parent) == 0o700
    target.chmod(0o644)
    errors = io.StringIO()
    call_command("backup", str(target), stdout=io.StringIO(), stderr=errors)
    assert mode(target) == 0o600 and target.stat().st_size > 0
    assert errors.getvalue() == ""


def test_a_backup_into_a_folder_others_can_open_is_private_and_says_to_close_the_folder(open_umask, tmp_path):
    import io

    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    errors = io.StringIO()
    call_command("backup", str(folder / "drill.backup"), stdout=io.StringIO(), stderr=errors)
    assert mode(folder / "drill.backup") == 0o600
    assert mode(folder) == 0o755  # a folder the person chose is not changed behind their back
    assert f"chmod 700 {folder}" in errors.getvalue()


def test_a_backup_refuses_a_file_another_user_put_there(tmp_path):
    import io
    import os

    from django.core.management import CommandError

    if os.geteuid() != 0:
        pytest.skip("needs root to make a file belong to another user")
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o777)
    trap = folder / "drill.backup"
    trap.write_text("")
    os.chown(trap, 65534, 65534)  # nobody
    trap.chmod(0o666)
    with pytest.raises(CommandError, match="belongs to another user of this host"):
        call_command("backup", str(trap), stdout=io.StringIO())
    assert trap.stat().st_size == 0


def test_the_sqlite_databases_folder_is_closed_to_other_users():
    from django.conf import settings

    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("SQLite only")
    folder = settings.BASE_DIR / "var"
    assert mode(folder) == 0o700
