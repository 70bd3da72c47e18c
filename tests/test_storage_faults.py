"""When storage fails, everyone gets 503 and "nothing was changed", never 500: a full disk and a read-only
volume on SQLite, a stopped or restarting server on PostgreSQL, for a visitor and for a signed-in person,
on pages and on the API. The failures are real (a small disk filled up, a volume remounted read-only, the
server stopped), under gunicorn as in production: the session then fails to load before any view runs."""

import json
import os
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.servers import Browser, Postgres, Sink, Site, request

pytestmark = pytest.mark.django_db(transaction=True)  # the servers use a database of their own

PASSWORD = "a long enough passphrase"
SAFETY_ANSWERS = {"screen": "2", "none": "yes"}  # both screens of the check: none of these apply


@pytest.fixture
def mail_sink():
    sink = Sink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    yield sink
    sink.shutdown()
    sink.server_close()


@pytest.fixture
def small_disk(tmp_path):
    """A 100 MB disk (more than the health check keeps free) of its own (tmpfs), for SQLite to fill up or to find read-only."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("SQLite's own disk")
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=100m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("mounting a small disk needs root")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def signed_in(site: Site, port: int) -> Browser:
    site.shell(
        "from django.contrib.auth import get_user_model; from allauth.account.models import EmailAddress;"
        f"u = get_user_model().objects.create_user('pat', 'pat@example.org', {PASSWORD!r});"
        "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True);"
        "from care import safety; from care.door import as_themselves; from django.utils import timezone; safety.record(as_themselves(u), {}, timezone.now()); print(u.pk)"
    )
    person = Browser()
    status, _, _ = person.post_form(port, "/accounts/login/", {"login": "pat@example.org", "password": PASSWORD})
    assert status == 302
    assert person.get(port, "/home/")[0] == 200
    return person


def with_csrf_token(person: Browser, port: int, path: str, fields: dict[str, str]) -> dict[str, str]:
    """What a form posts, its token read from the page while the database still worked."""
    import re

    page = person.get(port, path)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return {"csrfmiddlewaretoken": token, **fields}


class People:
    """A signed-in person with the safety check's form in hand, and a visitor with the sign-in form."""

    def __init__(self, site: Site, port: int) -> None:
        self.person = signed_in(site, port)
        self.form = with_csrf_token(self.person, port, "/safety-check/", SAFETY_ANSWERS)
        self.visitor = Browser()
        fields = {"login": "pat@example.org", "password": "x"}
        self.sign_in = with_csrf_token(self.visitor, port, "/accounts/login/", fields)


def post(person: Browser, port: int, path: str, fields: dict[str, str]):
    from urllib.parse import urlencode

    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": person.cookie_header(),
        "Referer": "https://127.0.0.1/",
        "Origin": "https://127.0.0.1",
        "Host": "127.0.0.1",
    }
    status, data, response_headers = request(port, "POST", path, urlencode(fields), headers)
    return status, data.decode(), response_headers


def assert_nothing_was_changed(status: int, page: str, headers) -> None:
    assert status == 503, page[:500]
    assert headers["Retry-After"] == "120"
    assert "Nothing you sent was changed" in page


def assert_everyone_gets_503(port: int, people: People, reads_work: bool) -> None:
    person, form = people.person, people.form
    # Signed in: a page (the session loads before the view: on a full disk reading still works) and a form
    # that writes.
    if reads_work:
        assert person.get(port, "/home/")[0] == 200
    else:
        assert_nothing_was_changed(*person.get(port, "/home/"))
    assert_nothing_was_changed(*post(person, port, "/safety-check/", form))
    # Signed in, on the API: JSON.
    steps = [{"muscle": "trapezius", "side": "left", "seconds": 60}]
    session = {"id": str(uuid.uuid4()), "pain_before": 5, "steps": steps}
    status, body = person.post_json(port, "/api/v1/sessions", session)
    assert status == 503 and "Nothing was changed" in json.loads(body)["detail"]
    # A visitor signing in (a write: the attempt is counted, a session made).
    assert_nothing_was_changed(*post(people.visitor, port, "/accounts/login/", people.sign_in))
    if not reads_work:
        status, body, headers = request(port, "GET", "/api/v1/routines", headers={"Cookie": person.cookie_header()})
        assert status == 503 and headers["Retry-After"] == "120"
        assert "Nothing was changed" in json.loads(body)["detail"]


def fill(disk: Path) -> None:
    """Fills the disk to the last byte."""
    descriptor = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 20, 4096, 1):
            try:
                while os.write(descriptor, b"\0" * size):
                    pass
            except OSError:
                pass
    finally:
        os.close(descriptor)


def test_a_full_disk_gives_everyone_503_not_500_on_sqlite(small_disk, mail_sink):
    import sqlite3

    site = Site(small_disk, mail_sink.port)
    try:
        port = site.serve(workers=1)
        people = People(site, port)
        # Everything written so far moves into the database file; the next write must grow a file.
        with sqlite3.connect(small_disk / "site.sqlite3") as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        fill(small_disk)
        assert_everyone_gets_503(port, people, reads_work=True)
    finally:
        site.close()


def test_a_read_only_volume_gives_everyone_503_not_500_on_sqlite(small_disk, mail_sink):
    site = Site(small_disk, mail_sink.port)
    try:
        port = site.serve(workers=1)
        people = People(site, port)
        site.close()  # a volume with files open for writing cannot be remounted read-only
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
        site.processes = []
        port = site.serve(workers=1, healthy=False)
        status, body, _ = request(port, "GET", "/healthz")
        assert status == 503 and json.loads(body)["database"] != "ok"
        assert_everyone_gets_503(port, people, reads_work=False)
    finally:
        site.close()


@pytest.fixture
def postgres():
    server = Postgres.available()
    if server is None:
        pytest.skip("needs a PostgreSQL this machine can stop and start (scripts/with-postgres)")
    yield server
    from django.db import connections

    if not server.running():
        server.start()
    connections.close_all()  # the test's own connection went with the server


def eventually(check, seconds: float = 30):
    """Polls until check() holds (a bounded wait for other processes, not a timer)."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.1)


def test_a_stopped_or_restarting_postgresql_gives_everyone_503_not_500(postgres, mail_sink, tmp_path):
    site = Site(tmp_path, mail_sink.port)
    try:
        port = site.serve(workers=2)
        people = People(site, port)

        postgres.stop()
        assert_everyone_gets_503(port, people, reads_work=False)

        # Back again: the same people carry on, on connections made afresh.
        postgres.start()
        person = people.person
        assert eventually(lambda: person.get(port, "/home/")[0] == 200)
        assert post(person, port, "/safety-check/", people.form)[0] == 302

        # A restart between two requests: the broken connections answer 503 or are replaced, never 500.
        postgres.restart()
        statuses = [person.get(port, "/home/")[0] for _ in range(4)]
        assert set(statuses) <= {200, 503}, statuses
        assert eventually(lambda: person.get(port, "/home/")[0] == 200)
    finally:
        site.close()
