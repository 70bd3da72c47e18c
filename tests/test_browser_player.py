"""The guided session in a real chromium: pain before, the get-ready and main countdowns (on a fake clock), the
nerve-sensation tap, skip, back, pain after and the summary; screen-reader announcements that do not flood,
keyboard use, axe; and, signed in, saving as it happens, carrying on after a reload and sending saves that
failed while offline."""

import json
import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from care import quick_check, safety
from care.door import as_themselves
from care.models import Routine, RoutineStep, Session, StepEvent
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NERVE_TRAPEZIUS = "Take a smaller pinch a finger's width further back"


def clear_safety_check(page, live_server) -> None:
    """The device has answered the safety questions with no warning sign (the signed cookies the check sets)."""
    response = quick_check.passed(HttpResponse())
    response.set_signed_cookie(safety.DEVICE_COOKIE, safety.device_value(), salt="safety")
    for name in (safety.DEVICE_COOKIE, quick_check.COOKIE):
        page.context.add_cookies([{"name": name, "value": response.cookies[name].value, "url": live_server.url}])


def sign_in(page, live_server, user) -> None:
    safety.record(as_themselves(user), {}, timezone.now())
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])


def make_routine(user, *steps: tuple[str, str, int]) -> Routine:
    routine = Routine.objects.create(owner=user, name="Short one")
    for position, (muscle, side, seconds) in enumerate(steps):
        RoutineStep.objects.create(routine=routine, position=position, muscle=muscle, side=side, seconds=seconds)
    return routine


def heading(page) -> str:
    return page.locator("[data-step-heading]").inner_text()


def count(page) -> str:
    return page.locator("[data-count]").inner_text()


def phase(page) -> str:
    return page.locator("[data-phase]").inner_text()


def then(page) -> str:
    """The hold's length while getting into position ("then 1:30"), never a countdown."""
    return page.locator("[data-then]").inner_text() if page.locator("[data-then]").is_visible() else ""


def focused(page) -> str:
    return page.evaluate(
        "() => document.activeElement.id || document.activeElement.getAttribute('data-action')"
        " || document.activeElement.getAttribute('data-pain') || document.activeElement.tagName"
    )


# The device's save queue (static/js/offline/queue_store.js): IndexedDB "unknot", store "queue", key -> JSON.
READ_QUEUE = """async (prefix) => {
  const db = await new Promise((ok, no) => {
    const opening = indexedDB.open('unknot', 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore('queue');
    opening.onsuccess = () => ok(opening.result);
    opening.onerror = () => no(opening.error);
  });
  const store = db.transaction('queue').objectStore('queue');
  const get = (req) => new Promise((ok) => { req.onsuccess = () => ok(req.result); });
  const [keys, values] = [await get(store.getAllKeys()), await get(store.getAll())];
  db.close();
  const found = {};
  keys.forEach((key, i) => { if (String(key).startsWith(prefix)) found[key] = JSON.parse(values[i]); });
  return found;
}"""


def queued(page, prefix: str) -> dict:
    return page.evaluate(READ_QUEUE, prefix)


def pending(page) -> dict:
    """The signed-in person's saves waiting on the device, by session id."""
    return {key[-36:]: items for key, items in queued(page, "unknot-pending-").items()}


def wait_for_async(page, predicate: str, arg: object = None) -> None:
    """Waits until an async predicate holds: wait_for_function takes a returned promise as true at once, so each
    poll starts the check and reads the answer the last one left."""
    page.evaluate("window.__unknotWait = false")
    page.wait_for_function(
        f"(arg) => {{ ({predicate})(arg).then((v) => {{ window.__unknotWait = !!v; }}); return window.__unknotWait; }}",
        arg=arg,
    )


def wait_until_nothing_waits(page, prefix: str = "unknot-pending-") -> None:
    wait_for_async(page, f"async (prefix) => Object.keys(await ({READ_QUEUE})(prefix)).length === 0", prefix)


def session_id(page) -> str:
    return json.loads(page.locator("#player-data").text_content())["session_id"]


def freeze(page) -> None:
    """From here on the page's clock moves only when the test says so (page.clock.install() before goto)."""
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # seconds since the epoch


def in_position(page) -> None:
    """The person taps "I'm in position": the area's timer starts."""
    page.get_by_role("button", name="I'm in position").click()


def start_anonymous(page, live_server, pain: str = "4") -> None:
    clear_safety_check(page, live_server)
    page.clock.install()
    page.goto("/session/")
    freeze(page)
    page.get_by_role("button", name=f"{pain} out of 10", exact=True).click()
    in_position(page)


# ---- not signed in: the whole flow, kept on the phone and sent nowhere ------------------------------------------


def test_anonymous_session_runs_with_true_time_and_stays_on_the_phone(browser_page, live_server):
    page = browser_page.page
    api_calls = []
    page.on("request", lambda request: "/api/" in request.url and api_calls.append(request.url))
    clear_safety_check(page, live_server)
    page.clock.install()
    page.goto("/session/")
    freeze(page)
    assert (
        page.locator('[data-screen="pain-before"] .nothing-kept')
        .inner_text()
        .startswith("Without an account, this session stays on this phone for a day.")
    )
    page.get_by_role("button", name="4 out of 10", exact=True).click()

    # Step 1: the picture, what to put where, and a get-ready that waits for the person.
    assert heading(page) == "Trapezius Right side"
    assert focused(page) == "step-h"
    assert page.locator("[data-progress]").inner_text() == "Area 1 of 17"
    drawing = page.locator("[data-drawing]")
    assert "/atlas/points/trapezius-upper.svg" in drawing.get_attribute("src")
    assert drawing.get_attribute("alt").startswith("Where to press: Top of the shoulder")
    page.wait_for_function("() => document.querySelector('[data-drawing]').naturalWidth > 0")
    assert page.locator("[data-how]").inner_text() == "Pinch grip, sitting"
    assert "how-1.svg" in page.locator("[data-picture]").get_attribute("src")
    assert page.locator("[data-first-line]").inner_text() == "Sit upright."
    assert phase(page) == "Get into position"
    assert count(page) == "" and then(page) == "then 1:30"  # the hold's length, not a countdown
    assert page.locator("[data-count]").is_hidden()
    assert (
        page.locator("[data-cue]")
        .inner_text()
        .startswith("With the other hand, take the muscle between your thumb and fingers.")
    )
    assert "ball" not in page.locator("[data-cue]").inner_text()  # a pinch step never speaks of a ball
    page.clock.run_for(60_000)
    assert phase(page) == "Get into position" and then(page) == "then 1:30"  # nothing runs until they are ready

    in_position(page)
    assert phase(page) == "Squeeze gently and hold"
    assert count(page) == "1:30" and then(page) == ""
    assert page.locator("[data-cue]").inner_text() == "Start light. Squeeze a little more as the muscle softens."

    # A jump of 30 s fires the timer at most once: the countdown still shows the true time (a deadline, not ticks).
    page.clock.fast_forward("00:30")
    assert count(page) == "1:00"
    assert page.locator("[data-cue]").inner_text() == "Holding your breath? Ease off a little."

    # Tingling: how to move the ball for this area, and the timer waits until the person carries on.
    page.get_by_role("button", name="Tingling, numbness or sharp pain").click()
    assert page.get_by_role("heading", name="Let go and move your grip").is_visible()
    assert NERVE_TRAPEZIUS in page.locator("[data-nerve]").inner_text()
    assert "The timer is paused until you carry on." in page.locator("[data-nerve]").inner_text()
    page.clock.run_for(60_000)  # a minute spent moving the ball costs the area nothing
    assert phase(page) == "Paused" and count(page) == "1:00"
    page.get_by_role("button", name="Carry on").click()
    assert page.locator("[data-nerve]").is_hidden()
    assert phase(page) == "Squeeze gently and hold" and focused(page) == "pause"
    page.clock.run_for(1000)
    assert count(page) == "0:59"

    # The countdown reaches 0 and the next area waits for the person to get into position.
    page.clock.fast_forward("01:00")
    assert heading(page) == "Trapezius Left side"
    assert page.locator("[data-progress]").inner_text() == "Area 2 of 17"
    assert phase(page) == "Get into position"
    assert page.locator("[data-nerve]").is_hidden()

    page.get_by_role("button", name="Skip").click()
    assert heading(page) == "Sternocleidomastoid (SCM) Right side"  # still in the chair: grouped by place
    page.get_by_role("button", name="Back").click()
    assert heading(page) == "Trapezius Left side"
    assert focused(page) == "step-h"

    page.get_by_role("button", name="Stop here and finish the session").click()
    assert page.get_by_role("heading", name="How much does it hurt now?").is_visible()
    page.get_by_role("button", name="2 out of 10", exact=True).click()
    assert page.get_by_role("heading", name="Well done").is_visible()
    assert page.locator("[data-summary]").inner_text() == "1 area done, 1 skipped, 2 min."
    assert page.locator("[data-summary-pain]").inner_text() == "Pain before: 4. Pain now: 2."
    assert page.get_by_text("Next session: in 2 to 3 days.").is_hidden()  # a concrete time instead
    claim = page.locator("[data-claim]")
    assert re.fullmatch(r"\w+day \d+ \w+, \d\d:\d\d\?", page.locator("[data-claim-when]").inner_text())
    assert claim.get_by_role("heading", name="Save this session").is_visible()
    assert claim.get_by_label("Your email address").is_visible()
    assert page.get_by_role("link", name="Sign up with a password instead").get_attribute("href") == "/accounts/signup/"
    assert page.get_by_role("link", name="Back to the guide").get_attribute("href") == "/"
    assert api_calls == []
    assert pending(page) == {}
    wait_for_async(page, f"async () => Object.keys(await ({READ_QUEUE})('unknot-guest-')).length === 1")
    kept = [[item["url"].split("/").pop() for item in items] for items in queued(page, "unknot-guest-").values()]
    assert kept == [["sessions", "events", "events", "events", "finish"]]  # done, skipped, cut short
    assert Session.objects.count() == 0
    browser_page.assert_clean()


def set_visibility(page, state: str) -> None:
    page.evaluate(
        """state => {
          Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => state});
          Object.defineProperty(document, 'hidden', {configurable: true, get: () => state === 'hidden'});
          document.dispatchEvent(new Event('visibilitychange'));
        }""",
        state,
    )


def test_the_timer_keeps_true_time_in_a_background_tab(browser_page, live_server):
    page = browser_page.page
    start_anonymous(page, live_server)
    page.clock.run_for(2000)
    assert count(page) == "1:28"

    # In the background a browser runs a page's timers rarely: 40 s go by and the timer fires once at most.
    set_visibility(page, "hidden")
    page.clock.fast_forward("00:40")
    set_visibility(page, "visible")
    assert count(page) == "0:48"

    # Away for longer than the area: it is done, and the next one waits for the person (nobody is doing it).
    set_visibility(page, "hidden")
    page.clock.fast_forward("10:00")
    set_visibility(page, "visible")
    assert heading(page) == "Trapezius Left side"
    assert phase(page) == "Get into position"
    assert then(page) == "then 1:30"
    in_position(page)
    page.clock.run_for(2000)
    assert count(page) == "1:28"


def test_pause_stops_the_countdown(browser_page, live_server):
    page = browser_page.page
    start_anonymous(page, live_server)
    page.clock.run_for(5000)
    assert count(page) == "1:25"
    page.get_by_role("button", name="Pause").click()
    assert phase(page) == "Paused"
    page.clock.fast_forward("05:00")
    assert count(page) == "1:25"
    assert heading(page) == "Trapezius Right side"
    page.get_by_role("button", name="Resume").click()
    assert phase(page) == "Squeeze gently and hold"
    page.clock.run_for(5000)
    assert count(page) == "1:20"


SIGNAL_SPY = """
window.signals = [];
navigator.vibrate = pattern => { window.signals.push('vibrate'); return true; };
const createOscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () { window.signals.push('beep'); return createOscillator.call(this); };
Object.defineProperty(navigator, 'wakeLock', {configurable: true, value: {request: () => {
  window.signals.push('lock');
  const lock = new EventTarget();
  lock.release = () => { window.signals.push('release'); lock.dispatchEvent(new Event('release')); return Promise.resolve(); };
  return Promise.resolve(lock);
}}});
"""


def test_the_end_of_an_area_is_signalled_and_the_screen_kept_awake_while_timing(browser_page, live_server):
    page = browser_page.page
    page.add_init_script(SIGNAL_SPY)
    start_anonymous(page, live_server)
    page.wait_for_function("() => window.signals.includes('lock')")
    page.get_by_role("button", name="Pause").click()
    assert page.evaluate("window.signals") == ["lock", "release"]
    page.get_by_role("button", name="Resume").click()
    page.wait_for_function("() => window.signals.length === 3")
    page.clock.fast_forward("01:30")
    assert heading(page) == "Trapezius Left side"
    signals = page.evaluate("window.signals")
    assert signals[:3] == ["lock", "release", "lock"]
    assert "vibrate" in signals and signals.count("beep") == 2
    assert "release" not in signals[3:]  # the next area's countdown runs on, the screen stays awake
    browser_page.assert_clean()


def test_screen_readers_hear_a_few_moments_not_every_second(browser_page, live_server):
    page = browser_page.page
    clear_safety_check(page, live_server)
    page.clock.install()
    page.goto("/session/")
    freeze(page)
    live = page.locator("[aria-live]")
    assert live.count() == 1
    assert live.get_attribute("aria-live") == "polite"
    assert page.locator("[data-count]").get_attribute("aria-hidden") == "true"
    page.evaluate(
        """() => {
          window.liveMutations = [];
          const live = document.querySelector('[aria-live]');
          new MutationObserver(records => records.forEach(() => window.liveMutations.push(live.textContent))).observe(
            live, {childList: true, characterData: true, subtree: true});
        }"""
    )
    page.get_by_role("button", name="4 out of 10", exact=True).click()
    in_position(page)
    page.clock.run_for(20_000)
    said = page.evaluate("window.liveMutations")
    assert 1 <= len(said) <= 4, said
    assert said[0].startswith("Trapezius, Right side. Area 1 of 17. Get into position.")
    assert said[1].startswith("Start now. Start light.")

    # The rest of the area: every 30 s left, 10 s left, then done, and no more.
    page.clock.run_for(71_000)
    said = [text.strip() for text in page.evaluate("window.liveMutations")]
    assert said[2:5] == [
        "60 seconds left. Holding your breath? Ease off a little.",
        "30 seconds left.",
        "10 seconds left.",
    ]
    assert said[5].startswith("Done. Trapezius, Left side. Area 2 of 17. Get into position.")
    assert len(said) == 6


def test_the_session_works_from_the_keyboard(browser_page, live_server):
    page = browser_page.page
    clear_safety_check(page, live_server)
    page.clock.install()
    page.goto("/session/")
    freeze(page)
    for _ in range(30):
        page.keyboard.press("Tab")
        if focused(page) == "0":
            break
    assert focused(page) == "0"
    for _ in range(5):
        page.keyboard.press("Tab")
    assert focused(page) == "5"
    page.keyboard.press("Enter")
    assert focused(page) == "step-h"
    assert heading(page) == "Trapezius Right side"

    page.keyboard.press("Tab")
    assert focused(page) == "ready"
    page.keyboard.press("Space")
    assert phase(page) == "Squeeze gently and hold"
    assert focused(page) == "pause"  # the button in its place takes the focus
    page.keyboard.press("Space")
    assert phase(page) == "Paused"
    page.keyboard.press("Space")
    assert phase(page) == "Squeeze gently and hold"

    page.keyboard.press("Tab")  # Back is disabled on the first area: straight to Skip
    assert focused(page) == "skip"
    page.keyboard.press("Tab")
    assert focused(page) == "next"
    page.keyboard.press("Enter")
    assert focused(page) == "step-h"
    assert heading(page) == "Trapezius Left side"

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page) == "back"
    page.keyboard.press("Enter")
    assert heading(page) == "Trapezius Right side"

    # The nerve button and the way out are reachable too.
    for _ in range(5):
        page.keyboard.press("Tab")
        if focused(page) == "nerve":
            break
    page.keyboard.press("Enter")
    assert page.locator("[data-nerve]").is_visible()
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page) == "end":
            break
    page.keyboard.press("Enter")
    assert focused(page) == "pain-after-h"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # 0 out of 10
    assert focused(page) == "summary-h"
    assert page.locator("[data-summary-pain]").inner_text() == "Pain before: 5. Pain now: 0."


def test_the_player_passes_axe(browser_page, live_server):
    page = browser_page.page
    clear_safety_check(page, live_server)
    page.goto("/session/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="7 out of 10", exact=True).click()
    page.wait_for_function("() => document.querySelector('[data-drawing]').complete")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Tingling, numbness or sharp pain").click()
    in_position(page)
    page.get_by_role("button", name="Pause").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Stop here and finish the session").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="6 out of 10", exact=True).click()
    assert axe_violations(page) == []
    browser_page.assert_clean()


# ---- signed in: saved as it happens --------------------------------------------------------------------------


def wait_saved(page) -> None:
    page.wait_for_function("() => document.querySelector('[data-save-status]').textContent === 'Saved.'")
    wait_until_nothing_waits(page)


def test_pain_before_can_be_skipped_and_the_session_is_kept_and_carried_on(browser_page, live_server, patient):
    page = browser_page.page
    sign_in(page, live_server, patient)
    routine = make_routine(patient, ("trapezius", "right", 20), ("trapezius", "left", 20))
    page.clock.install()
    page.goto(f"/session/start/{routine.pk}/")
    freeze(page)
    sid = session_id(page)
    page.get_by_role("button", name="Skip this question").click()
    assert heading(page) == "Trapezius Right side"
    wait_saved(page)
    assert Session.objects.get(pk=sid).pain_before is None
    in_position(page)
    page.clock.fast_forward("00:21")  # area 1 done
    page.reload()  # started without pain before: the page carries on rather than asking it again
    freeze(page)
    assert page.get_by_role("heading", name="Welcome back").is_visible()
    page.get_by_role("button", name="Carry on").click()
    assert heading(page) == "Trapezius Left side"
    page.get_by_role("button", name="Stop here and finish the session").click()
    page.get_by_role("button", name="2 out of 10", exact=True).click()
    assert page.locator("[data-summary-pain]").inner_text() == "Pain now: 2."
    wait_saved(page)
    session = Session.objects.get(pk=sid)
    assert (session.pain_before, session.pain_after, session.is_finished) == (None, 2, True)
    page.goto("/home/")
    assert "Pain – → 2" in page.locator("body").inner_text()
    browser_page.assert_clean()


def test_a_signed_in_session_is_saved_step_by_step_and_shows_on_home(browser_page, live_server, patient):
    page = browser_page.page
    sign_in(page, live_server, patient)
    routine = make_routine(patient, ("trapezius", "right", 20), ("levator-scapulae", "left", 30))
    page.clock.install()
    page.goto(f"/session/start/{routine.pk}/")
    freeze(page)
    sid = session_id(page)
    assert page.get_by_role("heading", name="Short one").is_visible()
    assert page.locator(".nothing-kept").count() == 0
    page.get_by_role("button", name="6 out of 10", exact=True).click()
    wait_saved(page)
    assert page.url.endswith(f"/session/resume/{sid}/")  # saved: a reload carries on with this session
    session = Session.objects.get(pk=sid)
    assert (session.owner, session.routine, session.pain_before) == (patient, routine, 6)
    assert session.steps == [
        {"muscle": "trapezius", "side": "right", "seconds": 20},
        {"muscle": "levator-scapulae", "side": "left", "seconds": 30},
    ]

    in_position(page)
    page.clock.run_for(5_000)
    page.get_by_role("button", name="Tingling, numbness or sharp pain").click()
    page.clock.fast_forward("00:16")  # the timer waits while the person moves the ball
    assert count(page) == "0:15"
    page.get_by_role("button", name="Carry on").click()
    page.clock.fast_forward("00:16")  # area 1 ends: done
    assert heading(page) == "Levator scapulae Left side"
    in_position(page)
    page.clock.run_for(7_000)  # 7 s into area 2
    page.get_by_role("button", name="Next").click()  # the last area, cut short
    page.get_by_role("button", name="3 out of 10", exact=True).click()
    assert page.locator("[data-summary]").inner_text() == "2 areas done, under a minute."
    assert page.get_by_role("link", name="Back to my care").get_attribute("href") == "/home/"
    wait_saved(page)

    events = list(
        StepEvent.objects.filter(session_id=sid).order_by("recorded_at").values_list("step", "kind", "seconds")
    )
    assert events == [(0, "nerve", 5), (0, "done", 20), (1, "cut_short", 7)]
    session.refresh_from_db()
    assert session.pain_after == 3
    assert session.finished_at is not None
    assert session.active_seconds == 27

    page.get_by_role("link", name="Back to my care").click()
    assert "Pain 6 → 3" in page.locator("#sessions-h + ul").inner_text()
    browser_page.assert_clean()


def test_an_interrupted_session_carries_on_after_a_reload(browser_page, live_server, patient):
    page = browser_page.page
    sign_in(page, live_server, patient)
    routine = make_routine(
        patient, ("trapezius", "right", 15), ("trapezius", "left", 15), ("sternocleidomastoid", "right", 15)
    )
    page.clock.install()
    page.goto(f"/session/start/{routine.pk}/")
    freeze(page)
    sid = session_id(page)
    page.get_by_role("button", name="5 out of 10", exact=True).click()
    in_position(page)
    page.clock.fast_forward("00:15")  # area 1 done
    assert heading(page) == "Trapezius Left side"
    page.get_by_role("button", name="Skip").click()  # area 2 skipped
    wait_saved(page)

    page.reload()  # the phone was locked, the tab closed...
    assert session_id(page) == sid
    assert page.get_by_role("heading", name="Welcome back").is_visible()
    assert "You have done 2 of 3 areas." in page.locator("[data-welcome-text]").inner_text()
    page.get_by_role("button", name="Carry on").click()
    assert heading(page) == "Sternocleidomastoid (SCM) Right side"
    assert page.locator("[data-progress]").inner_text() == "Area 3 of 3"
    in_position(page)
    page.clock.fast_forward("00:15")
    page.get_by_role("button", name="2 out of 10", exact=True).click()  # pain before was not asked again
    assert page.locator("[data-summary]").inner_text() == "2 areas done, 1 skipped, 1 min."
    assert page.locator("[data-summary-pain]").inner_text() == "Pain before: 5. Pain now: 2."
    wait_saved(page)
    assert Session.objects.count() == 1
    session = Session.objects.get(pk=sid)
    assert (session.pain_before, session.pain_after, session.active_seconds) == (5, 2, 30)
    kinds = list(StepEvent.objects.filter(session_id=sid).order_by("step").values_list("step", "kind"))
    assert kinds == [(0, "done"), (1, "skipped"), (2, "done")]


def test_an_interrupted_session_can_be_finished_without_the_rest(browser_page, live_server, patient):
    page = browser_page.page
    sign_in(page, live_server, patient)
    routine = make_routine(patient, ("trapezius", "right", 15), ("trapezius", "left", 15), ("scalenes", "left", 15))
    page.clock.install()
    page.goto(f"/session/start/{routine.pk}/")
    freeze(page)
    sid = session_id(page)
    page.get_by_role("button", name="7 out of 10", exact=True).click()
    in_position(page)
    page.clock.fast_forward("00:15")
    wait_saved(page)
    page.reload()
    page.get_by_role("button", name="Finish without the rest").click()
    page.get_by_role("button", name="Go back to the session").click()
    assert page.locator("[data-progress]").inner_text() == "Area 2 of 3"
    page.get_by_role("button", name="Stop here and finish the session").click()
    page.get_by_role("button", name="4 out of 10", exact=True).click()
    assert page.locator("[data-summary]").inner_text() == "1 area done, under a minute."
    wait_saved(page)
    session = Session.objects.get(pk=sid)
    assert (session.pain_before, session.pain_after, session.active_seconds) == (7, 4, 15)
    assert list(session.events.values_list("step", "kind")) == [(0, "done")]


def test_saves_made_offline_are_sent_when_back_online(browser_page, live_server, patient):
    page = browser_page.page
    sign_in(page, live_server, patient)
    routine = make_routine(patient, ("trapezius", "right", 15), ("trapezius", "left", 15))
    page.goto(f"/session/start/{routine.pk}/")
    sid = session_id(page)
    page.context.set_offline(True)
    page.get_by_role("button", name="4 out of 10", exact=True).click()
    page.get_by_role("button", name="Skip").click()
    status = page.locator("[data-save-status]")
    page.wait_for_function("() => document.querySelector('[data-save-status]').textContent.startsWith('Not sent yet')")
    assert status.is_visible()
    waiting = pending(page)[sid]
    assert [item["url"] for item in waiting] == ["/api/v1/sessions", f"/api/v1/sessions/{sid}/events"]
    assert Session.objects.count() == 0
    assert page.url.endswith(f"/session/start/{routine.pk}/")  # not saved yet: nothing to carry on with

    page.context.set_offline(False)  # the 'online' event sends what waited, in order
    wait_saved(page)
    assert Session.objects.get(pk=sid).pain_before == 4
    assert list(StepEvent.objects.filter(session_id=sid).values_list("step", "kind")) == [(0, "skipped")]
    assert page.url.endswith(f"/session/resume/{sid}/")


def test_saves_that_failed_are_sent_on_the_next_visit(browser_page, live_server, patient):
    page = browser_page.page
    sign_in(page, live_server, patient)
    routine = make_routine(patient, ("trapezius", "right", 15), ("trapezius", "left", 15))
    page.route("**/api/v1/**", lambda route: route.abort("internetdisconnected"))
    page.goto(f"/session/start/{routine.pk}/")
    first = session_id(page)
    page.get_by_role("button", name="8 out of 10", exact=True).click()
    page.get_by_role("button", name="Next").click()
    page.wait_for_function("() => document.querySelector('[data-save-status]').textContent.startsWith('Not sent yet')")
    assert len(pending(page)[first]) == 2
    assert Session.objects.count() == 0
    browser_page.errors.clear()  # the failed requests are logged by the browser

    page.unroute("**/api/v1/**")
    page.goto(f"/session/start/{routine.pk}/")  # a new visit: a new session, and the old saves go out
    assert session_id(page) != first
    wait_until_nothing_waits(page)
    assert Session.objects.get(pk=first).pain_before == 8
    assert list(StepEvent.objects.filter(session_id=first).values_list("step", "kind")) == [(0, "skipped")]
    assert page.get_by_role("heading", name="How much does it hurt right now?").is_visible()


# ---- before the first step, and choices from settings ----------------------------------------------------------


def test_before_starting_the_session_says_its_length_what_to_have_and_where(browser_page, live_server):
    page = browser_page.page
    clear_safety_check(page, live_server)
    page.goto("/session/")
    overview = page.locator(".overview").inner_text()
    assert "17 areas, about" in overview and "minutes in all" in overview
    assert "two tennis balls tied in a sock" in overview
    assert "a chair" in overview and "→" in overview
    assert page.locator(".site-header nav").count() == 0  # no site navigation to tap away by mistake


def test_the_session_shows_where_it_is_and_the_time_left(browser_page, live_server):
    page = browser_page.page
    start_anonymous(page, live_server)
    assert page.locator("[data-progress]").inner_text() == "Area 1 of 17"
    assert page.locator("[data-time-left]").inner_text().startswith("about ")
    page.get_by_role("button", name="Skip").click()
    width = page.evaluate("document.querySelector('[data-session-bar]').style.width")
    assert width == f"{round(100 / 17)}%"


def test_a_chosen_countdown_starts_the_timer_by_itself(browser_page, live_server, patient):
    from care.door import as_themselves

    profile = as_themselves(patient).profile()
    profile.ready_seconds = 15
    profile.save()
    page = browser_page.page
    sign_in(page, live_server, patient)
    routine = make_routine(patient, ("trapezius", "right", 20))
    page.clock.install()
    page.goto(f"/session/start/{routine.pk}/")
    freeze(page)
    page.get_by_role("button", name="3 out of 10", exact=True).click()
    assert count(page) == "15" and then(page) == "then 0:20"  # the get-ready counts down, the hold follows
    assert "starts by itself" in page.locator("[data-cue]").inner_text()
    page.clock.run_for(15_000)
    assert phase(page) == "Squeeze gently and hold"
    assert count(page) == "0:20"


VOICE_SPY = """
window.spoken = [];
const voices = [{name: 'cloud', lang: 'en-US', localService: false}, {name: 'here', lang: 'en-US', localService: true}];
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  getVoices: () => voices, cancel() {}, speak: u => window.spoken.push([u.text, u.voice.name]),
}});
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
"""


@pytest.mark.parametrize("chosen", [False, True])
def test_spoken_cues_only_when_chosen_and_only_with_the_devices_own_voice(browser_page, live_server, patient, chosen):
    from care.door import as_themselves

    profile = as_themselves(patient).profile()
    profile.spoken_cues = chosen
    profile.save()
    page = browser_page.page
    page.add_init_script(VOICE_SPY)
    sign_in(page, live_server, patient)
    routine = make_routine(patient, ("trapezius", "right", 20))
    page.goto(f"/session/start/{routine.pk}/")
    page.get_by_role("button", name="3 out of 10", exact=True).click()
    in_position(page)
    spoken = page.evaluate("window.spoken")
    if chosen:
        assert spoken and all(voice == "here" for _text, voice in spoken)
        assert spoken[-1][0].startswith("Start now.")
    else:
        assert spoken == []


# ---- one tap from the answer to the action -----------------------------------------------------------------------


def test_from_the_finders_answer_to_a_session_in_one_tap(browser_page, live_server):
    page = browser_page.page
    clear_safety_check(page, live_server)
    page.goto("/find/?region=top-of-shoulder:left")
    page.locator("#finder-results").get_by_role("link", name="Start these").click()
    page.wait_for_url("**/session/now/**")
    assert page.locator("h1").inner_text() == "From the body map"
    page.get_by_role("button", name="4 out of 10", exact=True).click()
    assert heading(page).endswith("Left side")
    assert axe_violations(page) == []
    browser_page.assert_clean()


def test_from_a_muscle_page_to_a_session_in_one_tap(browser_page, live_server):
    page = browser_page.page
    clear_safety_check(page, live_server)
    page.goto("/atlas/levator-scapulae/")
    page.get_by_role("link", name="Work this muscle now").click()
    page.wait_for_url("**/session/now/**")
    assert page.locator("h1").inner_text() == "Levator scapulae"
    page.get_by_role("button", name="4 out of 10", exact=True).click()
    assert heading(page) == "Levator scapulae Right side"
    assert page.locator("[data-progress]").inner_text() == "Area 1 of 2"


# ---- a first-timer on a phone, from "where does it hurt" to a finished session ---------------------------------


def above_the_fold(page, selector: str) -> bool:
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
        selector,
    )


def test_a_first_timer_goes_from_where_it_hurts_to_a_finished_quick_session(browser_page, live_server):
    from tests.test_browser_care import answer_none_of_these

    page = browser_page.page
    page.set_default_timeout(10_000)
    page.goto("/find/")
    assert above_the_fold(page, "#map-back svg")
    page.locator('[data-region="top-of-shoulder:left"]').click()
    page.locator("[data-jump]").get_by_text("Start these").click()  # the sticky bar is the start
    # the device has not answered the safety questions yet: they come first, then straight back
    assert "/safety-check/" in page.url
    answer_none_of_these(page)
    page.wait_for_url("**/session/now/**")
    page.clock.install()  # from here on the test moves the clock
    page.reload()
    assert above_the_fold(page, '[data-screen="pain-before"] .pain-scale')
    freeze(page)
    page.get_by_role("button", name="3 out of 10", exact=True).click()
    total = json.loads(page.locator("#player-data").text_content())["steps"]
    for index in range(len(total)):
        # every step: where it is, the picture of how, the first line of how, and the button, with no scrolling
        for selector in ("[data-picture]", "[data-first-line]", '[data-action="ready"]'):
            assert above_the_fold(page, selector), f"step {index + 1}: {selector} is below the fold"
        in_position(page)
        page.clock.fast_forward(total[index]["seconds"] * 1000)
    assert page.get_by_role("heading", name="How much does it hurt now?").is_visible()
    page.get_by_role("button", name="1 out of 10", exact=True).click()
    assert page.get_by_role("heading", name="Well done").is_visible()
    page.clock.resume()  # axe-core runs on timers
    assert axe_violations(page) == []


def test_carrying_on_gives_back_the_time_that_was_left_in_an_area(browser_page, live_server, patient):
    page = browser_page.page
    sign_in(page, live_server, patient)
    routine = make_routine(patient, ("levator-scapulae", "right", 60), ("levator-scapulae", "left", 60))
    page.clock.install()
    page.goto(f"/session/start/{routine.pk}/")
    freeze(page)
    page.get_by_role("button", name="5 out of 10", exact=True).click()
    wait_saved(page)
    in_position(page)
    page.clock.run_for(20_000)
    page.reload()  # the tab was closed 20 s into the first area
    freeze(page)
    page.get_by_role("button", name="Carry on").click()
    assert heading(page) == "Levator scapulae Right side"
    assert then(page) == "then 0:40"
    in_position(page)
    page.clock.run_for(10_000)
    assert count(page) == "0:30"
    page.clock.run_for(30_000)  # the area ends at its true time, and the next has its whole time
    assert heading(page) == "Levator scapulae Left side"
    assert then(page) == "then 1:00"
