"""The finder's follow-up questions: cited, asked only when they tell the leading muscles apart, at most two,
nudging (never hiding) muscles, and never touching the warnings; the page and the API agree."""

import gzip
import tomllib
from pathlib import Path

import pytest
from django.urls import reverse

from atlas.finder import (
    EFFECTS,
    ESSENTIAL,
    SPILLOVER,
    UnknownAnswer,
    first_tie,
    parse_answers,
    questions_for,
    rank,
    separates,
)
from clinical.content import ContentError, content, load

PRESENTATIONS = tomllib.loads((Path(__file__).parent / "data" / "presentations.toml").read_text())["presentation"]
NECK = ["back-of-neck", "top-of-shoulder"]


def ids(results) -> list[str]:
    return [result.muscle.id for result in results]


def asked(regions: list[str]) -> list[str]:
    return [question.id for question in questions_for(rank(regions))]


def test_every_answers_effect_cites_a_source_of_weight():
    data = content()
    assert data.questions and len(data.questions.questions) >= 3
    for question in data.questions.questions:
        for answer in filter(None, (question.yes, question.no)):
            assert any(data.sources[key].of_weight for key in answer.sources), question.id
            assert set(answer.muscles) <= set(data.muscles)


def test_an_answer_resting_on_lay_sources_alone_stops_the_content(tmp_path, settings):
    import shutil

    shutil.copytree(settings.CONTENT_DIR, tmp_path / "content")
    path = tmp_path / "content" / "questions.toml"
    text = path.read_text().replace('sources = ["namtpt-supraspinatus"]', 'sources = ["painwhisperer-arm-pain"]')
    path.write_text(text)
    with pytest.raises(ContentError, match=r"questions \(lift-arm\)\.yes: rests on lay sources alone"):
        load(tmp_path / "content")


def test_a_question_naming_an_unknown_muscle_stops_the_content(tmp_path, settings):
    import shutil

    shutil.copytree(settings.CONTENT_DIR, tmp_path / "content")
    path = tmp_path / "content" / "questions.toml"
    path.write_text(path.read_text().replace('muscles = ["supraspinatus"]', 'muscles = ["biceps"]', 1))
    with pytest.raises(ContentError, match="unknown muscle 'biceps'"):
        load(tmp_path / "content")


def test_turning_the_head_lifts_levator_scapulae_past_splenius():
    assert ids(rank(NECK))[:2] == ["splenius", "levator-scapulae"]
    assert ids(rank(NECK, answers={"turn-head": True}))[0] == "levator-scapulae"
    reasons = rank(NECK, answers={"turn-head": True})[0].reasons
    assert any("turning your head" in reason for reason in reasons)


def test_a_head_that_turns_freely_damps_levator_scapulae_without_hiding_it():
    before = {r.muscle.id: r.score for r in rank(NECK)}
    after = {r.muscle.id: r.likelihood for r in rank(NECK, answers={"turn-head": False})}
    before = {r.muscle.id: r.likelihood for r in rank(NECK)}
    assert after["levator-scapulae"] == before["levator-scapulae"] * EFFECTS["damp"]
    assert after["trapezius"] == before["trapezius"]
    assert set(after) == set(before)


def test_reaching_behind_the_back_lifts_infraspinatus_over_the_pectorals():
    assert ids(rank(["front-of-shoulder"]))[0] == "pectoralis-major"
    assert ids(rank(["front-of-shoulder"], answers={"reach-behind": True}))[0] == "infraspinatus"


def test_lifting_the_arm_lifts_supraspinatus():
    marks = ["back-of-shoulder", "side-of-shoulder"]
    assert ids(rank(marks))[0] != "supraspinatus"
    assert ids(rank(marks, answers={"lift-arm": True}))[0] == "supraspinatus"


def test_effects_are_modest():
    """An answer is a likelihood ratio smaller than that between an essential and a spillover region."""
    assert 1 < EFFECTS["boost"] < ESSENTIAL / SPILLOVER
    assert SPILLOVER / ESSENTIAL < EFFECTS["damp"] < 1


def test_a_question_is_asked_only_when_it_separates_the_leading_muscles():
    assert asked(NECK) == ["turn-head"]
    assert "turn-head" not in asked(["temple", "around-eye"])  # no levator scapulae near the top
    assert asked(["chest"]) == []  # the pectorals and scalenes lead; no question tells them apart
    assert asked(["front-of-shoulder"]) == ["reach-behind"]


def test_a_question_that_tells_apart_muscles_tied_in_first_place_is_asked_first():
    """Between the shoulder blades: rhomboids, infraspinatus and thoracic paraspinals are equally likely; reaching
    behind the back tells infraspinatus from the other two."""
    results = rank(["between-shoulder-blades"])
    tied = first_tie(results)
    assert tied == {"rhomboids", "infraspinatus", "thoracic-paraspinals"}
    first = questions_for(results)[0]
    assert first.id == "reach-behind" and separates(first, tied)
    assert ids(rank(["between-shoulder-blades"], answers={"reach-behind": True}))[0] == "infraspinatus"


def test_every_tie_in_first_place_that_a_question_separates_gets_it():
    for case in PRESENTATIONS:
        results = rank(case["regions"])
        tied = first_tie(results)
        separating = [q.id for q in content().questions.questions if separates(q, tied)]
        if separating:
            assert set(separating[:2]) <= {q.id for q in questions_for(results)}, case["id"]


def test_at_most_two_questions_are_asked():
    for case in PRESENTATIONS:
        assert len(asked(case["regions"])) <= 2
    assert asked(["side-of-shoulder"]) == ["reach-behind", "lift-arm"]


def test_answers_are_parsed_and_unknown_ones_refused():
    assert parse_answers(["turn-head:yes", "lift-arm:no"]) == {"turn-head": True, "lift-arm": False}
    with pytest.raises(UnknownAnswer) as error:
        parse_answers(["turn-head:maybe", "grind:yes", "turn-head"])
    assert error.value.answers == ["turn-head:maybe", "grind:yes", "turn-head"]
    assert "turn-head:yes" in error.value.valid


def test_the_presentations_answers_and_most_are_valid():
    for case in PRESENTATIONS:
        parse_answers(case.get("answers", []))
        assert case.get("most", case["regions"][0]) in case["regions"]


def test_the_presentations_answers_never_lower_top_one():
    """Answers taken from each case's own source put its named muscle first more often, never less."""
    cases = [case for case in PRESENTATIONS if case.get("answers")]
    assert cases

    def first(case, answers):
        return ids(rank(case["regions"], answers=parse_answers(answers)))[0] in case["expected"]

    without = sum(first(case, []) for case in cases)
    with_answers = sum(first(case, case["answers"]) for case in cases)
    assert with_answers > without
    for case in cases:
        assert set(case["expected"]) & set(ids(rank(case["regions"], answers=parse_answers(case["answers"])))[:3])


# The page and the API


def test_the_page_works_without_answers_and_offers_the_question(client):
    page = client.get(reverse("atlas:finder"), {"region": NECK}).content.decode()
    assert "turn your head" in page
    assert 'name="answer" value="turn-head:yes"' in page
    assert page.index("/atlas/splenius/") < page.index("/atlas/levator-scapulae/")


def test_the_page_reranks_on_an_answer_and_keeps_the_question(client):
    response = client.get(reverse("atlas:finder"), {"region": NECK, "answer": "turn-head:yes"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("/atlas/levator-scapulae/") < page.index("/atlas/splenius/")
    assert 'value="turn-head:yes" aria-pressed="true"' in page
    assert '<input type="hidden" name="answer" value="turn-head:yes">' in page


def test_the_page_refuses_unknown_answers_with_400(client):
    for bad in ("turn-head:maybe", "grind:yes"):
        response = client.get(reverse("atlas:finder"), {"region": NECK, "answer": bad})
        assert response.status_code == 400
        assert "know these answers" in response.content.decode()


def test_the_api_reranks_on_an_answer_and_lists_the_questions(client):
    body = client.get("/api/v1/finder", {"region": NECK}).json()
    assert [q["id"] for q in body["questions"]] == ["turn-head"]
    assert body["questions"][0]["answer"] is None and body["questions"][0]["sources"]
    answered = client.get("/api/v1/finder", {"region": NECK, "answer": "turn-head:yes"}).json()
    assert answered["results"][0]["muscle"] == "levator-scapulae"
    assert answered["questions"][0]["answer"] == "yes"


def test_the_api_refuses_unknown_answers_with_the_valid_ones(client):
    response = client.get("/api/v1/finder", {"region": NECK, "answer": "turn-head:maybe"})
    assert response.status_code == 400
    body = response.json()
    assert body["invalid"] == ["turn-head:maybe"] and "turn-head:no" in body["valid"]


def test_the_page_and_the_api_agree(client):
    for regions, answers in ((NECK, ["turn-head:yes"]), (["front-of-shoulder"], ["reach-behind:no"]), (NECK, [])):
        body = client.get("/api/v1/finder", {"region": regions, "answer": answers}).json()
        page = client.get(reverse("atlas:finder"), {"region": regions, "answer": answers}).content.decode()
        positions = [page.index(f'href="/atlas/{r["muscle"]}/#') for r in body["results"]]
        assert positions == sorted(positions)
        for question in body["questions"]:
            assert f'id="question-{question["id"]}"' in page


def test_the_answer_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/finder"]["get"]["parameters"]}
    assert parameters["answer"]["schema"]["type"] == "array"
    assert "FinderQuestion" in schema["components"]["schemas"]


@pytest.mark.parametrize("answer", ["heart", "turn-head:no", "reach-behind:yes"])
def test_answers_never_hide_a_red_flag_warning(client, answer):
    """Chest with the front of the shoulder: the heart warning shows whatever is answered."""
    regions = ["chest:left", "front-of-shoulder:left"]
    params = {"region": regions} | ({"answer": answer} if answer != "heart" else {})
    body = client.get("/api/v1/finder", params).json()
    assert body["warnings"] and body["warnings"][0]["level"] == "emergency"
    page = client.get(reverse("atlas:finder"), params).content.decode()
    assert f'id="warning-{body["warnings"][0]["id"]}"' in page


def test_the_finder_page_with_questions_stays_within_its_budget(client):
    page = client.get(reverse("atlas:finder"), {"region": ["side-of-shoulder", "top-of-shoulder"]}).content
    assert b'id="question-' in page
    assert len(gzip.compress(page)) <= 14 * 1024


def test_the_last_answer_to_a_question_counts():
    """The page keeps a given answer as a hidden field before the buttons, so a new tap comes last and wins."""
    assert parse_answers(["turn-head:yes", "turn-head:no"]) == {"turn-head": False}


def test_pain_on_chewing_lifts_the_jaw_muscles_over_the_neck_muscles():
    marks = ["cheek-jaw", "side-of-neck"]
    assert asked(marks) == ["chew"]
    assert ids(rank(marks))[0] == "trapezius"
    assert ids(rank(marks, answers={"chew": True}))[0] == "masseter"
    assert ids(rank(["temple", "cheek-jaw"], answers={"chew": True}))[0] == "temporalis"
