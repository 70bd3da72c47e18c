"""Booking the next session on the spot, in a real chromium at 390 px: the summary proposes a concrete time, one
tap books it, and on the due day home has one big Start. The server's clock (time-machine) and the page's
(page.clock) are moved to the same instants."""

from datetime import UTC, datetime

import pytest
import time_machine

from care.door import as_themselves
from tests.conftest import axe_violations
from tests.test_browser_player import in_position, make_routine, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Wednesday 2 December 2026, 17:50 UTC (London is on UTC in winter)
T0 = datetime(2026, 12, 2, 17, 50, tzinfo=UTC)


def test_the_summary_books_the_next_session_in_one_tap_and_home_starts_it_on_the_due_day(
    chromium, live_server, patient
):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, timezone_id="Europe/London"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    routine = make_routine(patient, ("trapezius", "right", 30))
    with time_machine.travel(T0, tick=True):
        sign_in(page, live_server, patient)
        page.clock.install(time=T0)
        page.goto(f"/session/start/{routine.pk}/")
        page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
        page.get_by_role("button", name="3 out of 10", exact=True).click()
        in_position(page)
        page.clock.fast_forward(30_000)
        page.get_by_role("button", name="2 out of 10", exact=True).click()
        form = page.locator("[data-book]")
        form.wait_for()
        assert page.locator("[data-book-when]").inner_text() == "Friday 4 Dec, 18:00?"
        assert page.locator("[data-book-zone-name]").inner_text() == "Europe/London"
        page.clock.resume()  # axe waits on timers
        assert axe_violations(page) == []
        page.get_by_role("button", name="Yes, book it").click()  # one tap books it
        page.wait_for_url("**/home/")
    assert "Booked for Friday 4 December at 18:00" in page.content()
    profile = as_themselves(patient).profile()
    assert (profile.reminders, profile.time_zone, profile.reminder_time.strftime("%H:%M")) == (
        True,
        "Europe/London",
        "18:00",
    )
    due_day = datetime(2026, 12, 4, 18, 5, tzinfo=UTC)
    with time_machine.travel(due_day, tick=True):
        page.clock.set_fixed_time(due_day)
        sign_in(page, live_server, patient)  # a day's sign-in has lapsed (no "remember me")
        page.goto("/home/")
        assert page.locator(".week-count").inner_text().endswith("this week")
        start = page.locator("a.button-big")
        assert start.inner_text() == "Start · 1 min" and start.bounding_box()["y"] < 844
        start.click()
        page.wait_for_url(f"**/session/start/{routine.pk}/")
    assert errors == []
    context.close()
