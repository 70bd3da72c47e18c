"""The finder's body map in a real chromium: tap or press keys to mark where it hurts, see the ranking."""

import pytest

from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def result_names(page) -> list[str]:
    return page.locator("#finder-results .result-list h3").all_inner_texts()


def test_tapping_regions_ranks_muscles_and_keeps_the_selection_in_the_url(browser_page):
    page = browser_page.page
    page.goto("/find/")
    page.get_by_role("tab", name="Side").click()
    page.get_by_role("checkbox", name="Temple, left").click()
    page.wait_for_selector("#finder-results .result-list")
    assert result_names(page)[0] == "Semispinalis and cervical multifidi"
    assert "region=temple%3Aleft" in page.url
    assert page.get_by_role("checkbox", name="Temple, left").get_attribute("aria-checked") == "true"
    assert "Temple, left" in page.locator("[data-marked-list]").inner_text()

    page.get_by_role("tab", name="Back").click()
    page.get_by_role("checkbox", name="Between the shoulder blades, left").click()
    page.wait_for_function(
        "() => document.querySelector('#finder-results').innerText.includes('between your shoulder')"
    )
    assert "region=between-shoulder-blades%3Aleft" in page.url
    browser_page.assert_clean()


def test_tapping_again_clears_the_region(browser_page):
    page = browser_page.page
    page.goto("/find/?region=back-of-neck:right")
    region = page.get_by_role("checkbox", name="Back of the neck, right")
    assert region.get_attribute("aria-checked") == "true"
    region.click()
    assert region.get_attribute("aria-checked") == "false"
    page.wait_for_function("() => document.querySelector('#finder-results').innerText === ''")
    assert "region=" not in page.url


def test_the_map_works_by_keyboard(browser_page):
    page = browser_page.page
    page.goto("/find/")
    page.get_by_role("tab", name="Back").focus()
    page.keyboard.press("ArrowLeft")  # back -> front
    assert page.get_by_role("tab", name="Front").get_attribute("aria-selected") == "true"
    region = page.get_by_role("checkbox", name="Chest, left")
    region.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#finder-results .result-list")
    assert "Pectoralis" in " ".join(result_names(page))
    page.keyboard.press(" ")
    assert region.get_attribute("aria-checked") == "false"


def test_the_list_and_the_map_mark_the_same_thing(browser_page):
    page = browser_page.page
    page.goto("/find/")
    page.locator("[data-region-list] summary").click()
    page.get_by_role("group", name="Temple").get_by_label("Right").check()
    assert page.locator('[data-region="temple:right"]').get_attribute("aria-checked") == "true"
    page.wait_for_selector("#finder-results .result-list")


def test_the_body_map_passes_axe(browser_page):
    page = browser_page.page
    page.goto("/find/?region=temple:left")
    for view in ("Front", "Back", "Side"):
        page.get_by_role("tab", name=view).click()
        assert axe_violations(page) == []


def test_without_javascript_the_map_points_to_the_list(chromium, live_server):
    context = chromium.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/find/")
    # the map is drawn from the first paint (nothing shifts when it loads), and says where to mark instead
    # (a disabled-script context still parses <noscript> as hidden, so check it is there rather than shown)
    assert "Choose them from the list below instead" in page.locator("[data-body-map] noscript").inner_html()
    assert page.get_by_role("button", name="Show muscles").is_visible()
    context.close()


def test_choosing_where_it_hurts_most_on_a_phone_reranks_the_muscles(browser_page):
    page = browser_page.page  # a 390 px wide phone
    page.goto("/find/?region=side-of-neck:left&region=ear:left")
    assert result_names(page)[0] == "Masseter"
    page.get_by_role("group", name="Which place hurts most? (optional)").get_by_label("Side of the neck (left)").check()
    page.get_by_role("button", name="Update the muscles").click()
    page.wait_for_url("**most=side-of-neck%3Aleft**")
    assert result_names(page)[0] == "Trapezius"
    assert axe_violations(page) == []
    browser_page.assert_clean()


def test_the_temple_on_the_side_view_takes_a_tap_24_px_across_on_a_phone(browser_page, live_server):
    page = browser_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/find/")
    page.get_by_role("tab", name="Side").click()
    temple = page.locator('#map-side [data-region="temple:left"]')
    box = temple.bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for dx, dy in ((-11.5, 0), (11.5, 0), (0, -11.5), (0, 11.5)):  # 23 px across, each way
        page.mouse.click(middle[0] + dx, middle[1] + dy)
        assert temple.get_attribute("aria-checked") == "true", (dx, dy)
        page.mouse.click(middle[0] + dx, middle[1] + dy)  # and off again
        assert temple.get_attribute("aria-checked") == "false", (dx, dy)
