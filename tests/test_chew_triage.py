"""Jaw pain on chewing, over 50, can be giant cell arteritis: a "yes" to the chew question raises the urgent
warning and holds a start wherever it begins (the finder page, the API, the player, the routine editor) until
the person says it is not them, as the temple warning does; a "no" raises nothing."""

import html
import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from clinical.content import ContentError, content, load
from clinical.marks import parse_marks
from clinical.triage import blocking, warnings_for
from tests.safety_answers import answered_on_this_device

JAW = "jaw-pain-chewing-over-50"
TEMPLE = "temple-new-headache-over-50"
MARKS = ["cheek-jaw:left", "ear:left"]  # a plain jaw pattern: no warning from the marks alone, the chew question asked
YES = {"region": MARKS, "answer": "chew:yes"}
NO = {"region": MARKS, "answer": "chew:no"}


@pytest.fixture
def checked(client):
    """A device that has answered the safety questions with no warning sign."""
    answered_on_this_device(client)
    return client


def links(page: str, text: str) -> list[dict[str, list[str]]]:
    """The query of every link on the page whose text contains `text`."""
    found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>', page)
    return [parse_qs(urlsplit(html.unescape(href)).query) for href, label in found if text in html.unescape(label)]


# The content


def test_the_chew_question_declares_the_jaw_pain_red_flag():
    chew = next(q for q in content().questions.questions if q.id == "chew")
    assert JAW in chew.yes.may_indicate
    assert JAW in {flag.id for flag in content().rules.red_flags}
    rule = next(w for w in content().triage.warnings if w.id == JAW)
    assert rule.answers == ["chew:yes"] and rule.flag == JAW and rule.level == "urgent"


def test_the_jaw_warning_cites_the_bsr_guideline_and_smetana():
    rule = next(w for w in content().triage.warnings if w.id == JAW)
    assert {"bsr-2020-gca", "smetana-2002-gca"} <= set(rule.sources)
    text = f"{rule.title} {rule.text}".lower()
    assert "over 50" in text and "when you chew" in text and "eases when you stop" in text
    assert "see a doctor today" in text


def test_the_boost_no_longer_calls_the_jaw_muscles_the_cause_without_the_warning():
    chew = next(q for q in content().questions.questions if q.id == "chew")
    assert "does not fit you" in chew.yes.reason


def _without_the_jaw_rule(draft) -> None:
    path = draft / "triage.toml"
    text = path.read_text()
    cut = re.sub(r'\[\[warnings\]\]\nid = "jaw-pain-chewing-over-50"\n.*?(?=\n\[\[warnings\]\])', "", text, flags=re.S)
    assert cut != text
    path.write_text(cut)


def test_the_content_check_fails_when_the_chew_rule_is_removed(tmp_path, settings):
    draft = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, draft)
    call_command("content", "check", "--dir", str(draft))  # the copy passes as it is
    _without_the_jaw_rule(draft)
    with pytest.raises(
        CommandError, match=r"questions\[3\] \(chew\)\.yes\.may_indicate: 'jaw-pain-chewing-over-50' has"
    ):
        call_command("content", "check", "--dir", str(draft))


def test_a_rule_keyed_on_another_answer_does_not_count(tmp_path, settings):
    draft = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, draft)
    path = draft / "triage.toml"
    path.write_text(path.read_text().replace('answers = ["chew:yes"]', 'answers = ["chew:no"]'))
    with pytest.raises(ContentError, match=r"has no warning in triage\.toml keyed on this answer"):
        load(draft)


@pytest.mark.parametrize(
    ("file", "old", "new", "error"),
    [
        (
            "questions.toml",
            'may_indicate = ["jaw-pain-chewing-over-50"]',
            'may_indicate = ["jaw-ache"]',
            "not a red flag",
        ),
        ("triage.toml", 'answers = ["chew:yes"]', 'answers = ["grind:yes"]', r"is not an answer of questions\.toml"),
        ("triage.toml", 'answers = ["chew:yes"]', "", "needs marked places"),
    ],
)
def test_a_broken_answer_rule_stops_the_content(tmp_path, settings, file, old, new, error):
    draft = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, draft)
    path = draft / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    with pytest.raises(ContentError, match=error):
        load(draft)


# The rule


def test_a_yes_to_chew_raises_the_urgent_jaw_warning_by_itself():
    found = warnings_for(parse_marks(MARKS), {"chew": True})
    assert [(w.id, w.level) for w in found] == [(JAW, "urgent")]
    assert blocking(found) and not blocking(found, {JAW})
    assert warnings_for([], {"chew": True})[0].id == JAW


def test_a_no_to_chew_raises_nothing():
    assert warnings_for(parse_marks(MARKS), {"chew": False}) == []
    assert warnings_for(parse_marks(MARKS), {}) == []


def test_the_temple_and_the_jaw_warnings_both_show_and_each_needs_its_not_me():
    found = warnings_for(parse_marks(["temple:left", "cheek-jaw:left"]), {"chew": True})
    assert [w.id for w in found] == [TEMPLE, JAW]
    assert [w.id for w in blocking(found, {TEMPLE})] == [JAW]
    assert blocking(found, {TEMPLE, JAW}) == []


# The finder page


def test_the_finder_page_shows_the_jaw_warning_above_the_muscles_with_its_sources(client):
    response = client.get(reverse("atlas:finder"), YES)
    page = response.content.decode()
    assert response.status_code == 200
    warning = page.index(f'id="warning-{JAW}"')
    assert page.index('id="finder-results"') < warning < page.index('class="result-list"')
    box = page[warning : page.index("</div>", warning)]
    assert "See a doctor today if this fits you" in box and "#source-smetana-2002-gca" in box
    assert "#source-bsr-2020-gca" in box


def test_the_finder_page_holds_the_start_until_not_me(client):
    page = client.get(reverse("atlas:finder"), YES).content.decode()
    assert "Start these" not in page and "data-start" not in page and "Save as my routine" not in page
    assert "Please read the warning above first" in page
    [ack] = links(page, "Not me (I'm under 50, or a doctor has already checked this jaw pain): start")
    assert ack == {"region": MARKS, "answer": ["chew:yes"], "ack": [JAW]}
    start = re.search(r'href="([^"]*)">Not me \(', page).group(1)
    assert html.unescape(start).startswith(reverse("care:work_now"))


def test_a_no_to_chew_on_the_finder_page_offers_the_start_with_the_answer(client):
    page = client.get(reverse("atlas:finder"), NO).content.decode()
    assert 'class="warning' not in page
    [work] = links(page, "Start these")
    [routine] = links(page, "Save as my routine")
    assert work == routine == {"region": MARKS, "answer": ["chew:no"]}


def test_the_temple_with_a_yes_to_chew_needs_one_not_me_for_both(client):
    page = client.get(reverse("atlas:finder"), {"region": ["temple:left", "cheek-jaw:left"], "answer": "chew:yes"})
    [ack] = links(page.content.decode(), "Not me (")
    assert ack["ack"] == [TEMPLE, JAW] and ack["answer"] == ["chew:yes"]


# The API


def test_the_api_carries_the_jaw_warning_on_a_yes(client):
    response = client.get("/api/v1/finder", YES)
    assert response.status_code == 200
    [warning] = response.json()["warnings"]
    assert (warning["id"], warning["level"]) == (JAW, "urgent")
    assert {"bsr-2020-gca", "smetana-2002-gca"} <= {source["key"] for source in warning["sources"]}
    assert response.json()["results"][0]["muscle"] in {"masseter", "temporalis"}


def test_the_api_raises_nothing_on_a_no(client):
    response = client.get("/api/v1/finder", NO)
    assert response.status_code == 200 and response.json()["warnings"] == []


def test_the_api_says_an_answer_can_add_a_warning(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "chew:yes" in schema["paths"]["/api/v1/finder"]["get"]["description"]


# The player (Work on these now)


def test_the_player_holds_a_start_from_a_yes_to_chew(checked):
    response = checked.get(reverse("care:work_now"), YES)
    page = response.content.decode()
    assert response.status_code == 200
    assert "player" not in response.context and "Please read this first" in page
    assert f'id="warning-{JAW}"' in page
    [back] = links(page, "Back to the body map")
    assert back == {"region": MARKS, "answer": ["chew:yes"]}


def test_the_player_starts_once_the_person_says_not_me(checked):
    response = checked.get(reverse("care:work_now"), {**YES, "ack": JAW})
    assert response.status_code == 200
    steps = response.context["player"]["steps"]
    assert steps[0]["muscle"] in {"masseter", "temporalis"}  # the order the person saw, answer included


def test_the_player_starts_on_a_no_to_chew(checked):
    response = checked.get(reverse("care:work_now"), NO)
    assert response.status_code == 200 and "player" in response.context


def test_the_player_refuses_an_unknown_answer(checked):
    assert checked.get(reverse("care:work_now"), {"region": MARKS, "answer": "chew:maybe"}).status_code == 404


# The routine editor (Save as my routine, and Not me)


def test_a_routine_from_a_yes_to_chew_gives_way_to_the_warning(client, patient):
    client.force_login(patient)
    response = client.get(reverse("care:routine_new"), YES)
    page = response.content.decode()
    assert response.status_code == 200 and "Please read this first" in page
    assert f'id="warning-{JAW}"' in page and 'name="name"' not in page


def test_not_me_from_the_finder_releases_the_routine(client, patient):
    client.force_login(patient)
    page = client.get(reverse("atlas:finder"), YES).content.decode()
    href = html.unescape(re.search(r'<a href="([^"]*)">Not me: keep them as a routine', page).group(1))
    assert href.startswith(reverse("care:routine_new"))
    response = client.get(href)
    form = response.content.decode()
    assert response.status_code == 200 and "Please read this first" not in form and 'name="name"' in form
    assert ("masseter", "left") in [(row["muscle"], row["side"]) for row in response.context["formset"].initial]


def test_a_routine_from_a_no_to_chew_is_offered(client, patient):
    client.force_login(patient)
    response = client.get(reverse("care:routine_new"), NO)
    page = response.content.decode()
    assert response.status_code == 200 and "Please read this first" not in page and 'name="name"' in page


def test_acknowledging_only_the_temple_still_holds_a_yes_to_chew(client, patient):
    client.force_login(patient)
    query = {"region": ["temple:left", "cheek-jaw:left"], "answer": "chew:yes", "ack": TEMPLE}
    page = client.get(reverse("care:routine_new"), query).content.decode()
    assert "Please read this first" in page and f'id="warning-{JAW}"' in page
    assert f'id="warning-{TEMPLE}"' not in page
