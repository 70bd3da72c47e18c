"""The health check tells the truth about writes; storage errors answer 503 everywhere."""

from unittest import mock

import pytest
from django.db.utils import OperationalError

from care.door import as_themselves
from unknot import storage


@pytest.fixture(autouse=True)
def fresh_heartbeat():
    storage._last_heartbeat = 0.0


def test_health_check_reports_a_reachable_writable_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_fails_when_the_database_is_unreachable(client, db):
    with mock.patch("unknot.storage.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_health_check_fails_on_a_full_disk(client, db):
    with mock.patch("unknot.storage.cache.set", side_effect=OperationalError("database or disk is full")):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "disk full"


def test_health_check_fails_when_sqlite_free_space_runs_out(client, db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("free space is checked where SQLite keeps its file")
    with mock.patch("unknot.storage.shutil.disk_usage", return_value=mock.Mock(free=1024)):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "disk full"


def test_health_check_writes_at_most_every_30_seconds(client, db):
    with mock.patch("unknot.storage.cache.set") as heartbeat:
        for _ in range(5):
            assert client.get("/healthz").status_code == 200
    assert heartbeat.call_count == 1


def test_a_write_on_a_full_disk_answers_503_and_says_nothing_changed(client, patient):
    client.force_login(patient)
    with mock.patch("care.views.safety_check.safety.record", side_effect=OperationalError("database or disk is full")):
        data = {"screen": "2", "none": "yes"}  # both screens: none of these apply
        response = client.post("/safety-check/", data)
    assert response.status_code == 503 and response["Retry-After"] == "120"
    assert "Nothing you sent was changed" in response.content.decode()


def test_an_api_write_on_a_read_only_database_answers_503(client, patient):
    from django.utils import timezone

    from care import safety

    safety.record(as_themselves(patient), {}, timezone.now())
    client.force_login(patient)
    with mock.patch("care.recording.start", side_effect=OperationalError("attempt to write a readonly database")):
        response = client.post(
            "/api/v1/sessions",
            {"id": "0b6f3c2e-7d0a-4c55-9a5e-6d1a1b2c3d4e", "pain_before": 4, "steps": []},
            content_type="application/json",
        )
    assert response.status_code == 503 and "Nothing was changed" in response.json()["detail"]
