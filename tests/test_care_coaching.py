"""The session's words and overview: words that fit each technique, and what a person needs to know first."""

import pytest

from care.coaching import first_line, words_for
from care.player import overview
from care.routines import READY_ALLOWANCE, StepPlan, handout_plan
from clinical.content import content

TECHNIQUES = [
    (muscle_id, index)
    for muscle_id, info in content().muscles.items()
    for index, _t in enumerate(info.content.techniques)
]


@pytest.mark.parametrize(("muscle_id", "index"), TECHNIQUES)
def test_a_technique_without_a_ball_never_speaks_of_one(muscle_id, index):
    technique = content().muscles[muscle_id].content.techniques[index]
    words = words_for(technique)
    if technique.tool != "ball":
        assert not any("ball" in text.lower() for key, text in words.items() if key != "first_line")


@pytest.mark.parametrize(("muscle_id", "index"), TECHNIQUES)
def test_every_technique_says_how_it_moves_with_a_source(muscle_id, index):
    technique = content().muscles[muscle_id].content.techniques[index]
    assert technique.motion.kind in {"hold", "stroke"}
    assert all(key in content().sources for key in technique.motion.sources)


def test_the_timer_word_follows_the_motion():
    muscles = content().muscles
    rolling = words_for(muscles["pectoralis-major"].content.techniques[0])  # "roll slowly in small sections"
    holding = words_for(muscles["supraspinatus"].content.techniques[0])  # "then hold on the tender spot"
    assert rolling["work"] == "Roll slowly"
    assert holding["work"] == "Lean in and hold"


def test_the_first_line_is_the_first_sentence():
    assert first_line("Sit upright. Reach across your chest.") == "Sit upright."
    assert first_line("Lie down") == "Lie down"


def test_the_handouts_session_says_its_length_equipment_and_places():
    plan = handout_plan()
    summary = overview(plan)
    assert summary["seconds"] == sum(step.seconds + READY_ALLOWANCE for step in plan)
    assert summary["minutes"] == round(summary["seconds"] / 60)
    assert "two tennis balls tied in a sock" in summary["equipment"]  # the suboccipitals
    assert "your hands" in summary["equipment"]
    assert summary["places"][0] == "a chair"  # the trapezius pinch comes first


def test_places_are_listed_once_per_change():
    plan = [StepPlan("levator-scapulae", "right"), StepPlan("levator-scapulae", "left"), StepPlan("rhomboids", "right")]
    assert overview(plan)["places"] == ["a wall"]


def test_a_session_of_pinches_and_fingertips_needs_no_ball():
    plan = [StepPlan("trapezius", "right"), StepPlan("scalenes", "left")]
    assert overview(plan)["equipment"] == ["your hands"]


@pytest.mark.parametrize(
    ("muscle_id", "index", "put"),
    [
        ("trapezius", 0, "With the other hand, take the muscle between your thumb and fingers."),
        ("subscapularis", 0, "Reach across with the other hand and put your fingertips on the spot."),
        ("splenius", 0, "Lace your fingers behind your head and put your thumbs on the spot."),
        ("masseter", 0, "Put your fingertips on the spot."),
        ("supraspinatus", 0, "Put the ball on the spot."),
    ],
)
def test_what_to_put_on_the_spot_names_the_hand_the_words_name(muscle_id, index, put):
    assert words_for(content().muscles[muscle_id].content.techniques[index])["put"] == put
