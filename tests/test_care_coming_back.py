"""Coming back: reminders and the calendar offered in one tap after a first session, the time zone confirmed
from the device in one tap, and the calendar link easy to add."""

import uuid

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from care import recording, routines, safety
from care.door import as_themselves
from care.models import Profile
from tests.conftest import run_queued_tasks


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient)
    return client


def finish_a_session(person):
    safety.record(as_themselves(person), {}, timezone.now())
    session, _ = recording.start(as_themselves(person), uuid.uuid4(), routines.handout_plan()[:1], 5, timezone.now())
    recording.finish(as_themselves(session.owner), session, 3, 90, timezone.now())


def test_reminders_are_not_offered_before_a_first_session(signed_in):
    assert "Email me when it is due" not in signed_in.get("/home/").content.decode()


def test_after_a_first_session_home_offers_a_reminder_and_the_calendar(signed_in, patient):
    finish_a_session(patient)
    page = signed_in.get("/home/").content.decode()
    assert "Email me when it is due" in page
    assert f'href="webcal://testserver/calendar/{as_themselves(patient).profile().calendar_token}.ics"' in page


def test_one_tap_turns_reminders_on_for_a_confirmed_address(signed_in, patient):
    finish_a_session(patient)
    response = signed_in.post("/settings/reminders/on/", {"next": "/home/"}, follow=True)
    assert as_themselves(patient).profile().reminders is True
    assert "Reminders are on. We will email you on the day a session is due, at 18:00." in response.content.decode()
    assert "Email me when it is due" not in response.content.decode()
    assert mail.outbox == []


def test_with_an_unconfirmed_address_the_same_tap_sends_the_confirmation_and_says_so(signed_in, patient):
    EmailAddress.objects.filter(user=patient).update(verified=False)
    response = signed_in.post("/settings/reminders/on/", {"next": "/home/"}, follow=True)
    assert Profile.objects.get(user=patient).reminders is True  # sent only once the address is confirmed
    page = response.content.decode()
    assert "We have sent a code to pat@example.org" in page and 'name="code"' in page
    run_queued_tasks()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["pat@example.org"]
    code = next(word for word in mail.outbox[0].body.split() if word.isdigit() and len(word) == 6)
    signed_in.post("/accounts/confirm-email/", {"code": code})
    assert EmailAddress.objects.get(user=patient).verified


def test_with_no_address_at_all_it_asks_for_one(signed_in, patient):
    EmailAddress.objects.filter(user=patient).delete()
    response = signed_in.post("/settings/reminders/on/")
    assert response.status_code == 302 and response.url == "/accounts/email/"
    assert mail.outbox == []


def test_a_one_tap_form_never_sends_the_person_elsewhere(signed_in):
    response = signed_in.post("/settings/reminders/on/", {"next": "https://evil.example/"})
    assert response.url == "/home/"


def test_the_time_zone_is_kept_in_one_tap(signed_in, patient):
    response = signed_in.post("/settings/time-zone/", {"time_zone": "Europe/Paris", "next": "/home/"})
    assert response.status_code == 302 and response.url == "/home/"
    assert as_themselves(patient).profile().time_zone == "Europe/Paris"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "US/Eastern"])
def test_an_unknown_time_zone_changes_nothing(signed_in, patient, zone):
    response = signed_in.post("/settings/time-zone/", {"time_zone": zone}, follow=True)
    assert as_themselves(patient).profile().time_zone == "UTC"
    assert "We don&#x27;t know that time zone" in response.content.decode()


def test_home_offers_the_devices_time_zone_until_one_is_set(signed_in, patient):
    assert "data-zone-confirm" in signed_in.get("/home/").content.decode()
    Profile.objects.filter(user=patient).update(time_zone="Europe/Paris")
    assert "data-zone-confirm" not in signed_in.get("/home/").content.decode()


def test_settings_group_time_zones_by_region_and_name_them_by_city(signed_in):
    page = signed_in.get("/settings/").content.decode()
    assert '<optgroup label="Europe">' in page
    assert '<option value="America/Argentina/Buenos_Aires">Argentina – Buenos Aires</option>' in page
    assert 'value="US/Eastern"' not in page


def test_settings_give_the_calendar_as_a_subscription_link_and_a_field_to_copy(signed_in, patient):
    page = signed_in.get("/settings/").content.decode()
    token = as_themselves(patient).profile().calendar_token
    assert f'href="webcal://testserver/calendar/{token}.ics"' in page
    assert f'value="http://testserver/calendar/{token}.ics"' in page and "data-copy" in page
    assert "Google Calendar" in page


def test_the_end_of_a_session_books_the_next_one_with_the_reminder_ticked(signed_in, patient):
    safety.record(as_themselves(patient), {}, timezone.now())
    page = signed_in.get("/session/").content.decode()
    assert "Yes, book it" in page and 'name="remind" checked' in page
    assert "Email me when it is due" not in page  # the booking replaces the separate offer
