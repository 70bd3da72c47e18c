"""The position picture as a first-time patient copies it (issue 34): a hand in the grip the technique names with
its fingertips or thumb on the contacts, the hand the words name and said in words, the head and arms as the
words hold them, the spot never hidden, and the three stages as one loop or still one under the other."""

import math
import re

import pytest

from atlas.drawing.hand import grip
from atlas.drawing.position import (
    LOOP_HEIGHT,
    STAGES,
    STILLS_HEIGHT,
    closeup,
    position_alt,
    position_loop_svg,
    position_stills_svg,
    position_svg,
    working_hand,
)
from atlas.links import position_url
from clinical.contacts import technique_contacts
from clinical.content import content
from clinical.geometry import geometry

HANDS = [
    (muscle_id, index)
    for muscle_id, info in content().muscles.items()
    for index, technique in enumerate(info.content.techniques)
    if technique.tool != "ball"
]


def technique(muscle_id: str, index: int):
    return content().muscles[muscle_id].content.techniques[index]


def first_contacts(muscle_id: str, index: int):
    t = technique(muscle_id, index)
    return [c for c in technique_contacts(geometry().views, muscle_id, t) if c.point == t.trigger_points[0]]


def test_the_eleven_pinch_and_fingertip_techniques_each_name_a_hand():
    assert len(HANDS) == 11
    assert {technique(m, i).hand for m, i in HANDS} == {"other", "same", "both"}


@pytest.mark.parametrize(("muscle_id", "index"), HANDS)
def test_the_hand_puts_its_fingertips_or_thumb_on_the_contacts(muscle_id, index):
    t = technique(muscle_id, index)
    contacts = first_contacts(muscle_id, index)
    view = geometry().views[contacts[0].view]
    hand = grip(contacts, t.tool, t.hand, view.view, view.middle, view.scale.units_per_cm)
    fingers = [(c.x, c.y) for c in contacts if c.kind == "finger"]
    thumbs = [(c.x, c.y) for c in contacts if c.kind == "thumb"]
    for finger in fingers:  # a fingertip (index or middle) on each finger contact
        assert min(math.dist(finger, tip) for tip in hand.tips[:2]) < 0.01
    for thumb in thumbs:
        assert math.dist(thumb, hand.thumb) < 0.01
    if t.tool == "pincer":  # the thumb and the fingers either side of the muscle
        assert math.dist(hand.thumb, hand.tips[0]) > 1.4 * view.scale.units_per_cm
    # the wrist a hand's length away, so the whole hand shows, not a fingertip alone
    assert math.dist(hand.wrist, hand.tips[0]) > 8 * view.scale.units_per_cm


@pytest.mark.parametrize(("muscle_id", "index"), HANDS)
@pytest.mark.parametrize("stage", STAGES[1:])
def test_the_close_up_draws_the_hand_under_its_contacts_and_the_spot_on_top(muscle_id, index, stage):
    svg = position_svg(muscle_id, index, "right", stage)
    hands = 3 if technique(muscle_id, index).hand == "both" else 2
    assert svg.count('data-hand="grip"') == hands  # on the figure and in the close-up (both: two there)
    close = svg[svg.rindex('data-hand="grip"') :]
    assert "data-contact=" in close  # the pads drawn over the hand
    assert close.index("data-contact=") < close.index('class="spot"')  # and the spot over everything
    assert ".hand{opacity:.78}" in svg


def test_the_ball_is_see_through_and_the_spot_drawn_over_it():
    svg = position_svg("supraspinatus", 0, "right", "lean")
    assert "fill-opacity:.6" in re.search(r"\.ball\{[^}]+\}", svg).group(0)
    assert svg.rindex('class="ball"') < svg.index('class="spot"')


@pytest.mark.parametrize(
    ("hand", "side", "working"),
    [
        ("other", "right", "left"),
        ("other", "left", "right"),
        ("same", "right", "right"),
        ("same", "left", "left"),
        ("both", "right", "both"),
        ("other", "both", "other"),
        (None, "right", ""),
    ],
)
def test_the_working_hand_follows_the_side(hand, side, working):
    assert working_hand(hand, side) == working


@pytest.mark.parametrize(
    ("side", "label", "words"),
    [
        ("right", "Left hand", "your left hand, across your chest,"),
        ("left", "Right hand", "your right hand, across your chest,"),
    ],
)
def test_the_other_hand_is_named_in_the_picture_and_its_words_and_mirrors(side, label, words):
    svg = position_svg("trapezius", 0, side)
    assert f'data-hand-label="{label}"' in svg
    assert words in position_alt("trapezius", 0, side)
    assert f'aria-label="{position_alt("trapezius", 0, side)}' in svg.replace("&#x27;", "'")


def test_the_hand_label_is_never_mirrored():
    svg = position_svg("scalenes", 0, "left")
    flipped = re.findall(r'<g transform="matrix\(-1 0 0 1 [^"]+"\>(.*?)</g></svg>', svg)
    assert flipped and all("data-hand-label" not in part for part in flipped)
    assert 'data-hand-label="Right hand"' in svg


def test_the_words_name_the_hand_of_each_kind():
    assert "fingertips of your right hand are on Masseter" in position_alt("masseter", 0, "right")
    assert "thumbs of both hands, behind your head, are on" in position_alt("splenius", 0, "right")
    assert "fingertips of your left hand, across your chest, are on Subscapularis" in position_alt("subscapularis", 0)


def test_the_subscapularis_close_up_shows_the_whole_reach_into_the_armpit():
    found = closeup("subscapularis", 0, "lean")
    x, y, w, h = found.crop
    contacts = first_contacts("subscapularis", 0)
    t = technique("subscapularis", 0)
    view = geometry().views["front"]
    hand = grip(contacts, t.tool, t.hand, "front", view.middle, view.scale.units_per_cm)
    for px, py in [hand.wrist, *hand.tips, hand.thumb]:
        assert x <= px <= x + w and y <= py <= y + h


def test_the_head_and_arms_are_drawn_as_the_words_hold_them():
    tilted = position_svg("trapezius", 0, "right", "place")
    assert 'data-hold="tilt"' in tilted  # the head tilting towards the worked shoulder, in the close-up
    assert 'data-hold="tilt"' not in position_svg("levator-scapulae", 1, "right", "place")
    turned, upright = position_svg("sternocleidomastoid", 0), position_svg("scalenes", 0)
    eye = r'data-face="eye" cx="([\d.]+)" cy="([\d.]+)"'
    (tx, ty), (ux, uy) = re.search(eye, turned).groups(), re.search(eye, upright).groups()
    assert float(ty) > float(uy) + 4 and float(tx) > float(ux)  # chin down: the eye lower; turned: nearer the edge
    crossed = position_svg("rhomboids", 0, "right", "position")
    hanging = position_svg("supraspinatus", 0, "right", "position")
    assert crossed != hanging.replace("supraspinatus", "rhomboids")
    pose = geometry().pose_of("rhomboids", 0)
    across = pose.across[-1].joints
    assert f"{across[1][0]:g} {across[1][1]:g}" in crossed  # the near arm's elbow forward across the chest
    assert f"{across[1][0]:g} {across[1][1]:g}" not in hanging


def test_the_loop_is_three_stages_in_css_not_smil():
    svg = position_loop_svg("trapezius", 0, "left")
    assert f'height="{LOOP_HEIGHT:g}"' in svg
    assert [m for m in re.findall(r'data-stage="([a-z]+)"', svg)] == list(STAGES)
    assert "@keyframes" in svg and "prefers-reduced-motion" in svg
    assert "<animate" not in svg and "<script" not in svg
    assert 'data-hand-label="Right hand"' in svg


def test_the_stills_are_three_stages_one_under_the_other():
    svg = position_stills_svg("trapezius", 0)
    assert f'height="{STILLS_HEIGHT:g}"' in svg
    assert re.findall(r'data-stage="([a-z]+)"', svg) == list(STAGES)
    assert "animation" not in svg and "@keyframes" not in svg


@pytest.mark.parametrize("stage", ["loop", "stills"])
def test_the_loop_and_the_stills_are_served(client, stage):
    response = client.get(position_url("splenius", 0, "left", stage=stage))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b'data-stage="lean"' in response.content


def test_the_still_stages_keep_their_size_for_print_and_the_pdf():
    for stage in STAGES:
        svg = position_svg("trapezius", 0, "right", stage)
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 240"')
        assert "@keyframes" not in svg


@pytest.mark.parametrize(("muscle_id", "index"), HANDS)
def test_no_drawn_finger_or_thumb_rests_on_a_no_go_zone(muscle_id, index):
    from clinical.paths import point_in_any

    t = technique(muscle_id, index)
    for point in t.trigger_points:
        contacts = [c for c in technique_contacts(geometry().views, muscle_id, t) if c.point == point]
        view = geometry().views[contacts[0].view]
        zones = [zone for zone, _side in view.zones()]

        def on_no_go(p, zones=zones):
            return any(point_in_any(p[0], p[1], zone.path) for zone in zones)

        hand = grip(contacts, t.tool, t.hand, view.view, view.middle, view.scale.units_per_cm, on_no_go)
        for digit in [*hand.tips, hand.thumb]:
            named = [zone.id for zone in zones if point_in_any(digit[0], digit[1], zone.path)]
            assert named == [], f"{muscle_id} {point}: a drawn finger or thumb at {digit} rests on {named}"
