"""The finder's one form, read by the page and the API alike; one ranking per request; ties shown as ties."""

from unittest import mock
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.http import QueryDict
from django.urls import reverse

from atlas import finder
from atlas.finder import Mark
from atlas.forms import FinderForm

BLADES = ["between-shoulder-blades"]  # rhomboids, infraspinatus and thoracic paraspinals are equally likely
TIED = {"rhomboids", "infraspinatus", "thoracic-paraspinals"}


def query(**params) -> QueryDict:
    return QueryDict(urlencode(params, doseq=True))


def test_the_form_cleans_the_marks_the_place_that_hurts_most_and_the_answers():
    form = FinderForm(query(region=["temple:left", " ", "ear"], most="ear", answer=["chew:yes", ""]))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["region"] == [Mark("temple", "left"), Mark("ear")]
    assert form.cleaned_data["most"] == Mark("ear")
    assert form.cleaned_data["answer"] == {"chew": True}
    assert form.refusal() is None


@pytest.mark.parametrize(
    ("params", "field", "code", "invalid"),
    [
        ({}, "region", "required", []),
        ({"region": [" "]}, "region", "required", []),
        ({"region": ["knee"]}, "region", "unknown", ["knee"]),
        ({"region": ["side-of-neck"], "most": "ear"}, "most", "not-marked", ["ear"]),
        ({"region": ["side-of-neck"], "answer": ["chew:maybe"]}, "answer", "unknown", ["chew:maybe"]),
    ],
)
def test_the_form_refuses_naming_what_was_wrong_and_what_is_valid(params, field, code, invalid):
    refused = FinderForm(query(**params)).refusal()
    assert refused is not None
    name, error = refused
    assert (name, error.code, error.params["invalid"]) == (field, code, invalid)
    assert error.params["valid"]


@pytest.mark.parametrize(
    "params",
    [
        {"region": "knee"},
        {"region": "side-of-neck", "most": "ear"},
        {"region": "side-of-neck", "answer": "chew:maybe"},
    ],
)
def test_the_page_and_the_api_refuse_the_same_queries(client, params):
    assert client.get(reverse("atlas:finder"), params).status_code == 400
    assert client.get("/api/v1/finder", params).status_code == 400


@pytest.mark.parametrize("where", ["page", "api"])
def test_rank_runs_once_per_request_even_with_answers(client, where):
    caches["pages"].clear()  # the page's answer may be held by the fragment cache
    url = reverse("atlas:finder") if where == "page" else "/api/v1/finder"
    with mock.patch.object(finder, "rank", wraps=finder.rank) as ranking:
        response = client.get(url, {"region": ["back-of-neck", "top-of-shoulder"], "answer": "turn-head:yes"})
        assert response.status_code == 200
        assert "turn-head" in response.content.decode()  # the answered question is still offered
    assert ranking.call_count == 1


def test_the_api_gives_equally_likely_muscles_the_same_place(client):
    body = client.get("/api/v1/finder", {"region": BLADES}).json()
    first = [result for result in body["results"] if result["place"] == 1]
    assert {result["muscle"] for result in first} == TIED
    assert {result["score"] for result in first} == {100}
    assert body["results"][len(first)]["place"] == len(first) + 1
    assert body["questions"][0]["id"] == "reach-behind"  # it tells infraspinatus from the other two


def test_the_page_shows_equally_likely_muscles_as_such(client):
    caches["pages"].clear()
    page = client.get(reverse("atlas:finder"), {"region": BLADES}).content.decode()
    assert page.count('<li value="1">') == len(TIED)
    assert "Just as likely as infraspinatus and thoracic paraspinals." in page
    assert 'id="question-reach-behind"' in page


def test_a_muscle_alone_in_its_place_says_nothing_about_ties(client):
    caches["pages"].clear()
    page = client.get(reverse("atlas:finder"), {"region": ["temple", "side-of-neck"]}).content.decode()
    assert "Just as likely" not in page.split("Muscles to check")[1].split("</li>")[0]
