"""Backing up and restoring the database: SQLite through its online backup API (consistent while the app
runs, unlike a file copy), PostgreSQL through pg_dump and pg_restore.

A backup holds health data, password hashes and deleted accounts until it is rotated: it is created readable by
its owner only (mode 600) in a folder only its owner can open (700), on both databases."""

import os
import shutil
import sqlite3
import stat
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


FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(folder: Path) -> None:
    """Creates the folder and each missing parent with mode 700, and closes an existing folder to 700."""
    missing = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    for parent in reversed(missing):  # pathlib would make missing parents with the default mode
        parent.mkdir(mode=FOLDER_MODE, exist_ok=True)
    folder.chmod(FOLDER_MODE)


def open_to_others(folder: Path) -> bool:
    """Whether other users of the host may list or open what is in the folder."""
    return bool(folder.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def _private_file(path: Path) -> None:
    """Creates (or empties) the backup's file as mode 600 before anything is written into it: the copy and
    pg_dump write into a file nobody else could open at any moment, whatever the umask."""
    if not path.parent.exists():
        private_folder(path.parent)
    # No O_TRUNC before the owner is known, and no following a link: a file someone else put there (in a folder
    # others may write to) would keep its owner, who could read the dump whatever its mode.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
    try:
        if os.fstat(descriptor).st_uid != os.geteuid():
            raise BackupError(f"{path} belongs to another user of this host: choose a new file name")
        os.ftruncate(descriptor, 0)
        os.fchmod(descriptor, FILE_MODE)  # a file that was already there keeps its old mode otherwise
    finally:
        os.close(descriptor)


def backup(path: Path, alias: str = "default") -> Path:
    """Writes a consistent copy of the database to `path` (mode 600; a missing folder is made 700) and
    returns it."""
    db = _settings(alias)
    _private_file(path)
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
