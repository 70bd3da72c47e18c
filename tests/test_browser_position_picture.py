"""The session's get-ready picture on a 390 x 844 phone (issue 34): the figure at least twice as tall as it was
beside the close-up, the hand's words readable without zooming, the three stages as one loop, and still one under
the other when the phone asks for less motion; the page within its budgets and still, and passing axe."""

import pytest

from atlas.drawing.position import LOOP_HEIGHT, STILLS_HEIGHT, WIDTH
from tests.conftest import axe_violations
from tests.test_browser_player import clear_safety_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The figure's rendered height on this screen before issue 34 (the figure beside the close-up in a 400 x 240
# picture, measured by this file's `measure` on the handout routine's first area, the trapezius pinch).
BEFORE_PX = 183

# The picture's own SVG, opened at its own size (1 unit = 1 px), measured there and scaled to the width the image
# has on the session page: the posed figure (the last stage's), the hand's words, and the running animations.
MEASURE = """(width) => {
  const svg = document.documentElement;
  const scale = width / svg.viewBox.baseVal.width;
  const figures = [...document.querySelectorAll('.fig')];
  const words = document.querySelector('[data-hand-label]');
  return {
    figure: figures[figures.length - 1].getBoundingClientRect().height * scale,
    words: words ? words.getBoundingClientRect().height * scale : 0,
    stages: [...document.querySelectorAll('[data-stage]')].map((g) => g.dataset.stage),
    running: document.getAnimations().length,
  };
}"""

SHIFTS = """() => { window.shifts = 0; new PerformanceObserver((list) => { for (const e of list.getEntries())
  if (!e.hadRecentInput) window.shifts += e.value; }).observe({type: 'layout-shift', buffered: true}); }"""


def get_ready(page, live_server, reduced_motion: str = "no-preference") -> dict:
    page.emulate_media(reduced_motion=reduced_motion)
    clear_safety_check(page, live_server)
    page.goto("/session/")
    page.evaluate(SHIFTS)
    page.get_by_role("button", name="4 out of 10", exact=True).click()
    page.wait_for_function("() => document.querySelector('[data-picture]').complete")
    src, width, height = page.evaluate(
        """() => { const img = document.querySelector('[data-picture]'), box = img.getBoundingClientRect();
        return [img.currentSrc, box.width, box.height]; }"""
    )
    picture = page.context.new_page()
    picture.emulate_media(reduced_motion=reduced_motion)
    picture.goto(src)
    found = picture.evaluate(MEASURE, width)
    picture.close()
    return found | {"src": src, "picture": [width, height]}


def test_the_get_ready_figure_is_twice_as_tall_and_its_hand_named_readably(browser_page, live_server):
    page = browser_page.page
    found = get_ready(page, live_server)
    assert "stage=loop" in found["src"]
    assert found["figure"] >= 2 * BEFORE_PX, found
    assert found["words"] >= 12  # "Left hand" beside the grip, at least 12 CSS px high: no zooming
    assert found["stages"] == ["position", "place", "lean"]
    assert found["running"] >= 3  # the three stages take turns
    # the picture keeps the place its width and height attributes gave it
    width, height = found["picture"]
    assert height == pytest.approx(width * LOOP_HEIGHT / WIDTH, abs=2)
    assert page.evaluate("window.shifts") <= 0.1
    browser_page.assert_clean()


def test_less_motion_shows_the_three_stages_still(browser_page, live_server):
    page = browser_page.page
    found = get_ready(page, live_server, reduced_motion="reduce")
    assert "stage=stills" in found["src"]
    assert found["stages"] == ["position", "place", "lean"]
    assert found["running"] == 0
    width, height = found["picture"]
    assert height == pytest.approx(width * STILLS_HEIGHT / WIDTH, abs=2)
    assert page.evaluate("window.shifts") <= 0.1
    assert axe_violations(page) == []
    browser_page.assert_clean()


def test_the_session_page_and_its_picture_keep_within_their_budgets(browser_page, live_server):
    page = browser_page.page
    get_ready(page, live_server)
    page.wait_for_function("() => document.querySelector('[data-drawing]').complete")
    html, picture = page.evaluate(
        """() => [performance.getEntriesByType('navigation')[0].encodedBodySize,
        performance.getEntriesByType('resource').find((e) => e.name.includes('stage=loop')).encodedBodySize]"""
    )
    # The whole page is measured compressed as in production by `make bench`; here (DEBUG, static files served
    # raw) the HTML and the picture this issue changed, both compressed by the app.
    assert html <= 14 * 1024
    assert picture <= 5 * 1024


def test_print_shows_the_three_stages_still(browser_page, live_server):
    page = browser_page.page
    get_ready(page, live_server)
    page.emulate_media(media="print")
    page.wait_for_function("() => document.querySelector('[data-picture]').currentSrc.includes('stage=stills')")
    page.wait_for_function("() => document.querySelector('[data-picture]').complete")
    browser_page.assert_clean()
