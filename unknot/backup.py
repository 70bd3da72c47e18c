"""Backing up and restoring the database: SQLite through its online backup API (consistent while the app
runs, unlike a file copy), PostgreSQL through pg_dump and pg_restore."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """The backup or restore could not be made; the message says why."""


def _settings(alias: str = "default") -> dict:
    return connections[alias].settings_dict


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return str(found)


def _pg_args(db: dict) -> tuple[list[str], dict[str, str]]:
    args = ["--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _sqlite_copy(source_path: str | Path, target_path: str | Path) -> None:
    """SQLite's online backup API: a consistent copy even while the app writes (a file copy is not)."""
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def backup(path: Path, alias: str = "default") -> Path:
    """Writes a consistent copy of the database to `path` and returns it."""
    db = _settings(alias)
    path.parent.mkdir(parents=True, exist_ok=True)
    if db["ENGINE"].endswith("sqlite3"):
        _sqlite_copy(db["NAME"], path)
        return path
    args, env = _pg_args(db)
    result = subprocess.run(  # noqa: S603 - a fixed tool; the arguments come from settings
        [_pg_tool("pg_dump"), *args, "--format=custom", "--no-owner", f"--file={path}", db["NAME"]],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip())
    return path


def restore(path: Path, into: str | None = None, alias: str = "default") -> None:
    """Replaces a database's contents with a backup: the configured one, or `into` (a SQLite file path, or
    the name of an existing PostgreSQL database on the same server)."""
    if not path.exists():
        raise BackupError(f"no backup at {path}")
    db = _settings(alias)
    if db["ENGINE"].endswith("sqlite3"):
        _sqlite_copy(path, into or db["NAME"])
        return
    args, env = _pg_args(db)
    result = subprocess.run(  # noqa: S603 - a fixed tool; the arguments come from settings
        [_pg_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner", f"--dbname={into or db['NAME']}", path],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip())
