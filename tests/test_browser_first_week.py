"""The first week, as a new person lives it on a 390 px phone: a guest finishes a first session from the body map,
saves it from the summary with an email address (which books the next time), comes back on the due day from home's
big Start, and by Friday home says "3 of 3 this week". The server's clock (time-machine) and the page's (page.clock)
are moved to the same instants; every tap is counted."""

import json
import re
from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail

from care.door import as_themselves
from care.models import SafetyCheck, Session
from tests.conftest import axe_violations, run_queued_tasks
from tests.test_browser_player import in_position, queued

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "first.week@example.org"
MONDAY = datetime(2026, 12, 7, 17, 45, tzinfo=UTC)  # London is on UTC in winter; the week began on Sunday 6th
WEDNESDAY = datetime(2026, 12, 9, 18, 5, tzinfo=UTC)
FRIDAY = datetime(2026, 12, 11, 18, 35, tzinfo=UTC)  # Wednesday's session ended after 18:00: booked for 18:30


class Taps:
    """Each tap of the journey, counted under the step it belongs to."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.step = ""

    def __call__(self, locator) -> None:
        self.counts[self.step] += 1
        locator.click()

    def type(self, locator, text: str) -> None:
        self(locator)  # the tap into the field; typing is not counted as taps
        locator.fill(text)


def newest_code() -> str:
    run_queued_tasks()  # the worker sends the mail
    return re.search(r"\b(\d{6})\b", [m for m in mail.outbox if m.to == [EMAIL]][-1].body).group(1)


def play_to_the_end(page, clock, tap: Taps, pain_before: str, pain_after: str) -> None:
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
    tap(page.get_by_role("button", name=f"{pain_before} out of 10", exact=True))
    steps = json.loads(page.locator("#player-data").text_content())["steps"]
    for step in steps:
        tap.counts[tap.step] += 1
        in_position(page)
        page.clock.fast_forward(step["seconds"] * 1000)
        clock.shift(step["seconds"])  # the server's clock keeps step with the phone's
    page.get_by_role("heading", name="How much does it hurt now?").wait_for()
    tap(page.get_by_role("button", name=f"{pain_after} out of 10", exact=True))
    page.get_by_role("heading", name="Well done").wait_for()
    page.clock.resume()


def sign_in_with_a_code(page, tap: Taps) -> None:
    """A day's sign-in has lapsed (no "remember me"): a person without a password asks for a code."""
    page.goto("/accounts/login/code/")
    tap.type(page.get_by_label("Email address"), EMAIL)
    tap(page.get_by_role("button", name="Email me a sign-in code"))
    page.get_by_role("heading", name="Check your email").wait_for()
    tap.type(page.get_by_label("Code"), newest_code())
    tap(page.get_by_role("button", name="Sign in"))
    page.wait_for_url("**/home/")


def come_back_on_the_due_day(page, tap: Taps, when: datetime) -> None:
    with time_machine.travel(when, tick=True) as clock:
        page.clock.pause_at(when)
        tap.step = f"sign in ({when:%A})"
        sign_in_with_a_code(page, tap)
        tap.step = f"due day ({when:%A})"
        start = page.locator("a.button-big")
        assert start.inner_text().startswith("Start ·") and start.bounding_box()["y"] + 40 < 844
        tap(start)
        page.get_by_role("heading", name="Since your last check, is anything new or worse?").wait_for()
        tap(page.get_by_role("button", name="Nothing new"))
        page.get_by_role("heading", name="How much does it hurt right now?").wait_for()
        play_to_the_end(page, clock, tap, "4", "2")
        page.wait_for_function("() => document.querySelector('[data-save-status]').textContent === 'Saved.'")
        tap(page.get_by_role("button", name="Yes, book it"))
        page.wait_for_url("**/home/")


def test_a_guests_first_week_ends_with_three_of_three(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, timezone_id="Europe/London"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tap = Taps()

    with time_machine.travel(MONDAY, tick=True) as clock:
        page.clock.install(time=MONDAY)
        tap.step = "guest: where it hurts to a finished session"
        page.goto("/find/")
        tap(page.locator('[data-region="top-of-shoulder:left"]'))
        tap(page.locator("[data-jump]").get_by_text("Start these"))
        page.get_by_role("heading", name="A quick safety check").wait_for()
        tap(page.get_by_role("button", name="None of these apply"))
        page.get_by_role("heading", name="A few more questions").wait_for()
        tap(page.get_by_role("button", name="None of these apply"))
        page.wait_for_url("**/session/now/**")
        play_to_the_end(page, clock, tap, "6", "3")

        tap.step = "save it and book the next (email and code)"
        claim = page.locator("[data-claim]")
        assert page.locator("[data-claim-when]").inner_text() == "Wednesday 9 Dec, 18:00?"
        tap.type(claim.get_by_label("Your email address"), EMAIL)
        tap(claim.get_by_role("button", name="Save and remind me"))
        page.get_by_role("heading", name="Check your email").wait_for()
        assert axe_violations(page) == []
        tap.type(page.get_by_label("The code from the email"), newest_code())
        tap(page.get_by_role("button", name="Save my session"))
        page.wait_for_url("**/home/")
        page.get_by_text("Rest until Wednesday 9 December").wait_for()  # kept, then home again counts it

    person = Session.objects.get().owner
    assert person.email == EMAIL and not person.has_usable_password()
    first = Session.objects.get()
    assert (first.pain_before, first.pain_after, first.started_at.date()) == (6, 3, MONDAY.date())
    assert SafetyCheck.objects.get(owner=person).answered_at.date() == MONDAY.date()  # not asked again
    profile = as_themselves(person).profile()
    assert (profile.reminders, profile.reminder_time.strftime("%H:%M"), profile.time_zone) == (
        True,
        "18:00",
        "Europe/London",
    )
    assert page.locator(".week-count").inner_text() == "1 of 3 this week"
    assert axe_violations(page) == []

    come_back_on_the_due_day(page, tap, WEDNESDAY)
    assert page.locator(".week-count").inner_text() == "2 of 3 this week"
    come_back_on_the_due_day(page, tap, FRIDAY)
    assert page.locator(".week-count").inner_text() == "3 of 3 this week"
    assert Session.objects.filter(owner=person, finished_at__isnull=False).count() == 3
    assert errors == []
    context.close()

    # Written into the note: the taps of each step.
    print("\nTaps:", dict(tap.counts))
    assert tap.counts["guest: where it hurts to a finished session"] <= 12
    assert tap.counts["save it and book the next (email and code)"] <= 4
    assert all(tap.counts[f"due day ({day})"] <= 10 for day in ("Wednesday", "Friday"))


def guest_session(page, clock) -> None:
    """A guest's session from the finder's answer for the top of the left shoulder."""
    page.goto("/find/?region=top-of-shoulder:left")
    page.locator("#finder-results").get_by_role("link", name="Start these").click()
    page.get_by_role("heading", name="A quick safety check").wait_for()
    page.get_by_role("button", name="None of these apply").click()
    page.get_by_role("heading", name="A few more questions").wait_for()
    page.get_by_role("button", name="None of these apply").click()
    page.wait_for_url("**/session/now/**")
    play_to_the_end(page, clock, Taps(), "5", "3")


def sign_up_with_a_password(page) -> None:
    page.get_by_role("link", name="Sign up with a password instead").click()
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Choose a password").fill("calm shoulders daily")
    page.get_by_label("The same password again").fill("calm shoulders daily")
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("button", name="Confirm").wait_for()
    page.get_by_label("Code").fill(newest_code())
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/home/")


@pytest.mark.parametrize("answer", ["Keep it", "Not mine, discard it"])
def test_signing_up_on_the_phone_offers_the_guests_session_once(chromium, live_server, answer):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    with time_machine.travel(MONDAY, tick=True) as clock:
        page.clock.install(time=MONDAY)
        guest_session(page, clock)
        sign_up_with_a_password(page)
        card = page.locator("[data-guest-work]")
        card.wait_for()
        assert card.locator("[data-guest-what]").inner_text().startswith("You did a session on this phone on Monday")
        assert axe_violations(page) == []
        card.get_by_role("button", name=answer).click()
        if answer == "Keep it":
            page.get_by_text("Recent sessions").wait_for()
            page.locator(".week-count").wait_for()
            assert Session.objects.get().owner.email == EMAIL
        else:
            assert card.is_hidden() and not Session.objects.exists()
        page.reload()
        assert page.locator("[data-guest-work]").is_hidden()  # asked once: the phone's copy is gone
        assert queued(page, "unknot-guest-") == {}
    context.close()
