"""Coming back, in chromium at 390 px: the device's time zone kept in one tap, reminders offered after a first
session in one tap, the calendar link copied with one tap."""

import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from care import recording, routines, safety
from care.door import as_themselves
from tests.conftest import PageWatch, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium, live_server, cast):
    """A signed-in patient's phone, in Tokyo, allowed to use the clipboard."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, timezone_id="Asia/Tokyo"
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    client = Client()
    client.force_login(cast["patient"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    watch = PageWatch(context.new_page(), live_server.url)
    yield watch
    context.close()


def test_the_devices_time_zone_is_kept_in_one_tap(phone, cast):
    page = phone.page
    page.goto("/home/")
    prompt = page.locator("[data-zone-confirm]")
    assert "Asia/Tokyo" in prompt.inner_text()
    assert axe_violations(page) == []
    prompt.get_by_role("button", name="Yes, use this time zone").click()
    page.wait_for_url("**/home/")
    assert "Time zone set: Asia/Tokyo." in page.locator(".messages").inner_text()
    assert as_themselves(cast["patient"]).profile().time_zone == "Asia/Tokyo"
    assert page.locator("[data-zone-confirm]").count() == 0
    phone.assert_clean()


def test_after_a_first_session_reminders_are_one_tap_away(phone, cast):
    patient = cast["patient"]
    safety.record(as_themselves(patient), {}, timezone.now())
    session, _ = recording.start(as_themselves(patient), uuid.uuid4(), routines.handout_plan()[:1], 5, timezone.now())
    recording.finish(as_themselves(session.owner), session, 3, 90, timezone.now())
    page = phone.page
    page.goto("/home/")
    offer = page.get_by_role("region", name="Don't miss your next session")
    assert offer.get_by_role("link", name="Add to my calendar").get_attribute("href").startswith("webcal://")
    offer.get_by_role("button", name="Email me when it is due").click()
    page.wait_for_url("**/home/")
    assert "Reminders are on" in page.locator(".messages").inner_text()
    assert as_themselves(patient).profile().reminders is True
    assert page.get_by_role("region", name="Don't miss your next session").count() == 0
    assert axe_violations(page) == []
    phone.assert_clean()


def test_the_calendar_link_is_copied_in_one_tap(phone, cast):
    page = phone.page
    page.goto("/settings/")
    page.get_by_role("button", name="Copy").click()
    page.get_by_text("Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()").endswith(
        f"/calendar/{as_themselves(cast['patient']).profile().calendar_token}.ics"
    )
    assert axe_violations(page) == []
    phone.assert_clean()
