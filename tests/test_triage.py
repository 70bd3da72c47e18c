"""The finder's warnings: heart-, artery- and nerve-like patterns warn, plain muscular patterns stay calm."""

import pytest
from django.urls import reverse

from clinical.content import content
from clinical.marks import parse_marks
from clinical.triage import blocking, warnings_for

ARM_JAW_NECK = [
    "upper-arm-front",
    "upper-arm-back",
    "forearm-thumb-side",
    "forearm-little-finger-side",
    "hand-thumb-index",
    "hand-ring-little",
    "cheek-jaw",
    "front-of-neck",
    "side-of-neck",
    "front-of-shoulder",
]
HEART_ARM = "heart-chest-with-arm-jaw-neck"


def ids(marks: list[str]) -> list[str]:
    return [warning.id for warning in warnings_for(parse_marks(marks), {})]


def levels(marks: list[str]) -> list[str]:
    return [warning.level for warning in warnings_for(parse_marks(marks), {})]


@pytest.mark.parametrize("chest", ["chest", "chest:left", "chest:right"])
@pytest.mark.parametrize("region", ARM_JAW_NECK)
@pytest.mark.parametrize("side", ["", ":left", ":right"])
def test_chest_with_any_arm_hand_jaw_or_neck_region_is_an_emergency(chest, region, side):
    assert ids([chest, region + side])[0] == HEART_ARM
    assert levels([chest, region + side])[0] == "emergency"


def test_the_classic_heart_pattern_warns_first():
    found = warnings_for(parse_marks(["chest:left", "upper-arm-front:left", "hand-ring-little:left"]), {})
    assert [w.id for w in found] == [HEART_ARM]
    assert "{emergency}" in found[0].rule.text


def test_both_sides_of_the_chest_is_an_emergency():
    assert ids(["chest:left", "chest:right"]) == ["heart-chest-both-sides"]


@pytest.mark.parametrize("back", ["between-shoulder-blades", "below-shoulder-blade:left"])
def test_chest_with_the_upper_back_is_an_emergency(back):
    assert ids(["chest:right", back]) == ["chest-with-upper-back"]
    found = {w.id: w for w in warnings_for(parse_marks(["chest:left", back]), {})}
    assert "tearing" in found["chest-with-upper-back"].rule.text


def test_the_chest_alone_asks_for_a_doctor_first_without_an_emergency():
    assert ids(["chest:left"]) == ["chest-rule-out-heart"]
    assert levels(["chest:left"]) == ["clinician"]


def test_a_temple_mark_is_one_calm_conditional_urgent_line():
    found = warnings_for(parse_marks(["temple:left"]), {})
    assert [w.level for w in found] == ["urgent"]
    text = f"{found[0].rule.title} {found[0].rule.text}".lower()
    assert "if you are over 50" in text and "new" in text
    assert "emergency" not in text


@pytest.mark.parametrize("region", ["hand-thumb-index:right", "forearm-little-finger-side:left", "hand-ring-little"])
def test_a_hand_or_forearm_mark_carries_a_nerve_note(region):
    found = warnings_for(parse_marks([region]), {})
    assert [w.id for w in found] == ["tingling-arm-hand"] and "tingling" in found[0].rule.text


@pytest.mark.parametrize(
    "marks",
    [
        ["back-of-neck", "top-of-shoulder:left"],
        ["between-shoulder-blades"],
        ["over-shoulder-blade:right"],
        ["upper-arm-back:left", "back-of-shoulder:left"],
        ["occiput", "back-of-neck", "vertex"],
        ["side-of-neck:left", "top-of-shoulder:left", "over-shoulder-blade:left"],
        ["front-of-shoulder:right", "upper-arm-front:right"],
        ["cheek-jaw:left", "ear:left", "side-of-neck:left"],
    ],
)
def test_plain_muscular_patterns_stay_calm(marks):
    assert warnings_for(parse_marks(marks), {}) == []


def test_warnings_come_most_severe_first_and_a_stronger_rule_hides_a_weaker_one():
    found = ids(["chest:left", "upper-arm-front:left", "temple:left"])
    assert found == [HEART_ARM, "temple-new-headache-over-50"]  # chest-rule-out-heart and the nerve note hidden


def test_every_rule_cites_sources_and_fires_for_some_marks_and_answers():
    for rule in content().triage.warnings:
        assert rule.sources
        # one mark per group, on the left where a region has sides ("chest:unsided" keeps no side)
        marks = [
            pattern.removesuffix(":unsided") if ":" in pattern else f"{pattern}:left"
            for pattern in (group[0] for group in rule.when)
        ]
        answers = {answer.partition(":")[0]: answer.endswith(":yes") for answer in rule.answers}
        assert rule.id in [warning.id for warning in warnings_for(parse_marks(marks), answers)]


def test_an_urgent_warning_may_be_acknowledged_but_an_emergency_may_not():
    temple = warnings_for(parse_marks(["temple"]), {})
    assert blocking(temple) and not blocking(temple, {"temple-new-headache-over-50"})
    heart = warnings_for(parse_marks(["chest", "cheek-jaw"]), {})
    assert blocking(heart, {HEART_ARM})


# The page and the API


def finder_page(client, marks: list[str]) -> str:
    query = "&".join(f"region={mark}" for mark in marks)
    return client.get(f"{reverse('atlas:finder')}?{query}").content.decode()


def test_the_finder_page_shows_the_warning_above_the_muscles(client):
    page = finder_page(client, ["chest:left", "upper-arm-front:left", "hand-ring-little:left"])
    warning = page.index('id="warning-heart-chest-with-arm-jaw-neck"')
    assert warning < page.index('class="result-list"')
    assert page.index('id="finder-results"') < warning  # inside the part the body map fetches
    assert 'role="alert"' in page and "999 (UK), 112 (EU), 911 (US and Canada) or your local emergency number" in page


def test_an_emergency_answer_offers_no_routine(client):
    page = finder_page(client, ["chest:left", "cheek-jaw:left"])
    assert "Save as my routine" not in page and "won't start self-massage" in page


def test_a_calm_answer_offers_a_routine_and_no_warning(client):
    page = finder_page(client, ["back-of-neck", "top-of-shoulder:left"])
    assert 'class="warning' not in page
    assert "Save as my routine" in page and "/routines/new/?region=back-of-neck" in page


def test_an_urgent_answer_offers_a_routine_only_after_saying_it_does_not_fit(client):
    page = finder_page(client, ["temple:left"])
    assert "Save as my routine" not in page
    assert "/session/now/?region=temple%3Aleft&amp;ack=temple-new-headache-over-50" in page
    assert "/routines/new/?region=temple%3Aleft&amp;ack=temple-new-headache-over-50" in page


def test_the_routine_from_an_emergency_pattern_gives_way_to_the_warning(client, patient):
    client.force_login(patient)
    response = client.get("/routines/new/?region=chest:left&region=upper-arm-front:left&ack=" + HEART_ARM)
    page = response.content.decode()
    assert response.status_code == 200 and "Please read this first" in page
    assert 'name="name"' not in page  # no routine form


def test_the_routine_from_an_acknowledged_temple_pattern_is_offered(client, patient):
    client.force_login(patient)
    assert "Please read this first" in client.get("/routines/new/?region=temple:left").content.decode()
    page = client.get("/routines/new/?region=temple:left&ack=temple-new-headache-over-50").content.decode()
    assert "Please read this first" not in page and 'name="name"' in page


def test_the_api_carries_the_warnings_most_severe_first(client):
    body = client.get("/api/v1/finder?region=chest:left&region=upper-arm-front:left&region=temple:left").json()
    assert [w["level"] for w in body["warnings"]] == ["emergency", "urgent"]
    warning = body["warnings"][0]
    assert set(warning) == {"id", "level", "title", "text", "sources"}
    assert warning["sources"] and set(warning["sources"][0]) == {"key", "citation", "url"}


def test_a_calm_api_answer_has_no_warnings(client):
    assert client.get("/api/v1/finder?region=back-of-neck&region=top-of-shoulder:left").json()["warnings"] == []


def test_the_schema_declares_the_level_enum(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["FinderWarning"]["properties"]["level"]["enum"] == ["emergency", "urgent", "clinician"]
    assert "warnings" in schemas["FinderResults"]["required"]


def test_the_middle_of_the_chest_without_a_side_is_an_emergency():
    assert ids(["chest"]) == ["heart-chest-centre"]


@pytest.mark.parametrize("arm", ["upper-arm-front:left", "hand-ring-little:left", "front-of-shoulder:right"])
def test_jaw_with_arm_pain_warns_of_the_heart_without_chest_pain(arm):
    assert ids(["cheek-jaw:left", arm])[0] == "heart-jaw-with-arm"
    assert levels(["cheek-jaw:left", arm])[0] == "emergency"


def test_both_arms_see_a_doctor_today():
    assert ids(["upper-arm-front:left", "upper-arm-back:right"]) == ["both-arms"]
    assert levels(["upper-arm-front:left", "upper-arm-front:right"]) == ["urgent"]


def test_chest_with_the_top_of_the_shoulder_counts_as_the_arm():
    assert ids(["chest:left", "top-of-shoulder:left"]) == [HEART_ARM]


def test_the_side_of_the_chest_asks_for_a_doctor_first_without_an_emergency():
    assert ids(["side-of-chest:left"]) == ["side-chest-rule-out-heart-lungs"]
    assert levels(["side-of-chest:left", "below-shoulder-blade:left"]) == ["clinician"]


def test_a_stronger_chest_rule_hides_the_side_of_the_chest_line():
    assert ids(["chest:left", "side-of-chest:left"]) == ["chest-rule-out-heart"]
    assert ids(["chest:left", "side-of-chest:left", "upper-arm-front:left"]) == [HEART_ARM]


def test_the_side_of_the_chest_with_the_arm_or_jaw_is_an_emergency_like_the_chest():
    assert ids(["side-of-chest:left", "upper-arm-front:left"]) == [HEART_ARM]
    assert ids(["side-of-chest:right", "cheek-jaw:right"]) == [HEART_ARM]


def test_both_hands_or_forearms_send_to_a_doctor_today():
    assert ids(["hand-ring-little:left", "hand-thumb-index:right"]) == ["both-hands"]
    assert levels(["forearm-thumb-side:left", "forearm-thumb-side:right"]) == ["urgent"]
    assert ids(["hand-ring-little:left"]) == ["tingling-arm-hand"]  # one side: a pressed nerve, a clinician


def test_both_sides_of_the_chest_count_whether_front_or_side():
    assert ids(["side-of-chest:left", "side-of-chest:right"]) == ["heart-chest-both-sides"]
    assert ids(["chest:left", "side-of-chest:right"]) == ["heart-chest-both-sides"]


def test_the_side_of_the_chest_with_between_the_shoulder_blades_is_an_emergency():
    assert ids(["side-of-chest:left", "between-shoulder-blades"]) == ["side-chest-with-upper-back"]
    assert levels(["side-of-chest:left", "below-shoulder-blade:left"]) == ["clinician"]  # serratus' own pattern


def test_the_jaw_with_any_part_of_the_arm_can_be_the_heart():
    for arm in ("forearm-thumb-side:left", "hand-thumb-index:left", "upper-arm-back:left", "top-of-shoulder:left"):
        assert levels(["cheek-jaw:left", arm]) == ["emergency"], arm


def test_heart_warnings_say_pain_now_or_lasting_15_minutes_is_an_emergency():
    from clinical.content import content

    for warning in content().triage.warnings:
        if warning.id.startswith("heart-"):
            assert "more than 15 minutes" in warning.text, warning.id


def test_a_new_headache_around_the_eye_over_50_is_asked_about_too():
    assert "temple-new-headache-over-50" in ids(["around-eye:left"])
