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
    assert "Work on these now" in page and "Save as my routine" in page
    assert f"{WORK}?region=top-of-shoulder%3Aleft" in page


def test_a_warning_replaces_both_actions(client):
    page = client.get("/find/", {"region": ["chest:left", "upper-arm-front:left"]}).content.decode()
    assert "Work on these now" not in page and "Save as my routine" not in page


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
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []
    assert as_themselves(patient).profile().last_finder == ""
