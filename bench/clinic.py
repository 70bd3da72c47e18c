"""The clinic's pages on the demo clinic (manage.py demo --clinic): the owner's dashboard with 50 patients against
500 in one run (the same queries; the time within 3 times), the page before an appointment of a patient with two
years of history against one with two weeks (the same queries), and one patient's FHIR export. Each page is
asked through Django's own request handling in production mode, signed in as the owner with the second factor."""

import json
import statistics
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SMALL, LARGE = 50, 500
TIME_BUDGET = 3.0  # the dashboard of 500 patients may take at most this many times that of 50
ROUNDS = 5


def _client(owner: object) -> object:
    import time

    from allauth.mfa.models import Authenticator
    from django.test import Client

    client = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(owner)
    session = client.session
    app = Authenticator.objects.get(user=owner, type=Authenticator.Type.TOTP)
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time(), "type": "totp", "id": app.pk}]
    session["account_authentication_methods_user"] = str(owner.pk)  # type: ignore[attr-defined]
    session.save()
    return client


def _ask(client: object, path: str) -> dict:
    """The median time of ROUNDS requests after one to warm up, the queries of one, and the size."""
    import time

    from django.db import connection

    first = client.get(path)  # type: ignore[attr-defined]
    if first.status_code != 200:
        raise SystemExit(f"{path} answered {first.status_code} to the demo clinic's owner")
    queries: list[str] = []  # counted by a wrapper: the request's start clears Django's own query log

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)  # type: ignore[attr-defined]
    times = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(path)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
    return {"ms": 1000 * statistics.median(times), "queries": len(queries), "kb": len(response.content) / 1024}


def measure() -> dict:
    """Run inside Django (see run())."""
    from django.db.models import Min
    from django.urls import reverse
    from django.utils import timezone

    from access.models import CareLink, Membership
    from care.demo_clinic import make_demo_clinic

    now = timezone.now()
    figures: dict = {}
    for count in (SMALL, LARGE):
        made = make_demo_clinic(now, count)
        owner = Membership.objects.get(clinic=made.clinic, role=Membership.Role.OWNER).person
        client = _client(owner)
        figures[f"dashboard {count}"] = _ask(client, reverse("care:patients"))
    shared = CareLink.objects.filter(clinic=made.clinic, consented_at__isnull=False, withdrawn_at__isnull=True)
    began = shared.annotate(first=Min("patient__care_sessions__started_at")).filter(first__isnull=False)
    longest = began.order_by("first").first()
    newest = began.filter(first__gte=now - timedelta(days=15)).order_by("first").first()
    for name, link in (("two years", longest), ("two weeks", newest)):
        if link is None:
            raise SystemExit(f"the demo clinic has no patient with {name} of history")
        figures[f"before {name}"] = _ask(client, reverse("care:before", args=[link.pk]))
        figures[f"before {name}"]["days"] = (now - link.first).days  # type: ignore[attr-defined]
    figures["fhir"] = _ask(client, reverse("care:patient_fhir", args=[longest.pk]))  # type: ignore[union-attr]
    return figures


def run(env: dict[str, str]) -> tuple[dict, list[str]]:
    """The figures, measured in a process of its own on the bench's database, and any over budget."""
    code = (
        "import os, json, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'unknot.settings'); django.setup();"
        "from bench.clinic import measure; print(json.dumps(measure()))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    small, large = figures[f"dashboard {SMALL}"], figures[f"dashboard {LARGE}"]
    failures = []
    if large["queries"] != small["queries"]:
        failures.append(
            f"the dashboard takes {large['queries']} queries for {LARGE} patients, {small['queries']} for {SMALL}"
        )
    if large["ms"] > TIME_BUDGET * small["ms"]:
        failures.append(f"the dashboard of {LARGE} patients takes {large['ms'] / small['ms']:.1f} x that of {SMALL}")
    long, short = figures["before two years"], figures["before two weeks"]
    if long["queries"] != short["queries"]:
        failures.append(
            f"the page before an appointment takes {long['queries']} queries for two years, {short['queries']} for two weeks"
        )
    return figures, failures


def report(figures: dict) -> None:
    small, large = figures[f"dashboard {SMALL}"], figures[f"dashboard {LARGE}"]
    print(
        f"clinic dashboard (owner): {SMALL} patients {small['ms']:.0f} ms, {small['queries']} queries; "
        f"{LARGE} patients {large['ms']:.0f} ms, {large['queries']} queries ({large['ms'] / small['ms']:.1f} x; "
        f"budget {TIME_BUDGET:.0f} x and the same queries)"
    )
    for name in ("two years", "two weeks"):
        one = figures[f"before {name}"]
        print(
            f"before the appointment, {one['days']} days of history: {one['ms']:.0f} ms, {one['queries']} queries, "
            f"{one['kb']:.1f} KB of HTML"
        )
    fhir = figures["fhir"]
    print(f"FHIR export of the two-year patient: {fhir['ms']:.0f} ms, {fhir['queries']} queries, {fhir['kb']:.0f} KB")
