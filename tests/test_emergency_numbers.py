"""The numbers to call: a person's own country's (from Settings, else the time zone), every one for a guest."""

import pytest

from care.door import as_themselves
from care.models import Profile
from clinical.emergency import country_of_zone, numbers_for

EVERY = "999 (UK), 112 (EU), 911 (US and Canada) or your local emergency number"
HEART_MARKS = "?region=chest:left&region=upper-arm-front:left"


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("Europe/London", "GB"),
        ("Europe/Paris", "FR"),
        ("Europe/Dublin", "IE"),
        ("America/Toronto", "CA"),
        ("America/Chicago", "US"),
        ("Asia/Tokyo", "JP"),
        ("UTC", None),
        ("", None),
    ],
)
def test_a_time_zone_gives_its_country(zone, country):
    assert country_of_zone(zone) == country


@pytest.mark.parametrize(
    ("country", "numbers", "words"),
    [
        ("GB", ["999", "111"], "999"),
        ("FR", ["112"], "112"),
        ("EU", ["112"], "112"),
        ("US", ["911"], "911"),
        ("CA", ["911"], "911"),
    ],
)
def test_a_known_country_gets_its_own_numbers(country, numbers, words):
    found = numbers_for(country)
    assert [line.number for line in found.lines] == numbers and found.words == words and found.known


@pytest.mark.parametrize("country", [None, "JP", "XX"])
def test_an_unknown_country_gets_every_number_emergency_first(country):
    found = numbers_for(country)
    assert [line.number for line in found.lines] == ["999", "112", "911", "111"]
    assert [line.kind for line in found.lines] == ["emergency"] * 3 + ["urgent"]
    assert found.words == EVERY and not found.known


def test_every_number_cites_a_source(client):
    page = client.get("/safety/").content.decode()
    for key in ("nhs-111", "ec-112", "cherokee-county-911", "gnb-911"):
        assert f"#source-{key}" in page
    assert 'href="tel:111"' in page


def test_a_guest_sees_every_number_in_the_finder_warning(client):
    page = client.get(f"/find/{HEART_MARKS}").content.decode()
    assert f"Call {EVERY} if this is happening now" in page
    assert page.index('href="tel:999"') < page.index('href="tel:112"') < page.index('href="tel:911"')
    assert page.index('href="tel:911"') < page.index('href="tel:111"')


def set_place(user, zone: str, country: str = "") -> None:
    Profile.objects.filter(pk=as_themselves(user).profile().pk).update(time_zone=zone, country=country)


def test_a_signed_in_person_sees_their_time_zones_number_everywhere(client, patient):
    client.get(f"/find/{HEART_MARKS}")  # a guest's answer is in the fragment cache first
    set_place(patient, "Europe/London")
    client.force_login(patient)
    finder = client.get(f"/find/{HEART_MARKS}").content.decode()
    assert "Call 999 if this is happening now" in finder and EVERY not in finder
    assert "call 999 now and do not massage" in finder.lower()
    guide = client.get("/safety/").content.decode()
    assert "Call 999 if you have any of these" in guide and EVERY not in guide
    assert 'href="tel:111"' in guide and 'href="tel:112"' not in guide


def test_the_settings_choice_wins_over_the_time_zone(client, patient):
    set_place(patient, "Europe/London", "US")
    client.force_login(patient)
    page = client.get("/safety/").content.decode()
    assert "Call 911 if you have any of these" in page and 'href="tel:999"' not in page


def test_somewhere_else_in_settings_shows_every_number(client, patient):
    set_place(patient, "Europe/London", "XX")
    client.force_login(patient)
    assert f"Call {EVERY} if you have any of these" in client.get("/safety/").content.decode()


def test_utc_is_not_a_country_so_every_number_is_shown(client, patient):
    set_place(patient, "UTC")
    client.force_login(patient)
    assert f"Call {EVERY} if you have any of these" in client.get("/safety/").content.decode()


def test_settings_keep_the_chosen_country(client, patient):
    client.force_login(patient)
    data = {
        "time_zone": "Europe/Lisbon",
        "country": "GB",
        "end_signal": "both",
        "ready_seconds": "0",
        "reminder_time": "18:00",
    }
    client.post("/settings/", data)
    assert as_themselves(patient).profile().country == "GB"
    page = client.get("/settings/").content.decode()
    assert "In an emergency we tell you to call 999." in page
    assert client.post("/settings/", {**data, "country": "ZZ"}).status_code == 400


def test_the_emergency_result_of_the_check_names_the_persons_number(client, patient):
    from tests.test_care_safety import EMERGENCY, answers

    set_place(patient, "America/New_York")
    client.force_login(patient)
    page = client.post("/safety-check/", answers(yes=[EMERGENCY]), follow=True).content.decode()
    assert "Call 911 now. Do not self-massage." in page and "{emergency}" not in page


def test_the_player_says_whom_to_call(client, patient):
    from django.utils import timezone

    from care import safety

    set_place(patient, "Europe/Berlin")
    safety.record(as_themselves(patient), {}, timezone.now())
    client.force_login(patient)
    page = client.get("/session/").content.decode()
    assert "Stop at once and call 112 if you get chest pain" in page


def test_the_finder_api_fills_the_number_and_keeps_a_persons_answer_private(client, patient):
    guest = client.get(f"/api/v1/finder{HEART_MARKS}")
    assert EVERY in guest.json()["warnings"][0]["text"] and "public" in guest["Cache-Control"]
    set_place(patient, "Europe/London")
    client.force_login(patient)
    mine = client.get(f"/api/v1/finder{HEART_MARKS}")
    text = mine.json()["warnings"][0]["text"]
    assert "Call 999 now" in text and "{emergency}" not in text
    assert "private" in mine["Cache-Control"] and "public" not in mine["Cache-Control"]


def test_a_muscle_caution_names_every_number_for_a_guest(client):
    page = client.get("/atlas/serratus-anterior/").content.decode()
    assert "{emergency}" not in page
    assert "999 (UK), 112 (EU), 911 (US and Canada) or your local emergency number now" in page


def test_a_muscle_caution_in_the_api_names_every_number(client):
    cautions = client.get("/api/v1/muscles/masseter").json()["cautions"]
    assert any(
        "999 (UK), 112 (EU), 911 (US and Canada) or your local emergency number now" in c["text"] for c in cautions
    )
    assert not any("{emergency}" in c["text"] for c in cautions)


def test_a_caution_with_a_bare_number_fails_the_content_check(tmp_path):
    import shutil

    from django.conf import settings
    from django.core.management import CommandError, call_command

    copy = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, copy)
    path = copy / "muscles" / "masseter.toml"
    path.write_text(path.read_text().replace("Call {emergency} now", "Call 999 now"))
    with pytest.raises(CommandError, match=r"masseter.toml: cautions\[\d\]: say \{emergency\}"):
        call_command("content", "check", "--dir", str(copy))


def test_a_muscle_caution_names_a_signed_in_persons_own_number(client, patient):
    client.get("/atlas/serratus-anterior/")  # a guest's page is in the fragment cache first
    set_place(patient, "Europe/London")
    client.force_login(patient)
    page = client.get("/atlas/serratus-anterior/").content.decode()
    assert "Call 999 now and do not massage" in page and EVERY not in page
