"""Two (or more) devices saving the same session at once lose nothing and double nothing.

Separate processes post to a live server; on SQLite the test database is a file, so WAL and locking are real."""

import json
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.test import Client

from care.door import as_themselves
from care.models import Session, StepEvent

WORKERS = 4
EVENTS = 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_from_four_processes_keep_every_event_once(live_server, patient):
    from django.utils import timezone

    from care import safety

    safety.record(as_themselves(patient), {}, timezone.now())  # sessions start only after a clear safety check
    client = Client()
    client.force_login(patient)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    session_id = str(uuid.uuid4())
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.race_client", live_server.url, cookie, session_id, f"w{n}", str(EVENTS)],
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    results = [worker.communicate(timeout=120) for worker in workers]
    for worker, (out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err[-2000:]
        assert all(status in {200, 201} for status in json.loads(out))
    assert Session.objects.filter(pk=session_id).count() == 1
    shared = EVENTS // 2
    own = (EVENTS - shared) * WORKERS
    assert StepEvent.objects.filter(session_id=session_id).count() == shared + own
    starts = [json.loads(out)[0] for out, _ in results]
    assert starts.count(201) == 1  # exactly one request created the session; the others found it
