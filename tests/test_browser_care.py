"""A person's pages and the account pages in chromium: clean console, no other hosts, axe, 390 px."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from care.door import as_themselves
from tests.conftest import axe_violations, run_queued_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANONYMOUS_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/safety-check/"]
PERSONAL_PAGES = [
    "/home/",
    "/routines/",
    "/routines/new/",
    "/sessions/",
    "/settings/",
    "/diary/",
    "/diary/new/",
    "/questionnaire/",
    "/questionnaire/new/",
    "/safety-check/history/",
    "/accounts/password/change/",
    "/accounts/email/",
]


@pytest.fixture
def signed_in(browser_page, cast, live_server):
    client = Client()
    client.force_login(cast["patient"])
    browser_page.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return browser_page


def check(watch, url):
    page = watch.page
    response = page.goto(url)
    assert response.status == 200, url
    assert axe_violations(page) == [], url
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, url
    watch.assert_clean()


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_account_pages_are_clean_and_accessible(browser_page, url):
    check(browser_page, url)


@pytest.mark.parametrize("url", PERSONAL_PAGES)
def test_personal_pages_are_clean_and_accessible(signed_in, url):
    check(signed_in, url)


def test_a_session_page_and_a_safety_result_are_clean_and_accessible(signed_in, cast):
    check(signed_in, f"/sessions/{cast['session'].pk}/")
    check(signed_in, f"/safety-check/{cast['check'].pk}/")


def test_sign_up_and_sign_in_in_the_browser(browser_page, live_server):
    page = browser_page.page
    page.goto("/accounts/signup/")
    page.locator('input[name="email"]').fill("newcomer@example.org")
    page.locator('input[name="password1"]').fill("calm shoulders daily")
    page.locator('input[name="password2"]').fill("calm shoulders daily")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert axe_violations(page) == []
    run_queued_tasks()  # the worker sends the code
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("The 6-digit code from the email").fill(code)
    page.get_by_role("button", name="Confirm").click()
    page.goto("/home/")
    assert page.get_by_role("heading", name="My care").is_visible()
    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()
    page.wait_for_url(f"{live_server.url}/")  # the page first sends what waits on the phone, then signs out
    page.goto("/accounts/login/")
    page.locator('input[name="login"]').fill("newcomer@example.org")
    page.locator('input[name="password"]').fill("calm shoulders daily")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/home/")
    browser_page.assert_clean()


def sign_in_as(watch, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    watch.page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}])


def answer_none_of_these(page) -> None:
    """Both screens of the check: "None of these apply", twice."""
    page.get_by_role("button", name="None of these apply").click()
    page.get_by_role("heading", name="A few more questions").wait_for()
    page.get_by_role("button", name="None of these apply").click()


def test_the_safety_check_a_changed_yes_then_the_player(browser_page, live_server, other_patient):
    sign_in_as(browser_page, live_server, other_patient)
    page = browser_page.page
    page.goto("/session/")
    assert "/safety-check/" in page.url
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # The signs of a line are hidden until the line is ticked.
    lump = page.get_by_role("checkbox", name="A lump or swelling in your neck")
    page.get_by_role("button", name="None of these apply").click()
    page.get_by_role("heading", name="A few more questions").wait_for()
    assert not lump.is_visible()
    page.get_by_role("checkbox", name="a lump in your neck").check()
    page.get_by_role("button", name="Continue with what I ticked").click()
    # The line was ticked but none of its signs: the error is at that line, the tick is kept.
    assert page.locator("#signs-neck-history-error").is_visible()
    browser_page.errors.remove("Failed to load resource: the server responded with a status of 400 (Bad Request)")
    assert page.get_by_role("checkbox", name="a lump in your neck").is_checked()
    lump.check()
    page.get_by_role("button", name="Continue with what I ticked").click()
    assert page.get_by_role("heading", name="Is this right?").is_visible()
    page.get_by_role("button", name="Change my answers").click()
    assert lump.is_checked()
    lump.uncheck()
    page.get_by_role("checkbox", name="a lump in your neck").uncheck()
    page.get_by_role("button", name="None of these apply").click()
    page.wait_for_url("**/session/")
    assert "Take care: read this before your first session" in page.content()
    browser_page.assert_clean()


def test_the_first_screen_has_none_of_these_apply_within_two_phone_screens(browser_page, live_server):
    page = browser_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/safety-check/")
    button = page.get_by_role("button", name="None of these apply").bounding_box()
    assert button["y"] + button["height"] <= 2 * 844
    assert axe_violations(page) == []


def test_a_held_person_records_a_clearance_then_plays(browser_page, live_server, other_patient):
    sign_in_as(browser_page, live_server, other_patient)
    page = browser_page.page
    page.goto("/session/")
    page.get_by_role("checkbox", name="Pain with breathlessness, sweating").check()
    page.get_by_role("checkbox", name="feels like tearing").check()
    page.get_by_role("button", name="Continue with what I ticked").click()
    page.get_by_role("button", name="Yes, that's right").click()
    assert page.get_by_role("heading", name="Please get emergency help now").is_visible()
    assert axe_violations(page) == []
    page.goto("/session/")
    assert "/safety-check/" in page.url  # held
    page.get_by_label("Yes, a clinician has checked me").check()
    page.get_by_role("button", name="Record clearance").click()
    page.goto("/session/")
    # the sign went straight to what to do, so the second screen is asked alone now, then the session
    assert "/safety-check/?screen=2" in page.url
    page.get_by_role("heading", name="A few more questions").wait_for()
    page.get_by_role("button", name="None of these apply").click()
    page.wait_for_url("**/session/")
    assert "safety" not in page.url
    browser_page.assert_clean()


def test_the_finder_warns_before_the_muscles_on_a_phone(browser_page):
    page = browser_page.page
    page.goto("/find/?region=chest:left&region=upper-arm-front:left&region=hand-ring-little:left")
    warning = page.locator("#warning-heart-chest-with-arm-jaw-neck")
    assert warning.is_visible()
    assert warning.bounding_box()["y"] < page.locator(".result-list").bounding_box()["y"]
    assert page.get_by_role("link", name="Save as my routine").count() == 0
    assert page.get_by_role("link", name="Start these").count() == 0
    assert axe_violations(page) == []
    browser_page.assert_clean()


def test_settings_suggest_the_devices_time_zone(chromium, live_server, cast):
    client = Client()
    client.force_login(cast["patient"])
    context = chromium.new_context(timezone_id="Europe/Lisbon", base_url=live_server.url)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto("/settings/")
    assert page.locator("[data-time-zone]").input_value() == "Europe/Lisbon"
    page.get_by_role("button", name="Save settings").click()
    from care.door import as_themselves

    assert as_themselves(cast["patient"]).profile().time_zone == "Europe/Lisbon"
    context.close()


def test_the_routine_editor_moves_rows_up_and_down_in_place(browser_page, live_server, cast):
    from tests.cast import Role

    page = browser_page.page
    sign_in_as(browser_page, live_server, cast.person(Role.PATIENT))
    page.goto("/routines/new/")
    first = page.locator("[data-row] legend").first.inner_text()
    second = page.locator("[data-row] legend").nth(1).inner_text()
    url = page.url
    page.get_by_role("button", name=f"Move up {second}").click()
    assert page.url == url  # moved in place, no page load
    assert page.locator("[data-row] legend").first.inner_text() == second
    assert page.locator("[data-row] legend").nth(1).inner_text() == first
    assert page.evaluate("document.activeElement.textContent").startswith("Move")
    assert page.locator('input[name="form-0-ORDER"]').input_value() == "2"  # the first row now comes second
    assert axe_violations(page) == []
    browser_page.assert_clean()


def test_with_a_mouse_a_routine_row_can_be_dragged_to_its_place(browser_page, live_server, cast):
    from tests.cast import Role

    page = browser_page.page
    sign_in_as(browser_page, live_server, cast.person(Role.PATIENT))
    page.goto("/routines/new/")
    page.set_viewport_size({"width": 1000, "height": 1200})  # a mouse: a wider screen, both rows in view
    legends = page.locator("[data-row] legend")
    first, third = legends.nth(0).inner_text(), legends.nth(2).inner_text()
    legends.nth(0).scroll_into_view_if_needed()
    handle = page.locator("[data-row] .drag-handle").nth(2).bounding_box()
    target = legends.nth(0).bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 20, target["y"] + target["height"] / 2, steps=8)
    page.mouse.up()
    assert legends.nth(0).inner_text() == third
    assert legends.nth(1).inner_text() == first
    orders = page.locator('[data-row] input[name$="-ORDER"]').evaluate_all("els => els.map(e => e.value)")
    assert orders[:3] == ["1", "2", "3"]
    assert axe_violations(page) == []
    browser_page.assert_clean()


def test_a_pain_diary_entry_is_made_with_one_hand(signed_in):
    page = signed_in.page
    page.goto("/diary/new/")
    page.locator("label.pain-choice", has_text="4").click()
    page.get_by_label("Turning my head").check()
    page.get_by_text("Where does it hurt? (optional)").click()
    page.get_by_role("group", name="Back of the neck").get_by_label("Right").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/diary/")
    assert "pain 4 of 10" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    signed_in.assert_clean()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_appointment_summary_prints_on_one_page(signed_in, live_server, paper, tmp_path):
    import shutil
    import subprocess

    from django.utils import timezone

    from care.demo import make_demo

    demo, _password = make_demo(timezone.now())
    client = Client()
    client.force_login(demo)
    page = signed_in.page
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page.goto("/progress/summary/?period=1y", wait_until="networkidle")
    assert axe_violations(page) == []
    pdf = page.pdf(format=paper)
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
    if shutil.which("pdftoppm"):
        (tmp_path / "summary.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "40", "-png", str(tmp_path / "summary.pdf"), str(tmp_path / "page")], check=True
        )
        assert (tmp_path / "page-1.png").stat().st_size > 10_000  # the page has a chart and tables on it
    signed_in.assert_clean()


def test_progress_shows_the_diarys_places_and_the_charts_load(signed_in):
    page = signed_in.page
    page.goto("/diary/new/")
    page.locator("label.pain-choice", has_text="7").click()
    page.get_by_text("Where does it hurt? (optional)").click()
    page.get_by_role("group", name="Top of the shoulder").get_by_label("Left").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/diary/")
    page.goto("/progress/", wait_until="networkidle")
    assert page.locator('.then-now path.heat[data-region="top-of-shoulder:left"]').count() == 1
    for chart in page.locator("figure.chart img").all():
        chart.scroll_into_view_if_needed()
        chart.evaluate("img => img.decode()")
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert axe_violations(page) == []
    signed_in.assert_clean()


def test_the_neck_questionnaire_is_filled_in_and_its_score_charted(signed_in):
    from clinical import ndi

    page = signed_in.page
    page.goto("/questionnaire/")
    page.get_by_role("link", name="Fill it in now anyway").click()
    for item in ndi.ITEMS:
        group = page.get_by_role("group", name=str(item.heading))
        if item.id == "driving":
            group.get_by_label("I don't drive.").check()
        else:
            group.get_by_label(str(item.options[2])).check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/questionnaire/")
    main = page.locator("main").inner_text()
    assert "20" in main and "Moderate disability" in main  # 18 of 45, scaled to 50
    assert axe_violations(page) == []
    page.goto("/progress/", wait_until="networkidle")
    chart = page.locator('figure.chart img[src$="/questionnaire/scores.svg"]')
    chart.scroll_into_view_if_needed()
    chart.evaluate("img => img.decode()")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert axe_violations(page) == []
    signed_in.assert_clean()


def test_two_questions_left_out_are_marked_at_their_place(signed_in):
    page = signed_in.page
    page.goto("/questionnaire/new/")
    page.get_by_role("group", name="Pain intensity").get_by_label("I have no pain at the moment.").check()
    page.get_by_role("button", name="Save my answers").click()
    assert page.locator(".ndi-item .errorlist").count() == 9
    assert axe_violations(page) == []
    assert signed_in.foreign == []  # the console shows the 400 the form is answered with, by design


def test_progress_journey_pain_questionnaire_charts_shrinking_map_and_summary(signed_in, cast):
    """Issue 17's journey: a person enters pain, fills in the questionnaire, sees the charts and the map shrink,
    and prints the summary."""
    from datetime import timedelta

    from django.utils import timezone

    from care import diary, questionnaire
    from clinical import ndi
    from clinical.marks import Mark

    patient = cast["patient"]
    earlier = timezone.now() - timedelta(days=40)  # in the 4 weeks before the last 4
    wide = [Mark("top-of-shoulder", "left"), Mark("back-of-neck", "left"), Mark("occiput", None)]
    diary.save_entry(as_themselves(patient), 8, earlier, wide, [], "")
    questionnaire.save(as_themselves(patient), {item_id: 3 for item_id in ndi.ITEM_IDS}, earlier)
    page = signed_in.page
    page.goto("/diary/new/")
    page.locator("label.pain-choice", has_text="3").click()
    page.get_by_text("Where does it hurt? (optional)").click()
    page.get_by_role("group", name="Top of the shoulder").get_by_label("Left").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/diary/")
    page.goto("/questionnaire/new/")
    for item in ndi.ITEMS:
        page.get_by_role("group", name=str(item.heading)).get_by_label(str(item.options[1])).check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/questionnaire/")
    assert "A real improvement since the start: 20 points lower" in page.locator("main").inner_text()
    page.goto("/progress/", wait_until="networkidle")
    then_heat = page.locator(".then-now figure:first-child path.heat").count()
    now_heat = page.locator(".then-now figure:last-child path.heat").count()
    assert now_heat < then_heat  # the area shrank
    charts = page.locator("figure.chart img").all()
    assert len(charts) >= 3
    for chart in charts:
        chart.scroll_into_view_if_needed()
        chart.evaluate("img => img.decode()")
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert axe_violations(page) == []
    page.goto("/progress/summary/?period=3m", wait_until="networkidle")
    assert "Neck Disability Index: 30 of 50" in page.locator("main").inner_text()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
    assert axe_violations(page) == []
    signed_in.assert_clean()


def test_a_returning_person_answers_nothing_new_in_one_tap(browser_page, live_server, other_patient):
    from datetime import timedelta

    from care import safety
    from care.door import as_themselves

    safety.record(as_themselves(other_patient), {}, timezone.now() - timedelta(days=2))
    sign_in_as(browser_page, live_server, other_patient)
    page = browser_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/session/")
    assert "/safety-check/quick/" in page.url
    assert axe_violations(page) == []
    button = page.get_by_role("button", name="Nothing new")
    assert button.bounding_box()["y"] + button.bounding_box()["height"] <= 844  # no scrolling for the one tap
    button.click()
    page.wait_for_url("**/session/")
    browser_page.assert_clean()


def test_the_demo_patients_progress_leads_with_the_headline_above_the_fold(browser_page, live_server):
    """Issue 29: at 390 x 844 the first thing under the heading is the answer to "am I better?"."""
    from care.demo import make_demo

    demo, password = make_demo(timezone.now())
    page = browser_page.page
    page.goto("/accounts/login/")
    page.locator("input[type=email], input[name=login]").first.fill(demo.email)
    page.locator("input[type=password]").fill(password)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    page.goto("/progress/?period=all", wait_until="networkidle")
    first = page.locator("main h1 + *")
    assert first.evaluate("node => node.classList.contains('headline')")
    box = page.locator("section.headline").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844
    text = page.locator("section.headline").inner_text()
    assert "Neck questionnaire" in text and "Pain before a session" in text and "Sessions kept" in text
    assert "of 50" in text and "of 10" in text and " due" in text
    assert axe_violations(page) == []
    browser_page.assert_clean()
