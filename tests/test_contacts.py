"""Every grip and ball in the position pictures where its words put it: contacts computed once (clinical.contacts),
drawn from, and checked against the body's no-go zones on both sides."""

import math
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from atlas.drawing.position import STAGES, ball_radius, position_svg
from clinical.contacts import BALL_CM, PAD_CM, PINCH_CM, technique_contacts
from clinical.content import content
from clinical.geometry import geometry
from clinical.paths import disc_touches, point_in_path

TECHNIQUES = [
    (muscle_id, index)
    for muscle_id, info in content().muscles.items()
    for index, _technique in enumerate(info.content.techniques)
]


def contacts_of(muscle_id: str, index: int):
    return technique_contacts(geometry().views, muscle_id, content().muscles[muscle_id].content.techniques[index])


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, copy)
    return copy


@pytest.mark.parametrize(("muscle_id", "index"), TECHNIQUES)
@pytest.mark.parametrize("side", ["right", "left"])
def test_no_contact_touches_a_no_go_zone_on_either_side(muscle_id, index, side):
    for contact in contacts_of(muscle_id, index):
        view = geometry().views[contact.view]
        placed = contact if side == "right" else contact.mirrored(view.middle)
        touched = [z.id for z, _ in view.zones() if disc_touches(placed.x, placed.y, placed.radius, z.path)]
        assert touched == [], f"{muscle_id} how-{index + 1} {side}: {placed}"


def test_moving_one_contact_onto_a_zone_fails_the_check_and_names_it(draft):
    # the sternal SCM spot moved up to the carotid pulse: its pinch now reaches the pulse
    front = draft / "body" / "front.toml"
    front.write_text(
        front.read_text().replace(
            "sternocleidomastoid-sternal = { x = 182, y = 147 }", "sternocleidomastoid-sternal = { x = 183, y = 134 }"
        )
    )
    with pytest.raises(CommandError) as failure:
        call_command("content", "check", "--dir", str(draft))
    message = str(failure.value)
    assert (
        "the thumb on sternocleidomastoid-sternal" in message or "the finger on sternocleidomastoid-sternal" in message
    )
    assert "content/muscles/sternocleidomastoid.toml: techniques[0] (how-1), right side: the thumb" in message
    assert "touches the no-go zone carotid-pulse (right) on the front view" in message
    assert "left side" in message and "carotid-pulse (left)" in message


def test_a_single_ball_drawn_over_the_spine_fails_the_check_though_its_patch_is_clear(draft):
    back = draft / "body" / "back.toml"
    # 3.3 cm out: the pressing patch clears the bony bumps, the drawn 6.5 cm ball does not
    back.write_text(
        back.read_text().replace(
            "thoracic-paraspinals-deep = { x = 219, y = 200 }", "thoracic-paraspinals-deep = { x = 215, y = 200 }"
        )
    )
    with pytest.raises(
        CommandError, match=r"the ball on thoracic-paraspinals-deep .* is drawn over the no-go zone spine"
    ):
        call_command("content", "check", "--dir", str(draft))


def test_a_ball_on_the_spine_fails_the_check(draft):
    back = draft / "body" / "back.toml"
    back.write_text(
        back.read_text().replace(
            "thoracic-paraspinals-deep = { x = 219, y = 200 }", "thoracic-paraspinals-deep = { x = 206, y = 200 }"
        )
    )
    with pytest.raises(CommandError, match=r"the ball on thoracic-paraspinals-deep .* spine-bony-bumps on the back"):
        call_command("content", "check", "--dir", str(draft))


def test_a_contact_off_its_own_muscle_fails_the_check(draft):
    muscle = draft / "muscles" / "pectoralis-minor.toml"
    # the ball technique bound to the knob end: the check must refuse the ball there
    muscle.write_text(
        muscle.read_text().replace(
            'trigger_points = ["pectoralis-minor-ribs"]', 'trigger_points = ["pectoralis-minor-coracoid"]'
        )
    )
    with pytest.raises(CommandError, match="under-shoulder-knob"):
        call_command("content", "check", "--dir", str(draft))


def test_a_view_whose_scale_does_not_fit_its_measure_fails_the_check(draft):
    front = draft / "body" / "front.toml"
    front.write_text(front.read_text().replace("units_per_cm = 4.6,", "units_per_cm = 3,"))
    with pytest.raises(CommandError, match=r"scale: the shoulder breadth .* spans 58.7 cm"):
        call_command("content", "check", "--dir", str(draft))


@pytest.mark.parametrize(
    ("muscle_id", "index"), [t for t in TECHNIQUES if content().muscles[t[0]].content.techniques[t[1]].tool == "pincer"]
)
def test_a_pinch_crosses_the_muscle_1_5_to_2_cm_apart_and_never_past_the_midline(muscle_id, index):
    for point in content().muscles[muscle_id].content.techniques[index].trigger_points:
        thumb, finger = [c for c in contacts_of(muscle_id, index) if c.point == point]
        view = geometry().views[thumb.view]
        apart = math.dist((thumb.x, thumb.y), (finger.x, finger.y)) / view.scale.units_per_cm
        assert (thumb.kind, finger.kind) == ("thumb", "finger")
        assert PINCH_CM[0] - 1e-6 <= apart <= PINCH_CM[1] + 1e-6
        drawn_side = 1 if view.trigger_points[point].x > view.middle else -1
        for contact in (thumb, finger):
            assert (contact.x - view.middle) * drawn_side > contact.radius
            assert point_in_path(contact.x, contact.y, view.muscles[muscle_id])


def test_the_scm_pinch_is_across_the_muscle_not_along_it():
    thumb, finger = [c for c in contacts_of("sternocleidomastoid", 0) if c.point == "sternocleidomastoid-sternal"]
    # the muscle runs down the neck, so its pinch is mostly side to side
    assert abs(finger.x - thumb.x) > abs(finger.y - thumb.y)


def test_the_suboccipitals_use_two_balls_in_a_sock_with_the_spine_between():
    balls = contacts_of("suboccipitals", 0)
    back = geometry().views["back"]
    assert [b.kind for b in balls] == ["ball", "ball"]
    left, right = sorted(balls, key=lambda b: b.x)
    assert left.x + left.radius < back.middle < right.x - right.radius
    assert math.dist((left.x, left.y), (right.x, right.y)) == pytest.approx(BALL_CM * back.scale.units_per_cm)
    svg = position_svg("suboccipitals", 0, "right", "place")
    assert svg.count('data-contact="ball"') == 3  # two in the close-up, one on the figure (the other behind it)
    assert 'class="sock"' in svg


def test_the_pectoralis_minor_ball_is_bound_to_the_rib_end_only():
    techniques = content().muscles["pectoralis-minor"].content.techniques
    by_tool = {t.tool: t.trigger_points for t in techniques}
    assert by_tool["ball"] == ["pectoralis-minor-ribs"]
    assert "pectoralis-minor-coracoid" in by_tool["fingers"]


def test_the_ball_is_drawn_at_a_real_balls_size():
    back = geometry().views["back"]
    svg = position_svg("levator-scapulae", 0, "right", "lean")
    radii = [float(r) for r in re.findall(r'class="ball" data-contact="ball" cx="[^"]+" cy="[^"]+" r="([^"]+)"', svg)]
    pose = geometry().pose_of("levator-scapulae", 0)
    assert sorted(radii) == pytest.approx(
        sorted([ball_radius(pose.units_per_cm), BALL_CM / 2 * back.scale.units_per_cm]), abs=0.06
    )


@pytest.mark.parametrize(("muscle_id", "index"), TECHNIQUES)
def test_every_drawn_contact_says_what_it_is(muscle_id, index):
    for stage in STAGES[1:]:
        svg = position_svg(muscle_id, index, "left", stage)
        kinds = re.findall(r'data-contact="([a-z]+)"', svg)
        assert kinds and set(kinds) <= {"ball", "thumb", "finger"}
        first = content().muscles[muscle_id].content.techniques[index].trigger_points[0]
        expected = [c.kind for c in contacts_of(muscle_id, index) if c.point == first]
        drawn_in_closeup = kinds[-len(expected) :] if expected[0] != "ball" else [k for k in kinds if k == "ball"][1:]
        assert sorted(drawn_in_closeup) == sorted(expected)


def test_a_fingertip_pad_is_the_size_of_one():
    pads = [c for c in contacts_of("posterior-cervicals", 0)]
    view = geometry().views["back"]
    assert {round(p.radius / view.scale.units_per_cm, 2) for p in pads} == {PAD_CM}


def test_a_side_view_press_is_drawn_into_the_page_not_across_the_throat():
    svg = position_svg("scalenes", 0, "right", "lean")
    assert '<circle class="ar"' in svg  # the ringed dot: pressing in from the side
    assert '<path class="ar"' not in svg  # no arrow pushing the front of the neck back


def test_the_scm_picture_shows_the_head_turned_away():
    svg = position_svg("sternocleidomastoid", 0, "right", "place")
    assert len(re.findall(r'd="M[^"]*A', svg)) == 2  # a turning arc round the head: on the figure, in the close-up
    assert "the head turned away from the side you work" in svg
