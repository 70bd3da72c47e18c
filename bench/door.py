"""What the door to a person's records costs in queries, on the demo patient's two years: the person's own
progress against a carer's read of the same (the door may add at most two queries, whatever the records)."""

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOOR_BUDGET = 2  # queries the door may add to a page


def measure() -> dict[str, int]:
    """Run inside Django (see run()): queries for the demo patient's progress, as themselves and as a carer."""
    import time

    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.base import SessionBase
    from django.db import connection, transaction
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from access.models import CareLink, Clinic, Membership
    from care import door, progress, questionnaire

    person = get_user_model().objects.get(email="demo@example.com")
    with transaction.atomic():  # the carer and their clinic exist only for the measurement
        carer = get_user_model().objects.create_user("bench-carer", "bench-carer@example.com")
        clinic = Clinic.objects.create(name="Bench clinic")
        Membership.objects.create(clinic=clinic, person=carer, role=Membership.Role.PRACTITIONER)
        CareLink.objects.create(clinic=clinic, patient=person, practitioner=carer, consented_at=timezone.now())

        def queries(viewer: object) -> tuple[int, int]:
            request = RequestFactory().get("/")
            request.user = viewer
            # a carer reaches the records only from a sign-in confirmed with the second factor (allauth's records)
            request.session = SessionBase()
            request.session["account_authentication_methods"] = [{"method": "mfa", "at": time.time(), "type": "totp"}]
            request.session["account_authentication_methods_user"] = str(viewer.pk)
            now = timezone.now()
            with CaptureQueriesContext(connection) as opening:
                patient = door.patient_for(request, person.pk)
            with CaptureQueriesContext(connection) as reading:
                progress.summary(patient, now, 365)
                progress.then_and_now(patient, now, 365)
                progress.pain_over_time(patient, now - timedelta(days=365), now)
                progress.areas_worked(patient, now - timedelta(days=365), now)
                questionnaire.history(patient)
            return len(opening), len(reading)

        own_door, own = queries(person)
        carer_door, carers = queries(carer)
        transaction.set_rollback(True)
    return {"own_door": own_door, "own": own, "carer_door": carer_door, "carer": carers}


def run(env: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """The figures, measured in a process of its own on the bench's database, and any over budget."""
    code = (
        "import os, json, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'unknot.settings'); django.setup();"
        "from bench.door import measure; print(json.dumps(measure()))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    failures = []
    if figures["carer_door"] - figures["own_door"] > DOOR_BUDGET:
        failures.append(f"the door costs a carer {figures['carer_door']} queries (at most {DOOR_BUDGET} more)")
    if figures["carer"] != figures["own"]:
        failures.append(
            f"a carer's read of progress takes {figures['carer']} queries, the person's own {figures['own']}"
        )
    return figures, failures


def report(figures: dict[str, int]) -> None:
    print(
        f"door (demo patient's progress over a year): the person {figures['own_door']} + {figures['own']} queries, "
        f"a carer {figures['carer_door']} + {figures['carer']} (the door, then the records)"
    )
