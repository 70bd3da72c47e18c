"""The body in the position picture as the words hold it, from the technique's fields (issue 34's last gaps): the
head tilted towards the worked shoulder in the figure itself, the body turned towards the wall for teres minor, and
the arm resting in the lap on the subscapularis close-up so the reach into the armpit shows."""

import dataclasses
import re

import pytest

from atlas.drawing.position import closeup, held, position_alt, position_loop_svg, position_svg
from atlas.sequences import stage_words
from clinical.content import content
from clinical.geometry import DrawingError, geometry, load_geometry
from clinical.paths import point_in_any

HEAD = r'<circle class="tl" cx="([\d.]+)" cy="([\d.]+)"'


def technique(muscle_id: str, index: int = 0):
    return content().muscles[muscle_id].content.techniques[index]


def with_technique(muscle_id: str, index: int, **update):
    data = content()
    muscle = data.muscles[muscle_id]
    techniques = list(muscle.content.techniques)
    techniques[index] = techniques[index].model_copy(update=update)
    patched = dataclasses.replace(muscle, content=muscle.content.model_copy(update={"techniques": techniques}))
    return dataclasses.replace(data, muscles={**data.muscles, muscle_id: patched})


@pytest.fixture
def body(tmp_path, settings):
    import shutil

    target = tmp_path / "body"
    shutil.copytree(settings.CONTENT_DIR / "body", target)
    return target


# ------------------------------------------------------------------------------------------------ the head tilt
def test_the_words_that_tilt_the_head_draw_the_figure_from_behind_with_its_head_tilted():
    tilted = [(m, i) for m, info in content().muscles.items() for i, t in enumerate(info.content.techniques)]
    tilted = [(m, i) for m, i in tilted if "head-tilted-towards" in technique(m, i).hold]
    assert tilted == [("trapezius", 0)]
    pose = geometry().pose_of("trapezius", 0)
    assert pose.seen == "back" and pose.head_tilt > 0
    upright, tilt = pose.head, held(pose, frozenset(technique("trapezius").hold)).head
    # from behind, towards the viewer's right (the person's right, the worked side) and a little lower
    assert tilt.x > upright.x + 5 and tilt.y > upright.y
    neck = next(limb for limb in held(pose, frozenset({"head-tilted-towards"})).limbs if limb.touch)
    assert neck.joints[0][0] > neck.joints[-1][0]  # the neck leans with it


def test_the_figure_draws_the_tilted_head_and_mirrors_it_for_the_left():
    pose = geometry().pose_of("trapezius", 0)
    for stage in ("position", "place", "lean"):
        svg = position_svg("trapezius", 0, "right", stage)
        figure = svg[: svg.index("</svg>")]
        x, _y = map(float, re.search(HEAD, figure).groups())
        assert x > pose.head.x + 5
        assert 'data-face="hair"' in figure and 'data-face="eye"' not in figure  # seen from behind: no face
    assert 'data-hold="tilt"' in position_svg("trapezius", 0, "right", "position").split("</svg>")[0]
    left = position_svg("trapezius", 0, "left")
    assert "matrix(-1 0 0 1" in left.split("</svg>")[0]  # the same figure, mirrored: the head towards the left


def test_an_upright_seated_technique_keeps_its_head_upright():
    for muscle_id in ("scalenes", "levator-scapulae"):
        index = 0 if muscle_id == "scalenes" else 1
        pose = geometry().pose_of(muscle_id, index)
        svg = position_svg(muscle_id, index, "right", "place")
        x, y = map(float, re.search(HEAD, svg).groups())
        assert (x, y) == (pose.head.x, pose.head.y)
        assert 'data-face="hair"' not in svg


def test_the_tilt_is_in_the_get_ready_loop_and_the_words():
    loop = position_loop_svg("trapezius", 0, "right")
    assert loop.count('data-face="hair"') == 3
    assert "seen from behind" in position_alt("trapezius", 0)
    assert "The head tilts a little towards the shoulder you work." in stage_words("trapezius", 0)[0]


def test_words_that_tilt_the_head_on_a_figure_that_cannot_tilt_it_are_refused(body):
    data = with_technique("trapezius", 0, pose="seated")
    with pytest.raises(DrawingError, match="tilt the head but the figure cannot"):
        load_geometry(body, data)


# ------------------------------------------------------------------------------------------ teres minor's turn
def test_teres_minor_turns_its_body_towards_the_wall():
    assert "body-turned-to-wall" in technique("teres-minor").hold
    turned, straight = geometry().pose_of("teres-minor", 0), geometry().poses["wall-back"]
    assert turned.body_turn == "wall" and turned.torso != straight.torso
    svg = position_svg("teres-minor", 0, "right", "lean")
    assert 'data-hold="turn"' in svg  # the curved arrow round the shoulders, towards the wall
    assert 'data-hold="turn"' not in position_svg("teres-minor", 0, "right", "place")
    assert 'data-hold="turn"' not in position_svg("infraspinatus", 0, "right", "lean")
    assert "the body turned slightly so the shoulder you work presses back into it" in position_alt("teres-minor", 0)


def test_words_that_turn_the_body_on_a_figure_that_does_not_turn_are_refused(body):
    data = with_technique("teres-minor", 0, pose="wall-back")
    with pytest.raises(DrawingError, match="turn the body but the figure does not"):
        load_geometry(body, data)


# ------------------------------------------------------------------------------- the subscapularis close-up's arm
def test_the_subscapularis_close_up_draws_the_arm_resting_in_the_lap():
    view = geometry().views["front"]
    arm = view.held["arm-in-lap"]
    for stage in ("position", "place", "lean"):
        found = closeup("subscapularis", 0, stage)
        assert 'data-hold="arm"' in found.drawing
        assert arm.outline in found.drawing and view.outline not in found.drawing
        x, y, w, h = found.crop
        for point in arm.keep:  # the upper arm and the open armpit in the crop
            assert x <= point.x <= x + w and y <= point.y <= y + h
    assert 'data-hold="arm"' not in closeup("scalenes", 0, "lean").drawing


def test_the_arm_opens_the_armpit_where_the_fingers_reach_and_no_no_go_zone_is_covered():
    view = geometry().views["front"]
    arm = view.held["arm-in-lap"]
    spot = view.trigger_points["subscapularis-armpit"]
    # the spot stays on the body, beside the arm, not under the arm drawn over it
    assert point_in_any(spot.x, spot.y, arm.outline)
    assert not any(point_in_any(spot.x, spot.y, d) for d in arm.over)
    # the arm hangs out from the side: at the armpit's height the outline now leaves a gap inside the arm
    assert point_in_any(103, 295, view.outline) and not point_in_any(103, 295, arm.outline)


def test_the_get_ready_crop_keeps_the_arrow_beside_the_tilting_head():
    from atlas.drawing.position import pose_box

    pose = geometry().pose_of("trapezius", 0)
    holds = frozenset(technique("trapezius").hold)
    x, _y, w, _h = pose_box(pose, holds)
    head = held(pose, holds).head
    assert x + w >= head.x + head.r + 9
