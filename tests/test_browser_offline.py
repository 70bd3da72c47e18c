"""At home without signal, in a real chromium with its service worker: a person who opened unknot once runs their
routine and notes their pain with the network cut, and everything is saved exactly once when it is back. A page
never kept shows the offline page, never a browser error; the app is installable as Chromium judges it."""

import pytest

from care.models import PainReading, Session, StepEvent
from tests.test_browser_player import in_position, make_routine, queued, sign_in, wait_for_async

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, service_workers="allow"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Chromium's offline emulation leaves out the worker's own requests, and Background Sync fires at once while
    # the machine's network is up: in these tests the worker is never woken to send (the pages send).
    page.add_init_script("if (window.SyncManager) SyncManager.prototype.register = () => Promise.resolve();")
    # Keep-alive requests (the player's saves) outlive the page in Chromium's network service, outside the offline
    # emulation too: here they are plain requests, so "offline" means offline for them as well.
    page.add_init_script(
        "const send = window.fetch.bind(window);"
        "window.fetch = (url, options) => send(url, Object.assign({}, options, { keepalive: false }));"
    )
    yield page
    context.close()


def opened_once(page, live_server, patient, routine) -> None:
    """Home with a connection: the worker installs, takes the page, and keeps the person's pages."""
    sign_in(page, live_server, patient)
    page.goto("/home/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    wait_for_async(
        page,
        f"async () => !!(await caches.match('/session/start/{routine.pk}/')) && !!(await caches.match('/diary/new/'))",
    )


def cut_the_network(page) -> None:
    """Offline, as the phone is: Chromium's emulation leaves the worker's own requests (a Background Sync) out, so
    the API is closed for the whole context too."""
    page.context.route("**/api/v1/**", lambda route: route.abort("internetdisconnected"))
    page.context.set_offline(True)


def restore_the_network(page) -> None:
    page.context.unroute("**/api/v1/**")
    page.context.set_offline(False)


def write_diary_entry(page, score: str) -> None:
    page.goto("/diary/new/")
    page.locator(f'input[name="score"][value="{score}"]').check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("No connection: this entry is kept on this phone").wait_for()


def test_a_session_and_diary_entries_made_offline_are_saved_once_when_back_online(phone, live_server, patient):
    page = phone
    routine = make_routine(patient, ("trapezius", "right", 20), ("levator-scapulae", "left", 20))
    opened_once(page, live_server, patient, routine)

    cut_the_network(page)
    page.clock.install()
    page.goto(f"/session/start/{routine.pk}/")  # the phone's copy
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
    # the server's "Anything new?" cannot be asked offline: the page asks it
    page.get_by_role("heading", name="Since your last check, is anything new or worse?").wait_for()
    page.get_by_role("button", name="Nothing new").click()
    page.get_by_role("button", name="5 out of 10", exact=True).click()
    for seconds in (20, 20):
        in_position(page)
        page.clock.fast_forward(seconds * 1000)
    page.get_by_role("button", name="2 out of 10", exact=True).click()
    page.get_by_role("heading", name="Well done").wait_for()
    page.clock.resume()
    write_diary_entry(page, "4")
    write_diary_entry(page, "3")
    page.goto("/home/")
    page.wait_for_function("() => document.querySelector('[data-waiting]').textContent.startsWith('6 entries waiting')")
    # Every save is still on the phone. (Whether any request slipped out is not asked here: Chromium's offline
    # emulation now and then lets a request of a closing page through, which real offline never does; the
    # server keeping each save once is what is asked below.)
    assert len(queued(page, "unknot-pending-")) == 3  # the session and the two entries

    restore_the_network(page)
    page.goto("/home/")
    page.wait_for_function("() => document.querySelector('[data-waiting]').textContent === 'Saved.'")
    session = Session.objects.get()
    assert (session.pain_before, session.pain_after, session.routine) == (5, 2, routine)
    assert list(StepEvent.objects.filter(session=session).values_list("step", "kind")) == [(0, "done"), (1, "done")]
    assert sorted(PainReading.objects.filter(kind="diary").values_list("score", flat=True)) == [3, 4]
    assert queued(page, "unknot-pending-") == {}

    page.reload()  # sent once: a second visit sends nothing again
    assert Session.objects.count() == 1 and PainReading.objects.filter(kind="diary").count() == 2


def test_a_page_never_kept_shows_the_offline_page(phone, live_server, patient):
    page = phone
    routine = make_routine(patient, ("trapezius", "right", 20))
    opened_once(page, live_server, patient, routine)
    page.context.set_offline(True)
    page.goto("/progress/summary/")
    assert page.get_by_role("heading", name="No connection right now").is_visible()
    page.goto("/")  # the guide was kept from the start
    assert page.locator("h1").count() == 1


def test_signing_out_leaves_no_cached_page_and_no_queue_for_the_next_person(phone, live_server, patient):
    page = phone
    routine = make_routine(patient, ("trapezius", "right", 20))
    opened_once(page, live_server, patient, routine)
    key = page.locator("body").get_attribute("data-person")
    assert [name for name in page.evaluate("caches.keys()") if name.startswith(f"unknot-person-{key}-")]
    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/")
    assert not [name for name in page.evaluate("caches.keys()") if name.startswith(f"unknot-person-{key}-")]
    assert queued(page, "unknot-meta-person") == {}


def test_chromium_finds_the_app_installable(phone, live_server):
    page = phone
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    session = page.context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A fresh browser context is incognito, which Chromium always names; nothing else may stand in the way.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []


def test_a_replay_after_signing_in_again_still_saves_once(phone, live_server, patient):
    page = phone
    routine = make_routine(patient, ("trapezius", "right", 20))
    opened_once(page, live_server, patient, routine)
    page.context.set_offline(True)
    write_diary_entry(page, "6")
    page.context.set_offline(False)
    page.context.clear_cookies()
    sign_in(page, live_server, patient)  # a new sign-in: a new session and CSRF token
    page.goto("/diary/")
    page.wait_for_function("() => document.querySelector('[data-waiting]').textContent === 'Saved.'")
    assert list(PainReading.objects.filter(kind="diary").values_list("score", flat=True)) == [6]


def test_a_new_version_waits_for_the_person_and_never_interrupts_a_session(phone, live_server, patient, monkeypatch):
    from guide import offline

    page = phone
    routine = make_routine(patient, ("trapezius", "right", 60))
    opened_once(page, live_server, patient, routine)
    page.goto(f"/session/start/{routine.pk}/")
    page.get_by_role("button", name="5 out of 10", exact=True).click()
    in_position(page)
    constants = offline.worker_constants()
    monkeypatch.setattr(offline, "worker_constants", lambda: constants | {"release": constants["release"] + "-next"})
    page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.update())")
    banner = page.locator("[data-update]")
    banner.wait_for()
    assert banner.inner_text().startswith("A new version is ready.")
    assert page.locator('[data-screen="step"]').is_visible()  # the session goes on, nothing reloaded
    banner.get_by_role("button", name="Use it now").click()
    page.wait_for_load_state()
    wait_for_async(page, "async () => (await caches.keys()).some((name) => name.endsWith('-next'))")


def test_the_finder_keeps_the_marks_offline_and_answers_when_the_signal_is_back(phone, live_server):
    page = phone
    page.goto("/find/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.context.set_offline(True)
    page.goto("/find/")  # kept from the start
    page.locator('[data-region="top-of-shoulder:left"]').click()
    page.get_by_text("No connection: your marks are kept.").wait_for()
    page.context.set_offline(False)
    page.locator("#finder-results").get_by_role("link", name="Start these").wait_for()
    assert "region=top-of-shoulder%3Aleft" in page.url or "region=top-of-shoulder:left" in page.url


def test_signing_out_with_entries_unsent_asks_and_leaves_none_for_the_next_person(phone, live_server, patient):
    page = phone
    routine = make_routine(patient, ("trapezius", "right", 20))
    opened_once(page, live_server, patient, routine)
    page.context.set_offline(True)
    write_diary_entry(page, "5")
    page.context.route("**/api/v1/**", lambda route: route.abort("internetdisconnected"))  # a poor signal
    page.context.set_offline(False)
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/")
    assert asked == ["1 entry is not saved yet. Sign out anyway? It will be lost."]
    assert queued(page, "unknot-pending-") == {}
    assert not PainReading.objects.filter(kind="diary").exists()


def test_a_session_made_offline_waits_for_a_safety_check_that_fell_due_then_is_kept(phone, live_server, patient):
    from datetime import timedelta

    from care.models import SafetyCheck
    from tests.test_browser_care import answer_none_of_these

    page = phone
    routine = make_routine(patient, ("trapezius", "right", 20))
    opened_once(page, live_server, patient, routine)
    page.context.set_offline(True)
    page.clock.install()
    page.goto(f"/session/start/{routine.pk}/")
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
    page.get_by_role("button", name="Nothing new").click()
    page.get_by_role("button", name="5 out of 10", exact=True).click()
    in_position(page)
    page.clock.fast_forward(20_000)
    page.get_by_role("button", name="3 out of 10", exact=True).click()
    page.get_by_role("heading", name="Well done").wait_for()
    page.clock.resume()
    SafetyCheck.objects.update(answered_at=SafetyCheck.objects.get().answered_at - timedelta(weeks=5))  # now due

    page.context.set_offline(False)
    page.goto("/home/")
    page.wait_for_function("() => document.querySelector('[data-waiting]').textContent.startsWith('3 entries')")
    assert not Session.objects.exists()  # held back until the check is answered
    page.goto("/safety-check/?next=/home/")
    answer_none_of_these(page)
    page.wait_for_url("**/home/")
    page.wait_for_function("() => document.querySelector('[data-waiting]').textContent === 'Saved.'")
    assert Session.objects.get().pain_after == 3
