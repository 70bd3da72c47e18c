"""What makes unknot work without a connection, as the server serves it: the service worker at /sw.js (never
stored by a cache, its caches named by the release), the offline page, an installable manifest, a CSP that lets
the worker run and nothing third-party, and saves made on the phone by one person never kept under another's
sign-in."""

import json
import re
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from care.models import Session
from care.offline import HEADER, person_key
from guide import offline

pytestmark = pytest.mark.django_db


def worker(client: Client) -> str:
    response = client.get("/sw.js")
    assert response.status_code == 200
    return response.content.decode()


def test_the_worker_is_served_from_the_root_and_checked_on_every_visit(client):
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"


def test_the_worker_precaches_the_offline_page_the_guide_and_the_player(client):
    source = worker(client)
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", source).group(1))
    assert precache == offline.precache()
    for url in ("/offline/", "/", "/safety/", "/find/", "/static/js/player.js", "/static/js/offline/queue_store.js"):
        assert url in precache
    assert all(Client().get(url).status_code == 200 for url in precache)


def test_the_caches_are_named_by_the_release(client):
    release = re.search(r'const RELEASE = "([^"]+)";', worker(client)).group(1)
    assert release == offline.release() and release.startswith(offline.content_version() + "-")


def test_the_release_is_the_same_with_debug_on_or_off():
    from tests.test_production import run_manage

    code = "from guide import offline; print(offline.release())"
    releases = {debug: run_manage("shell", "-c", code, DEBUG=debug) for debug in ("true", "false")}
    assert all(result.returncode == 0 for result in releases.values()), releases["false"].stderr
    assert releases["true"].stdout.split()[-1] == releases["false"].stdout.split()[-1] == offline.release()


def test_no_third_party_url_in_the_worker_or_the_manifest(client):
    texts = [worker(client), client.get(reverse("guide:manifest")).content.decode()]
    for text in texts:
        assert not re.search(r"https?://", text), "a third-party URL"


def test_the_manifest_is_installable_with_an_id_and_a_scope(client):
    manifest = client.get(reverse("guide:manifest")).json()
    assert (manifest["id"], manifest["scope"], manifest["start_url"]) == ("/", "/", "/")
    assert manifest["name"] == "unknot" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes


def test_the_csp_lets_only_the_sites_own_worker_run(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "worker-src 'self'" in policy


def test_the_offline_page_says_what_works_offline_and_is_public(client):
    response = client.get(reverse("guide:offline"))
    assert "public" in response["Cache-Control"]
    page = response.content.decode()
    assert "No connection right now" in page and "pain diary" in page


def test_signing_out_clears_the_browsers_caches(client, patient):
    client.force_login(patient)
    response = client.post(reverse("account_logout"))
    assert response["Clear-Site-Data"] == '"cache"'
    assert response.cookies[settings.SAFETY_COOKIE_NAME].value == ""  # the safety answers go too


def test_a_signed_in_page_carries_the_persons_key_not_their_id(client, patient):
    client.force_login(patient)
    page = client.get(reverse("care:home")).content.decode()
    key = person_key(patient)
    assert f'data-person="{key}"' in page and str(patient.pk) != key
    assert "data-person" not in Client().get("/").content.decode()


def start(client: Client, person: str | None):
    body = {"id": str(uuid.uuid4()), "pain_before": 3, "steps": [{"muscle": "trapezius", "side": "left"}]}
    headers = {HEADER: person} if person is not None else {}
    return client.post("/api/v1/sessions", body, content_type="application/json", headers=headers)


def test_a_save_made_by_someone_else_on_this_phone_is_refused_and_waits(client, patient, other_patient):
    from tests.safety_answers import answers

    client.force_login(patient)
    client.post(reverse("care:safety_check"), answers())
    refused = start(client, person_key(other_patient))
    assert refused.status_code == 409 and refused.json()["code"] == "not_this_person"
    assert not Session.objects.exists()
    assert start(client, person_key(patient)).status_code == 201
    assert start(client, None).status_code == 201  # an older page, without the key: the signed-in person's


def test_someone_elses_waiting_step_is_refused_before_the_session_is_looked_up(client, patient, other_patient):
    client.force_login(patient)
    url = f"/api/v1/sessions/{uuid.uuid4()}/events"
    body = {"id": str(uuid.uuid4()), "step": 0, "kind": "done", "seconds": 30}
    response = client.post(url, body, content_type="application/json", headers={HEADER: person_key(other_patient)})
    assert response.status_code == 409  # a 404 would make the phone drop it for good


# ---- a diary entry written offline, sent later ---------------------------------------------------------------------


def diary_entry(client: Client, entry_id: str, **fields):
    from django.utils import timezone

    body = {"id": entry_id, "score": 4, "when": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), **fields}
    return client.post("/api/v1/diary", body, content_type="application/json")


def test_an_offline_diary_entry_sent_twice_is_kept_once(client, patient):
    from care.models import PainReading

    client.force_login(patient)
    entry_id = str(uuid.uuid4())
    first = diary_entry(client, entry_id, region=["temple:left"], worse=["turning"], note="after the drive")
    assert first.status_code == 201
    assert diary_entry(client, entry_id).status_code == 200
    entry = PainReading.objects.get(pk=entry_id)
    assert (entry.owner, entry.kind, entry.score, entry.marks, entry.worse) == (
        patient,
        "diary",
        4,
        ["temple:left"],
        ["turning"],
    )


def test_an_offline_diary_entry_is_checked_like_the_diary_page(client, patient):
    from care.models import PainReading

    client.force_login(patient)
    response = diary_entry(client, str(uuid.uuid4()), score=11, region=["nowhere:left"])
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "Choose how much it hurts, from 0 to 10." in fields["score"] and "region" in fields
    assert not PainReading.objects.filter(kind="diary").exists()


def test_someone_elses_diary_id_is_not_found_and_someone_elses_entry_waits(client, patient, other_patient):
    client.force_login(other_patient)
    entry_id = str(uuid.uuid4())
    assert diary_entry(client, entry_id).status_code == 201
    client.force_login(patient)
    assert diary_entry(client, entry_id).status_code == 404
    waiting = client.post(
        "/api/v1/diary",
        {"id": str(uuid.uuid4()), "score": 3, "when": "2026-12-01T10:00"},
        content_type="application/json",
        headers={HEADER: person_key(other_patient)},
    )
    assert waiting.status_code == 409


def player_data(response) -> dict:
    page = response.content.decode()
    return json.loads(
        re.search(r'<script id="player-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    )


def test_a_session_page_kept_for_offline_is_made_without_the_quick_question_and_asks_it_itself(client, patient):
    import time_machine
    from django.utils import timezone

    from care import safety
    from care.door import as_themselves

    safety.record(as_themselves(patient), {}, timezone.now() - timezone.timedelta(days=1))
    client.force_login(patient)
    assert client.get("/session/")["Location"].startswith("/safety-check/quick/")  # a visit asks first
    kept = client.get("/session/", headers={"X-Unknot-Keep": "1"})
    assert kept.status_code == 200 and player_data(kept)["ask_quick"] is True
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=2)):
        again = player_data(client.get("/session/", headers={"X-Unknot-Keep": "1"}))  # from the page cache
    first = player_data(kept)
    assert again["rendered_at"] > first["rendered_at"] and again["session_id"] != first["session_id"]


def test_a_copy_kept_for_offline_leaves_the_persons_messages_for_their_next_page(client, patient):
    from django.contrib.messages import get_messages  # noqa: F401  (the storage the views use)

    client.force_login(patient)
    client.post(reverse("care:set_time_zone"), {"time_zone": "Asia/Tokyo"})
    client.get(reverse("care:diary_new"), headers={"X-Unknot-Keep": "1"})  # the worker, keeping a copy
    page = client.get(reverse("care:home")).content.decode()
    assert "Time zone set: Asia/Tokyo." in page
