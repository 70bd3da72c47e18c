"""A signed-in person's pages kept in the shared cache (care.page_cache): never one person's page for another, an
edit shows on the next request, what must be new in each response is, and the queries stay the same whatever the
person's records."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from care import data_version
from care.models import PainReading, Profile
from care.quick_check import passed

PAGES = [
    "/home/",
    "/session/",
    "/session/quick/",
    "/session/now/?muscle=trapezius",
    "/progress/?period=1y",
    "/progress/?period=all",
    "/diary/",
    "/questionnaire/",
    "/questionnaire/new/",
    "/settings/",
    "/progress/pain.svg?period=1y",
    "/progress/sessions.svg?period=all",
    "/progress/areas.svg",
    "/questionnaire/scores.svg",
]


@pytest.fixture(autouse=True)
def _early_in_a_minute():
    """A kept page's key holds the minute: each test starts a second into one, with the clock running, so a
    page built and asked again within the test is never split across two minutes by chance."""
    now = datetime.now(tz=UTC)
    with time_machine.travel(now.replace(second=1, microsecond=0), tick=True):
        yield


def _cleared(client, person) -> None:
    """Signed in, past the safety check and the quick check, as before a session."""
    from care import safety
    from care.door import as_themselves

    client.force_login(person)
    safety.record(as_themselves(person), {}, datetime.now(tz=UTC))
    for name, morsel in passed(HttpResponse()).cookies.items():
        client.cookies[name] = morsel.value


@pytest.mark.parametrize("url", PAGES)
def test_each_page_takes_as_many_queries_for_two_years_as_for_a_new_person(client, patient, url, settings):
    from care.demo import make_demo

    settings.DEBUG = True
    demo, _password = make_demo(datetime.now(tz=UTC))
    counts = []
    for person in (patient, demo):
        _cleared(client, person)
        assert client.get(url).status_code == 200  # a first visit makes the person's settings
        cache.clear()  # built afresh, as after a write
        with CaptureQueriesContext(connection) as built:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as kept:
            assert client.get(url).status_code == 200
        counts.append((len(built), len(kept)))
    assert counts[0] == counts[1]
    assert counts[0][1] < counts[0][0]  # a kept page reads less than a built one


def test_a_routine_of_ones_own_takes_as_many_queries_for_two_years_as_for_a_new_person(client, patient, settings):
    from care.demo import make_demo
    from care.models import Routine, RoutineStep

    settings.DEBUG = True
    demo, _password = make_demo(datetime.now(tz=UTC))
    counts = []
    for person in (patient, demo):
        routine = Routine.objects.create(owner=person, name="Mine")
        for position, muscle in enumerate(["trapezius", "levator-scapulae"]):
            RoutineStep.objects.create(routine=routine, position=position, muscle=muscle, side="right", seconds=90)
        _cleared(client, person)
        url = f"/session/start/{routine.pk}/"
        assert client.get(url).status_code == 200
        cache.clear()
        with CaptureQueriesContext(connection) as built:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as kept:
            assert "levator" in client.get(url).content.decode()
        counts.append((len(built), len(kept)))
    assert counts[0] == counts[1]
    assert counts[0][1] < counts[0][0]


@pytest.mark.parametrize("url", PAGES)
def test_two_people_never_see_each_others_page(client, patient, other_patient, url):
    PainReading.objects.create(
        owner=patient, kind="diary", score=7, note="only-pats-note", recorded_at=datetime.now(UTC)
    )
    Profile.objects.update_or_create(user=other_patient, defaults={"time_zone": "Asia/Tokyo"})
    pages = {}
    for person in (patient, other_patient, patient, other_patient):  # the second round from the cache
        _cleared(client, person)
        pages.setdefault(person.username, []).append(client.get(url).content.decode())
    pat, ola = pages["pat"], pages["ola"]
    assert not any("only-pats-note" in page for page in ola)
    assert not any("ola@example.org" in page for page in pat)
    assert not any("pat@example.org" in page for page in ola)
    if url == "/diary/":
        assert all("only-pats-note" in page for page in pat)


def test_an_edit_shows_on_the_next_request(client, patient):
    _cleared(client, patient)
    assert "a-new-note" not in client.get("/diary/").content.decode()
    assert "a-new-note" not in client.get("/diary/").content.decode()  # kept
    PainReading.objects.create(owner=patient, kind="diary", score=3, note="a-new-note", recorded_at=datetime.now(UTC))
    assert "a-new-note" in client.get("/diary/").content.decode()
    # a write in bulk too
    patient.pain_readings.all().update(note="a-changed-note")
    assert "a-changed-note" in client.get("/diary/").content.decode()
    PainReading.objects.filter(owner=patient).delete()
    assert "a-changed-note" not in client.get("/diary/").content.decode()


def test_settings_saved_show_at_once_with_their_message_once(client, patient):
    _cleared(client, patient)
    page = client.get("/settings/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert not re.search(r'<option value="Asia/Tokyo" selected>', page)
    form = {
        "csrfmiddlewaretoken": token,
        "time_zone": "Asia/Tokyo",
        "end_signal": "both",
        "ready_seconds": "0",
        "reminder_time": "18:00",
    }
    assert client.post("/settings/", form).status_code == 302
    after = client.get("/settings/").content.decode()
    assert "Settings saved." in after
    assert re.search(r'<option value="Asia/Tokyo" selected>', after)
    assert "Settings saved." not in client.get("/settings/").content.decode()


def test_a_kept_page_gets_a_fresh_csrf_token_and_fresh_ids(client, patient):
    from django.middleware.csrf import _unmask_cipher_token

    _cleared(client, patient)
    first, second = (client.get("/session/").content.decode() for _ in range(2))
    ids = [re.search(r'name="session" value="([^"]+)"', page).group(1) for page in (first, second)]
    assert ids[0] != ids[1]  # two showings start two sessions
    keys = [
        re.search(r'name="form_key" value="([^"]+)"', client.get("/questionnaire/new/").content.decode()).group(1)
        for _ in range(2)
    ]
    assert keys[0] != keys[1]
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', p).group(1) for p in (first, second)]
    assert tokens[0] != tokens[1]
    secret = client.cookies["csrftoken"].value
    assert all(_unmask_cipher_token(token) == secret for token in tokens)


def test_a_kept_player_page_names_its_new_session_the_same_everywhere(client, patient):
    import json

    _cleared(client, patient)
    for _ in range(2):  # the first showing writes (what the person last opened), the second keeps the page
        client.get("/session/")
    with CaptureQueriesContext(connection) as queries:
        kept = client.get("/session/").content.decode()
    assert len(queries) < 10  # served from the cache, its holes filled
    data = json.loads(re.search(r'<script id="player-data"[^>]*>(.*?)</script>', kept, re.S).group(1))
    session_id = data["session_id"]
    assert data["api"]["events"] == f"/api/v1/sessions/{session_id}/events"
    assert data["api"]["finish"] == f"/api/v1/sessions/{session_id}/finish"
    assert re.search(r'name="session" value="([^"]+)"', kept).group(1) == session_id


def test_a_version_dropped_from_the_cache_never_serves_an_older_page(client, patient):
    _cleared(client, patient)
    client.get("/diary/")
    cache.delete(data_version.key(patient.pk))
    PainReading.objects.bulk_create(
        [PainReading(owner=patient, kind="diary", score=2, note="after-the-drop", recorded_at=datetime.now(UTC))]
    )
    cache.delete(data_version.key(patient.pk))
    assert "after-the-drop" in client.get("/diary/").content.decode()


def test_a_confirmed_address_shows_on_the_settings_page_at_once(client, patient):
    from allauth.account.models import EmailAddress

    _cleared(client, patient)
    before = _untokened(client.get("/settings/"))
    assert _untokened(client.get("/settings/")) == before  # kept
    address, _new = EmailAddress.objects.get_or_create(user=patient, email=patient.email)
    address.verified = not address.verified
    address.save()
    assert _untokened(client.get("/settings/")) != before


def test_home_follows_a_password_set_at_once(client, patient):
    _cleared(client, patient)
    patient.set_unusable_password()
    patient.save()
    client.force_login(patient)
    assert "Set a password" in client.get("/home/").content.decode()
    patient.set_password("a long new password 1")
    patient.save()
    client.force_login(patient)
    assert "Set a password" not in client.get("/home/").content.decode()


def _untokened(response) -> str:
    """The page without its CSRF tokens, which are masked afresh for every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.parametrize("url", ["/session/", "/settings/", "/diary/", "/progress/pain.svg?period=1y"])
def test_a_kept_page_sent_compressed_is_the_page_with_its_own_fresh_values(client, patient, url):
    import gzip

    from django.middleware.csrf import _unmask_cipher_token

    _cleared(client, patient)
    plain = client.get(url)  # built, then kept
    kept_plain = client.get(url)
    zipped = [client.get(url, HTTP_ACCEPT_ENCODING="gzip, br") for _ in range(2)]
    for response in zipped:
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert response["Content-Type"] == plain["Content-Type"]
    pages = [gzip.decompress(response.content).decode() for response in zipped]

    def same(page: str) -> str:  # what is new in each response left out
        page = re.sub(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])", "csrf", page)  # masked tokens
        page = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "id", page)
        return re.sub(r'"rendered_at": [0-9]+', "", page)

    assert same(pages[0]) == same(pages[1]) == same(kept_plain.content.decode()) == same(plain.content.decode())
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page) for page in pages]
    if url in ("/session/", "/settings/"):
        assert tokens[0] and tokens[0][0] != tokens[1][0]  # masked afresh
        secret = client.cookies["csrftoken"].value
        assert all(_unmask_cipher_token(token) == secret for found in tokens for token in found)
    if url == "/session/":
        ids = [re.search(r'name="session" value="([^"]+)"', page).group(1) for page in pages]
        assert ids[0] != ids[1]


def test_the_time_zone_and_a_clinic_role_are_read_from_the_cache_and_follow_a_change_at_once(client, patient):
    from django.utils import timezone

    from access.models import Clinic, Membership
    from care.middleware import PersonalTimeMiddleware, StaffTimeoutMiddleware

    def zone_now(request):
        return HttpResponse(f"{timezone.get_current_timezone_name()} {request.session.get_expiry_age()}")

    stack = PersonalTimeMiddleware(StaffTimeoutMiddleware(zone_now))
    _cleared(client, patient)

    def seen() -> str:
        from django.contrib.sessions.backends.db import SessionStore
        from django.test import RequestFactory

        request = RequestFactory().get("/")
        request.user = patient
        request.session = SessionStore()
        return stack(request).content.decode()

    Profile.objects.update_or_create(user=patient, defaults={"time_zone": "Europe/Lisbon"})
    assert seen() == f"Europe/Lisbon {24 * 3600}"
    with CaptureQueriesContext(connection) as queries:
        assert seen() == f"Europe/Lisbon {24 * 3600}"
    assert len(queries) == 1  # the shared cache alone: the version, these facts and the values pages ask for
    Profile.objects.filter(user=patient).update(time_zone="Asia/Tokyo")  # in bulk too
    assert seen().startswith("Asia/Tokyo ")
    clinic = Clinic.objects.create(name="Corner clinic")
    member = Membership.objects.create(clinic=clinic, person=patient, role=Membership.Role.PRACTITIONER)
    assert seen() == f"Asia/Tokyo {30 * 60}"  # a practitioner now: idles out after 30 minutes
    Membership.objects.filter(pk=member.pk).delete()
    assert seen() == f"Asia/Tokyo {24 * 3600}"


@time_machine.travel(datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC), tick=False)  # kept values change every minute
def test_a_request_that_writes_reads_its_own_write(client, patient, rf):
    """What was read ahead at the start of a request is not used once the request has written."""
    from care import page_cache
    from care.door import patient_for

    def request_ahead():
        request = rf.get("/")
        request.user = patient
        page_cache.read_ahead(request, patient_for(request), lambda: "facts")
        return request, patient_for(request)

    request, me = request_ahead()
    assert page_cache.remembered(request, me, "safety-need", lambda: "before") == "before"
    request, me = request_ahead()
    with CaptureQueriesContext(connection) as queries:
        assert page_cache.remembered(request, me, "safety-need", lambda: "again") == "before"  # read ahead
    assert len(queries) == 0
    PainReading.objects.create(owner=patient, kind="diary", score=3, recorded_at=datetime.now(UTC))
    assert page_cache.remembered(request, me, "safety-need", lambda: "after") == "after"
