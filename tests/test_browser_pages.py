"""Every public page in a real chromium: loads cleanly on a phone and passes an axe-core audit."""

import pytest
from django.urls import reverse

from clinical.content import content
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/safety/",
    "/sources/",
    "/sources/trapezius/",
    "/privacy/",
    "/data/",
    "/atlas/",
    "/atlas/acupoints/",
    *[f"/atlas/{muscle}/" for muscle in content().muscles],
    "/find/",
    "/find/?region=temple:left&region=side-of-neck:left",
    "/find/?region=",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_loads_without_errors_or_requests_to_other_hosts(browser_page, url):
    response = browser_page.page.goto(url)
    assert response.status == 200
    browser_page.page.wait_for_load_state("networkidle")
    browser_page.assert_clean()


@pytest.mark.parametrize("url", [*PAGES, "/no-such-page/", "/find/?region=knee"])
def test_page_passes_axe_with_no_serious_violation(browser_page, url):
    browser_page.page.goto(url)
    assert axe_violations(browser_page.page) == []


@pytest.mark.parametrize("url", PAGES)
def test_page_fits_a_390px_phone_without_sideways_scrolling(browser_page, url):
    browser_page.page.goto(url)
    overflow = browser_page.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_the_finder_works_without_javascript(chromium, live_server):
    context = chromium.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/find/")
    page.get_by_role("group", name="Temple").get_by_label("Left").check()
    page.get_by_role("button", name="Show muscles").click()
    assert "region=temple%3Aleft" in page.url
    assert page.get_by_role("heading", name="Muscles to check").is_visible()
    page.get_by_role("link", name="Trapezius").click()
    assert page.url.endswith("/atlas/trapezius/#point-trapezius-upper")
    context.close()


def test_skip_link_takes_keyboard_users_to_the_content(browser_page):
    page = browser_page.page
    page.goto(reverse("guide:home"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_printed_guide_is_a_clean_handout(browser_page):
    page = browser_page.page
    page.goto(reverse("guide:home"))
    page.emulate_media(media="print")
    assert page.locator(".site-header nav").is_hidden()
    assert page.locator(".toc").is_hidden()
    assert page.locator(".start-here").is_hidden()
    visible = page.locator("a.button, button").evaluate_all("els => els.filter(e => e.offsetParent !== null).length")
    assert visible == 0  # nothing to tap on paper
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("muscle", list(content().muscles))
def test_a_printed_muscle_page_fits_two_a4_pages(browser_page, muscle):
    import re

    page = browser_page.page
    page.goto(f"/atlas/{muscle}/", wait_until="networkidle")
    pdf = page.pdf(format="A4")
    assert 1 <= len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) <= 2


@pytest.mark.parametrize("muscle", list(content().muscles))
def test_every_muscle_drawing_loads_as_an_image(browser_page, muscle):
    page = browser_page.page
    page.goto(f"/atlas/{muscle}/", wait_until="networkidle")
    drawing = page.locator("figure.drawing img")
    assert drawing.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "trigger point" in drawing.get_attribute("alt").lower()
    browser_page.assert_clean()


def test_a_printed_muscle_page_keeps_its_drawing(browser_page, tmp_path):
    import shutil
    import subprocess

    page = browser_page.page
    page.goto("/atlas/trapezius/", wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.locator("figure.drawing img").is_visible()
    assert page.locator(".site-header nav").is_hidden()
    pdf = tmp_path / "trapezius.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Find it" in text and "Usually sends pain to" in text


def test_a_trigger_points_own_pain_shows_on_tapping_its_number(browser_page):
    page = browser_page.page
    page.goto("/atlas/trapezius/")
    picker = page.get_by_role("group", name="Show the pain of")
    drawing = page.locator("[data-zone-image]")
    before = drawing.bounding_box()
    picker.get_by_role("button", name="Spot 2").click()
    assert "point=2" in drawing.get_attribute("src")
    assert "trigger point 2" in drawing.get_attribute("alt").lower()
    assert picker.get_by_role("button", name="Spot 2").get_attribute("aria-pressed") == "true"
    page.wait_for_load_state("networkidle")
    assert drawing.bounding_box()["height"] == before["height"]  # nothing on the page moves
    picker.get_by_role("button", name="Spot 2").click()  # a second tap goes back to every spot
    assert "point=" not in drawing.get_attribute("src")
    browser_page.assert_clean()
    assert axe_violations(page) == []


LAYOUT_SHIFT = """
window.shift = 0;
new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) window.shift += e.value; }))
  .observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("url", ["/find/", "/find/?region=top-of-shoulder:left", "/", "/atlas/trapezius/"])
def test_the_page_does_not_shift_as_it_loads(browser_page, url):
    page = browser_page.page
    page.add_init_script(LAYOUT_SHIFT)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert page.evaluate("window.shift") <= 0.1


def test_the_body_map_is_in_the_first_screen_of_a_phone(browser_page):
    page = browser_page.page
    page.goto("/find/")
    top = page.locator("#map-back svg").bounding_box()["y"]
    assert top < 844 / 2  # the map begins in the upper half of a 390 x 844 screen


def test_once_the_finder_has_results_the_sticky_bar_is_the_start(browser_page):
    page = browser_page.page
    page.goto("/find/")
    jump = page.locator("[data-jump]")
    assert jump.is_hidden()
    page.locator('[data-region="top-of-shoulder:left"]').click()
    page.wait_for_function("() => !document.querySelector('[data-jump]').hidden")
    start = page.locator("#finder-results [data-start]")
    assert jump.inner_text() == start.inner_text() and jump.inner_text().startswith("Start these")
    assert jump.get_attribute("href") == start.get_attribute("href")
    assert jump.is_visible() and jump.bounding_box()["y"] < 844  # in reach without scrolling to the list
    page.locator('[data-region="top-of-shoulder:left"]').click()  # cleared: nothing to start
    page.wait_for_function("() => document.querySelector('[data-jump]').hidden")
    assert axe_violations(page) == []


def test_a_held_answer_keeps_the_sticky_bar_a_jump_to_the_warning(browser_page):
    page = browser_page.page
    page.goto("/find/")
    page.get_by_role("tab", name="Side").click()
    page.locator('#map-side [data-region="temple:left"]').click()
    page.wait_for_function("() => !document.querySelector('[data-jump]').hidden")
    jump = page.locator("[data-jump]")
    count = page.locator("#finder-results .result-list > li").count()
    assert jump.inner_text() == (f"See the {count} muscles to check" if count > 1 else "See the 1 muscle to check")
    jump.click()
    assert page.url.endswith("#finder-results")


def test_a_tap_just_beside_a_small_place_marks_it(browser_page):
    page = browser_page.page
    page.goto("/find/")
    page.get_by_role("tab", name="Side").click()
    temple = page.locator('#map-side [data-region="temple:right"]')
    box = temple.bounding_box()
    hit = page.locator('#map-side [data-hit="temple:right"]')
    assert hit.count() == 1
    # a point just outside the drawn shape where nothing else is drawn: the widened target takes the tap
    spot = page.evaluate(
        """box => {
          for (const d of [1, 2]) for (const [dx, dy] of [[0, -1], [0, 1], [-1, 0], [1, 0], [-1, -1], [1, -1], [-1, 1], [1, 1]]) {
            const x = box.x + box.width / 2 + dx * (box.width / 2 + d), y = box.y + box.height / 2 + dy * (box.height / 2 + d);
            const el = document.elementFromPoint(x, y);
            if (el && el.getAttribute('data-hit') === 'temple:right') return [x, y];
          }
          return null;
        }""",
        box,
    )
    assert spot is not None
    page.mouse.click(*spot)
    assert temple.get_attribute("aria-checked") == "true"
