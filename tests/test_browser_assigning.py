"""Assigning in chromium, axe-clean: from a joined patient's page the practitioner gives the handout's routine
with a note and a video link in 5 taps; the patient, on a 390 px phone, is told on home, sees the note in the
session player, does part of it; the practitioner's next page shows the session against version 1; an edit
tells the patient what changed."""

import pytest
from django.conf import settings
from django.test import Client

from tests.cast import Role
from tests.conftest import PageWatch, axe_violations
from tests.test_browser_player import clear_safety_check, freeze, in_position, wait_saved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def context_of(chromium, live_server, client: Client, width: int, height: int):
    context = chromium.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context, PageWatch(context.new_page(), live_server.url)


def clean(page) -> None:
    assert axe_violations(page) == [], page.url


def test_a_practitioner_gives_a_routine_the_patient_follows_it_and_is_told_of_a_change(chromium, live_server, cast):
    desk, practitioner = context_of(chromium, live_server, cast.sign_in(Client(), Role.CARER), 1280, 900)
    phone, patient = context_of(chromium, live_server, cast.sign_in(Client(), Role.PATIENT), 390, 844)
    page = practitioner.page
    page.set_default_timeout(15_000)
    patient.page.set_default_timeout(15_000)
    page.goto(f"/clinic/patients/{cast['link'].pk}/")
    taps = 0
    page.get_by_role("link", name="Give a routine").click()
    taps += 1
    page.wait_for_url("**/routine/")
    clean(page)
    page.locator("#id_form-0-note").fill("Lean into the ball slowly")
    taps += 1
    page.locator("#id_form-0-video_url").fill("https://www.youtube.com/watch?v=demo")
    taps += 1
    page.get_by_label("How often").select_option("3")
    taps += 1
    page.get_by_role("button", name="Give this routine").click()
    taps += 1
    page.wait_for_url(f"**/clinic/patients/{cast['link'].pk}/")
    assert taps <= 8
    assert "Every 3 days, version 1." in page.locator("main").inner_text()

    me = patient.page
    clear_safety_check(me, live_server)
    me.goto("/home/")
    me.get_by_role("link", name="Your practitioner updated your routine").click()
    assert "Your practitioner says: Lean into the ball slowly" in me.locator("main").inner_text()
    assert "Video from your practitioner (youtube.com)" in me.locator("main").inner_text()
    clean(me)
    me.clock.install()
    me.get_by_role("link", name="Start this routine").click()
    freeze(me)
    me.get_by_role("button", name="4 out of 10", exact=True).click()
    note = me.locator("[data-practitioner]")
    assert note.is_visible() and "Lean into the ball slowly" in note.inner_text()
    link = me.locator("[data-video-link]")
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=demo"
    assert link.get_attribute("rel") == "noopener noreferrer" and link.get_attribute("target") == "_blank"
    # (axe waits on timers, which the held clock stops: the player has its own axe test, tests/test_browser_player)
    in_position(me)
    me.get_by_role("button", name="Next").click()
    me.get_by_role("button", name="Stop here and finish the session").click()
    me.get_by_role("button", name="3 out of 10", exact=True).click()
    wait_saved(me)

    page.reload()
    row = page.locator("table:has(caption:text('How each version was followed')) tbody tr").first.inner_text()
    assert row.split("\t")[0] == "1" and row.split("\t")[2:] == ["1", "1", "0"]

    # An edit: the second area goes; the patient is told what changed.
    page.get_by_role("link", name="Change the routine").click()
    page.locator("#id_form-1-DELETE").check()
    page.get_by_role("button", name="Save the changes").click()
    page.wait_for_url(f"**/clinic/patients/{cast['link'].pk}/")
    me.goto("/home/")
    me.get_by_role("link", name="Your practitioner updated your routine").click()
    assert "Taken out:" in me.locator("main").inner_text()
    for watch in (practitioner, patient):
        watch.assert_clean()
    desk.close()
    phone.close()
