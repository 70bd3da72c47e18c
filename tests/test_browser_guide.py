"""The guide in a real chromium: every page loads cleanly on a phone and passes an axe-core audit."""

import pytest
from django.urls import reverse

from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["guide:home", "guide:safety", "guide:sources", "guide:privacy"]


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_errors_or_requests_to_other_hosts(browser_page, name):
    response = browser_page.page.goto(reverse(name))
    assert response.status == 200
    browser_page.page.wait_for_load_state("networkidle")
    browser_page.assert_clean()


@pytest.mark.parametrize("name", PAGES)
def test_page_passes_axe_with_no_serious_violation(browser_page, name):
    browser_page.page.goto(reverse(name))
    assert axe_violations(browser_page.page) == []


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_390px_phone_without_sideways_scrolling(browser_page, name):
    browser_page.page.goto(reverse(name))
    overflow = browser_page.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


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
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
