"""One tap from the answer to the action: a session of the finder's areas, or of one muscle, at once."""

import pytest
from django.urls import reverse

from care import safety
from care.models import Session
from care.routines import StepPlan, finder_plan, muscles_plan
from clinical.marks import parse_marks
from tests.safety_answers import answered_on_this_device

WORK = reverse("care:work_now")


@pytest.fixture
def checked(client):
    """A device that has answered the safety questions with no warning sign."""
    answered_on_this_device(client)
    return client


def test_the_finders_areas_become_a_session_on_the_marked_side(checked):
    response = checked.get(WORK, {"region": "top-of-shoulder:left"})
    assert response.status_code == 200
    steps = response.context["player"]["steps"]
    expected = finder_plan(parse_marks(["top-of-shoulder:left"]))
    assert [(s["muscle"], s["side"]) for s in steps] == [(p.muscle, p.side) for p in expected]
    assert all(s["side"] == "left" for s in steps if s["muscle"] != "suboccipitals")
    assert response.context["player"]["routine"]["name"] == "From the body map"


@pytest.mark.django_db
def test_without_an_account_nothing_is_kept(checked):
    response = checked.get(WORK, {"region": "top-of-shoulder:left"})
    assert response.context["player"]["signed_in"] is False
    assert Session.objects.count() == 0


def test_a_device_without_the_safety_check_answers_it_first(client):
    response = client.get(WORK, {"region": "top-of-shoulder:left"})
    assert response.status_code == 302 and response.url.startswith(reverse("care:safety_check"))


def test_a_heart_warning_holds_the_session_back(checked):
    response = checked.get(WORK, {"region": ["chest:left", "upper-arm-front:left"]})
    assert response.status_code == 200
    assert "player" not in response.context
    assert "999" in response.content.decode() or "emergency" in response.content.decode().lower()


def test_one_muscle_on_both_sides(checked):
    response = checked.get(WORK, {"muscle": "levator-scapulae"})
    steps = response.context["player"]["steps"]
    assert [(s["muscle"], s["side"]) for s in steps] == [("levator-scapulae", "right"), ("levator-scapulae", "left")]
    assert response.context["player"]["routine"]["name"] == "Levator scapulae"


def test_a_muscle_on_one_side_and_one_worked_on_both_at_once():
    assert muscles_plan(["trapezius:left"]) == [StepPlan("trapezius", "left")]
    assert muscles_plan(["suboccipitals:left"]) == [StepPlan("suboccipitals", "")]


@pytest.mark.parametrize("value", ["kneecap", "trapezius:middle", "<script>"])
def test_an_unknown_muscle_is_not_found(checked, value):
    assert checked.get(WORK, {"muscle": value}).status_code == 404


def test_an_unknown_place_is_not_found(checked):
    assert checked.get(WORK, {"region": "knee:left"}).status_code == 404


def test_nothing_asked_goes_to_the_finder(checked):
    response = checked.get(WORK)
    assert response.status_code == 302 and response.url == reverse("atlas:finder")


def test_the_finders_answer_offers_both_actions(client):
    page = client.get("/find/", {"region": "top-of-shoulder:left"}).content.decode()
    assert "Save as my routine" in page
    assert f'<a class="button" href="{WORK}?region=top-of-shoulder%3Aleft" data-start>' in page


def test_the_start_says_how_many_muscles_and_how_long(client):
    from atlas.finder import rank, session_size

    marks = ["back-of-neck", "top-of-shoulder:left", "occiput"]
    page = client.get("/find/", {"region": marks}).content.decode()
    muscles, minutes = session_size(rank(marks))
    steps = finder_plan(parse_marks(marks))
    assert muscles == len({s.muscle for s in steps}) and minutes == round(sum(s.seconds + 20 for s in steps) / 60)
    assert f"Start these {muscles} · {minutes} min" in page


def test_a_warning_replaces_both_actions(client):
    page = client.get("/find/", {"region": ["chest:left", "upper-arm-front:left"]}).content.decode()
    assert "Start these" not in page and "data-start" not in page and "Save as my routine" not in page
    assert "Not me" not in page  # an emergency cannot be waved away


def test_an_urgent_warnings_not_me_leads_to_the_start_without_an_account(checked):
    page = checked.get("/find/", {"region": "temple:left"}).content.decode()
    import html
    import re

    href = html.unescape(re.search(r'<a class="button button-quiet" href="([^"]*)">Not me', page).group(1))
    assert href.startswith(WORK) and "ack=temple-new-headache-over-50" in href
    response = checked.get(href)
    assert response.status_code == 200 and response.context["player"]["signed_in"] is False
    assert [s["muscle"] for s in response.context["player"]["steps"]]


def test_each_muscle_page_offers_to_work_it_now(client):
    page = client.get("/atlas/rhomboids/").content.decode()
    assert f'href="{WORK}?muscle=rhomboids"' in page


def test_more_places_than_one_session_takes_are_refused_with_400_and_a_clear_message(checked):
    from clinical.marks import MAX_MARKS, valid_marks

    response = checked.get(WORK, {"region": valid_marks()[: MAX_MARKS + 1]})
    assert response.status_code == 400
    assert f"Mark at most {MAX_MARKS} places for one session" in response.content.decode()
    assert checked.get(WORK, {"region": valid_marks()[:MAX_MARKS]}).status_code == 200


def test_opening_a_session_from_the_finder_writes_nothing(client, patient):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from care.door import as_themselves

    safety.record(as_themselves(patient), {}, timezone.now())
    as_themselves(patient).profile()
    client.force_login(patient)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(WORK, {"region": ["top-of-shoulder:left", "back-of-neck:left"]})
    assert response.status_code == 200
    assert response.context["player"]["regions"] == ["top-of-shoulder:left", "back-of-neck:left"]
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"} and "unknot_cache" not in q["sql"]
    ]
    assert writes == []  # no record of the person's (the shared cache may keep the built page: care.page_cache)
    assert as_themselves(patient).profile().last_finder == ""
