"""The finder's follow-up questions in a real chromium on a 390 px phone: one tap on an answer re-ranks."""

import pytest

from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def result_names(page) -> list[str]:
    return page.locator("#finder-results .result-list h3").all_inner_texts()


def test_answering_a_question_on_a_phone_reranks_the_muscles(browser_page):
    page = browser_page.page  # a 390 px wide phone
    page.goto("/find/?region=back-of-neck:left&region=top-of-shoulder:left")
    assert result_names(page)[:2] == ["Splenius capitis and cervicis", "Levator scapulae"]
    question = page.get_by_role("group", name="turn your head")
    assert question.is_visible()
    assert axe_violations(page) == []
    question.get_by_role("button", name="Yes").click()
    page.wait_for_url("**answer=turn-head%3Ayes**")
    assert result_names(page)[0] == "Levator scapulae"
    assert (
        page.get_by_role("group", name="turn your head").get_by_role("button", name="Yes").get_attribute("aria-pressed")
        == "true"
    )
    assert "turning your head hurts" in page.locator("#finder-results .result-list").inner_text()
    assert axe_violations(page) == []
    browser_page.assert_clean()
