"""The shared cast and tools of the suite: people of each kind, and a real chromium for browser tests."""

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.conf import settings

# Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def patient(db):
    from tests.factories import PatientFactory

    return PatientFactory(username="pat", email="pat@example.org")


@pytest.fixture
def staff(db):
    from tests.factories import StaffFactory

    return StaffFactory(username="sam", email="sam@example.org")


def run_queued_tasks() -> None:
    """What the background worker (db_worker) does, inside the test's transaction: runs every task due now."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    while True:
        due = [
            row
            for row in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at")
            if row.task.run_after is None or row.task.run_after <= timezone.now()
        ]
        if not due:
            return
        for row in due:
            row.claim("test-worker")
            try:
                row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
            except Exception as error:
                row.set_failed(error)
            else:
                row.set_successful(None)


def reset_path(body: str) -> str:
    """The path of the reset link in a mail's body, which starts with SITE_URL (the test client asks for the path)."""
    import re

    return re.search(re.escape(settings.SITE_URL) + r"(/accounts/password/reset/key/\S+/)", body).group(1)


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import caches

    for name in ("pages", "default"):
        try:
            caches[name].clear()
        except Exception:  # the shared cache lives in the database: tests without one have nothing to clear
            if name == "pages":
                raise
    yield
    caches["pages"].clear()


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """A browser page that records console errors, CSP violations and requests to other hosts."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_host = urlsplit(base_url).netloc
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self._on_request)

    def _on_request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != self.base_host:
            self.foreign.append(request.url)

    def assert_clean(self) -> None:
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh phone-sized page on the live server, watched for errors and foreign requests."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    watch = PageWatch(page, live_server.url)
    yield watch
    context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Runs axe-core in the page under its real CSP and returns the violations of the given impacts."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results.response["violations"]
        if v["impact"] in impacts
    ]


@pytest.fixture
def other_patient(db):
    from tests.factories import PatientFactory

    return PatientFactory(username="ola", email="ola@example.org")


@pytest.fixture
def cast(patient, other_patient, staff):
    """Everyone of tests/cast.py by role, with records of their own (the same people as the fixtures)."""
    from tests.cast import build_cast

    return build_cast()


@pytest.fixture(autouse=True)
def audit_rows_leave_with_the_test(request):
    """A transactional test ends with a flush (DELETE FROM on SQLite, TRUNCATE on PostgreSQL) that the audit
    table's triggers refuse: teardown turns the maintenance switch on and empties the table first, as only it
    and the retention command may. The flush then clears the switch too."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from access.models import AuditEvent, AuditMaintenance

    AuditMaintenance.objects.update_or_create(pk=1, defaults={"is_on": True})
    AuditEvent.objects.all().delete()
