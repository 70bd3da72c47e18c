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
