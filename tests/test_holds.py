"""The technique's `hand` and `hold` fields are held to its words by `content check` (issue 34): a picture drawn
from them shows the head and the arm as the words hold them, and the hand the words name."""

import pytest

from clinical.content import content
from clinical.holds import hold_problems, said_hand, said_holds


def technique(muscle_id: str, index: int = 0):
    return content().muscles[muscle_id].content.techniques[index]


def test_every_technique_holds_the_body_as_its_words_do():
    assert [
        problem
        for info in content().muscles.values()
        for index, t in enumerate(info.content.techniques)
        for problem in hold_problems(info.id, index, t)
    ] == []


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("Let your head tilt a little towards the shoulder you are working.", {"head-tilted-towards"}),
        (
            "Turn your head away from the side you are working and tip your chin down a little.",
            {"head-turned-away", "chin-down"},
        ),
        ("Stand side-on to a wall with your arm raised and resting on the wall.", {"arm-raised"}),
        ("Cross your arms over your chest and hold your shoulders.", {"arms-across"}),
        ("Sit with the arm relaxed in your lap.", {"arm-in-lap"}),
        ("Reach across your chest with the other hand.", set()),  # the other hand, not the worked arm
        ("Turn your body slightly towards the wall to add pressure.", {"body-turned-to-wall"}),
        ("Stand with your back to a wall.", set()),
    ],
)
def test_the_position_words_say_the_holds(text, holds):
    assert said_holds(text) == holds


@pytest.mark.parametrize(
    ("text", "hand"),
    [
        ("Reach across your chest with the other hand.", "other"),
        ("With the opposite hand, pinch the middle of the muscle.", "other"),
        ("Lace your fingers behind your head. You can also press with the fingers of the opposite hand.", "both"),
        ("Put two or three fingertips on the muscle.", "same"),
    ],
)
def test_the_words_name_the_hand(text, hand):
    assert said_hand(text) == hand


def test_a_tilt_the_field_leaves_out_is_refused():
    trapezius = technique("trapezius").model_copy(update={"hold": []})
    (problem,) = hold_problems("trapezius", 0, trapezius)
    assert "trapezius.toml: techniques[0]" in problem and "head-tilted-towards" in problem


def test_a_hold_the_words_do_not_say_is_refused():
    trapezius = technique("trapezius").model_copy(update={"hold": ["head-tilted-towards", "chin-down"]})
    (problem,) = hold_problems("trapezius", 0, trapezius)
    assert "hold says chin-down but no words" in problem


def test_a_hand_the_words_do_not_name_is_refused():
    scm = technique("sternocleidomastoid").model_copy(update={"hand": "same"})
    (problem,) = hold_problems("sternocleidomastoid", 0, scm)
    assert "hand = 'same' but the words name the other hand" in problem


def test_a_hand_technique_needs_a_hand_and_a_ball_none(tmp_path):
    from pydantic import ValidationError

    from clinical.schema import Technique

    data = technique("trapezius").model_dump() | {"hand": None}
    with pytest.raises(ValidationError, match="hand is needed"):
        Technique.model_validate(data)
    ball = technique("trapezius", 1).model_dump() | {"hand": "other"}
    with pytest.raises(ValidationError, match="hand is needed"):
        Technique.model_validate(ball)
