"""A hand in the grip a technique names, drawn where its contacts are: the fingertips on the two finger contacts,
a pinch with the thumb and fingers either side of the muscle, or the thumb pressing with the fingers laced
behind the head. Real sizes turned into drawing units by the drawing's scale. Drawn translucent over the body,
the contacts and the spot on top, so the hand never hides the spot.

The way the hand comes in follows the hand the words name: the other hand reaches across the body (from the
other side, or over the shoulder from the front on the back view), both hands lace behind the head (from the
outside), and the hand of the side worked comes up from below."""

import math
from collections.abc import Callable
from dataclasses import dataclass

from atlas.drawing.palette import C
from atlas.drawing.svg import num
from clinical.contacts import Contact

Point = tuple[float, float]

PALM_CM = 9.5  # wrist to knuckles
PALM_WIDTH_CM = 8.0
FINGER_CM = (7.5, 8.2, 7.6, 6.2)  # index, middle, ring, little
FINGER_WIDTH_CM = (1.8, 1.8, 1.7, 1.5)
THUMB_CM = 6.0
FOREARM_CM = 9.0
FOREARM_WIDTH_CM = 6.0

HAND_CSS = (
    f".hs{{fill:none;stroke:{C['hand-line']};stroke-linecap:round;stroke-linejoin:round}}"
    f".hf{{fill:none;stroke:{C['hand']};stroke-linecap:round;stroke-linejoin:round}}"
    f".hp{{fill:{C['hand']};stroke:{C['hand-line']};stroke-width:1.2;stroke-linejoin:round}}"
    ".hand{opacity:.78}"
)


def _unit(v: Point) -> Point:
    length = math.hypot(*v) or 1.0
    return v[0] / length, v[1] / length


def _add(p: Point, v: Point, k: float = 1.0) -> Point:
    return p[0] + v[0] * k, p[1] + v[1] * k


@dataclass(frozen=True)
class Grip:
    """A hand's shape: where the wrist is, where each fingertip (index to little) and the thumb tip are."""

    wrist: Point
    tips: tuple[Point, Point, Point, Point]
    thumb: Point
    cm: float  # drawing units per centimetre


def approach(view: str, hand: str, centre: Point, middle: float) -> Point:
    """The way from the spot back to the wrist, for the hand the words name, on the person's right side."""
    inwards = 1.0 if centre[0] < middle else -1.0  # towards the midline
    if view == "side":  # the right profile faces the viewer's right: a hand comes up from below and in front
        return _unit((0.35, 1.0))
    if hand == "both":  # laced behind the head: the hand comes from outside, the fingers pointing in
        return _unit((-inwards, 0.35))
    if hand == "other" and view == "back":  # across the chest and over the top of the shoulder from the front
        return _unit((-inwards * 0.55, -1.0))
    if hand == "other":  # across the chest from the other side, from below
        return _unit((inwards, 0.75))
    return _unit((-inwards * 0.3, 1.0))  # the hand of this side, from below


def grip(
    contacts: list[Contact],
    tool: str,
    hand: str,
    view: str,
    middle: float,
    cm: float,
    avoid: Callable[[Point], bool] | None = None,
) -> Grip:
    """The hand's shape for a technique's contacts on one trigger point. With `avoid` (a no-go zone's test), a
    finger or thumb that does not press is curled back towards the palm until it is off every no-go zone: no
    drawn fingertip rests on the throat, the breast or the spine."""
    shape = _shape(contacts, tool, hand, view, middle, cm)
    if avoid is None:
        return shape
    pressing = {"pincer": {0, 4}, "fingers": {0, 1}}.get(tool, set())
    if tool == "fingers" and not [c for c in contacts if c.kind == "finger"]:
        pressing = {4}  # the thumb presses, the fingers lace behind the head
    digits = [*shape.tips, shape.thumb]
    wx, wy = shape.wrist
    ax, ay = _unit((shape.tips[0][0] - wx, shape.tips[0][1] - wy))

    def other_side(p: Point) -> Point:  # the same digit curled to the hand's other side
        along = (p[0] - wx) * ax + (p[1] - wy) * ay
        foot = (wx + ax * along, wy + ay * along)
        return 2 * foot[0] - p[0], 2 * foot[1] - p[1]

    def curled(p: Point) -> Point | None:  # pulled back towards the palm until clear, if it can be
        back = _unit((wx - p[0], wy - p[1]))
        for _step in range(12):
            if not avoid(p):
                return p
            p = _add(p, back, 0.5 * cm)
        return None

    for i, tip in enumerate(digits):
        if i not in pressing and avoid(tip):
            digits[i] = curled(tip) or curled(other_side(tip)) or tip
    return Grip(shape.wrist, (digits[0], digits[1], digits[2], digits[3]), digits[4], cm)


def _shape(contacts: list[Contact], tool: str, hand: str, view: str, middle: float, cm: float) -> Grip:
    fingers = [c for c in contacts if c.kind == "finger"]
    thumbs = [c for c in contacts if c.kind == "thumb"]
    points = [(c.x, c.y) for c in contacts]
    centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    back = approach(view, hand, centre, middle)
    if tool == "pincer":
        (finger,), (thumb,) = fingers, thumbs
        # the palm arches over the pinched fold: the wrist off along the fold, not across it
        side = _unit((-finger.axis[1], finger.axis[0]))
        if side[0] * back[0] + side[1] * back[1] < 0:
            side = (-side[0], -side[1])
        # ... and leaning the way the arm comes in across the body; from behind, the hand comes over the top of
        # the shoulder from the front, so the wrist is the way the arm comes
        way = back if view == "back" else _unit((side[0] + back[0] * 0.8, side[1] + back[1] * 0.8))
        wrist = _add(centre, way, (PALM_CM + 5.5) * cm)
        along = _unit((finger.x - wrist[0], finger.y - wrist[1]))
        spread = _unit((-along[1], along[0]))
        f0 = (finger.x, finger.y)
        tips = (
            f0,
            _add(f0, spread, 1.7 * cm),
            _add(_add(f0, spread, 3.2 * cm), along, -2.5 * cm),
            _add(_add(f0, spread, 4.4 * cm), along, -4.0 * cm),
        )
        return Grip(wrist, tips, (thumb.x, thumb.y), cm)
    if thumbs and not fingers:  # the thumb presses; the fingers lace behind the head
        (thumb,) = thumbs
        wrist = _add(centre, back, (PALM_CM * 0.75) * cm)
        ahead = (-back[0], -back[1])
        up = (0.0, -1.0)
        knuckles = _add(wrist, ahead, PALM_CM * 0.5 * cm)
        base = _add(knuckles, up, 3.5 * cm)
        laced = [_add(_add(base, ahead, (4 + i * 0.6) * cm), up, (i * 2.0) * cm) for i in range(4)]
        return Grip(wrist, (laced[0], laced[1], laced[2], laced[3]), (thumb.x, thumb.y), cm)
    # fingertips: the index and middle on the two contacts, the ring and little fingers curled beside them
    wrist = _add(centre, back, (PALM_CM + 7.0) * cm)
    along = _unit((centre[0] - wrist[0], centre[1] - wrist[1]))
    spread = _unit((-along[1], along[0]))
    pair = sorted(((f.x, f.y) for f in fingers), key=lambda p: p[0] * spread[0] + p[1] * spread[1])
    if len(pair) == 1:
        pair = [pair[0], _add(pair[0], spread, 1.7 * cm)]
    first, second = pair[0], pair[1]
    tips = (
        first,
        second,
        _add(_add(second, spread, 1.7 * cm), along, -2.8 * cm),
        _add(_add(second, spread, 3.2 * cm), along, -4.6 * cm),
    )
    knuckle = _add(wrist, along, PALM_CM * cm)
    tucked = _add(_add(knuckle, spread, -3.4 * cm), along, -1.0 * cm)  # along the side of the index
    return Grip(wrist, tips, tucked, cm)


def mirrored(g: Grip, middle: float) -> Grip:
    """The same grip on the other side of the body: both hands laced behind the head."""

    def flip(p: Point) -> Point:
        return 2 * middle - p[0], p[1]

    t = g.tips
    return Grip(flip(g.wrist), (flip(t[0]), flip(t[1]), flip(t[2]), flip(t[3])), flip(g.thumb), g.cm)


def _stroke(points: list[Point], width: float, cm: float) -> tuple[str, str]:
    """A rounded part's outline and fill (a finger, the thumb, the forearm)."""
    d = "M" + "L".join(f"{num(x)} {num(y)}" for x, y in points)
    return (
        f'<path class="hs" stroke-width="{num(width * cm + 2)}" d="{d}"/>',
        f'<path class="hf" stroke-width="{num(width * cm)}" d="{d}"/>',
    )


def _finger(knuckle: Point, tip: Point, bend: Point, cm: float) -> list[Point]:
    """Knuckle, middle joint and tip, the middle joint bowed a little (a finger pressing is curved)."""
    mid = ((knuckle[0] + tip[0]) / 2 + bend[0] * 0.9 * cm, (knuckle[1] + tip[1]) / 2 + bend[1] * 0.9 * cm)
    return [knuckle, mid, tip]


def hand_svg(g: Grip, forearm: bool = True) -> str:
    """The hand (and the start of its forearm) as one translucent group: outlines under fills, so the parts
    join into one hand with one outline."""
    cm = g.cm
    centre = (sum(t[0] for t in g.tips[:2]) / 2, sum(t[1] for t in g.tips[:2]) / 2)
    along = _unit((centre[0] - g.wrist[0], centre[1] - g.wrist[1]))
    across = (-along[1], along[0])
    # the index knuckle on the thumb's side of the palm
    thumb_side = 1.0 if (g.thumb[0] - g.wrist[0]) * across[0] + (g.thumb[1] - g.wrist[1]) * across[1] > 0 else -1.0
    reach = min(PALM_CM * cm, max(math.dist(g.wrist, centre) - 4.0 * cm, 3.0 * cm))
    knuckle_line = _add(g.wrist, along, reach)
    half = PALM_WIDTH_CM / 2 * cm
    knuckles = [_add(knuckle_line, across, thumb_side * half * (0.75 - 0.5 * i)) for i in range(4)]
    palm = [
        _add(g.wrist, across, thumb_side * 3.0 * cm),
        knuckles[0],
        knuckles[3],
        _add(g.wrist, across, -thumb_side * 3.0 * cm),
    ]
    palm_d = "M" + "L".join(f"{num(x)} {num(y)}" for x, y in palm) + "Z"
    thumb_base = _add(_add(g.wrist, across, thumb_side * 2.6 * cm), along, 2.0 * cm)
    thumb_mid = (
        (thumb_base[0] + g.thumb[0]) / 2 + across[0] * thumb_side * 1.0 * cm,
        (thumb_base[1] + g.thumb[1]) / 2 + across[1] * thumb_side * 1.0 * cm,
    )
    parts: list[tuple[list[Point], float]] = []
    if forearm:
        parts.append(([_add(g.wrist, along, -FOREARM_CM * cm), g.wrist], FOREARM_WIDTH_CM))
    bend = (across[0] * -thumb_side, across[1] * -thumb_side)
    parts += [
        (_finger(knuckles[i], g.tips[i], bend, cm), FINGER_WIDTH_CM[i]) for i in (3, 2, 1, 0)
    ]  # the little finger furthest back
    parts.append(([thumb_base, thumb_mid, g.thumb], 2.1))
    outlines, fills = [], []
    for points, width in parts:
        outline, fill = _stroke(points, width, cm)
        outlines.append(outline)
        fills.append(fill)
    return (
        f'<g class="hand" data-hand="grip">{"".join(outlines)}<path class="hp" d="{palm_d}"/>'
        f'<path class="hf" stroke-width="{num(2 * cm)}" d="{palm_d}"/>{"".join(fills)}</g>'
    )


def points_of(g: Grip) -> list[Point]:
    """The hand's points, for the crop of a close-up that must show the whole reach."""
    along = _unit((g.tips[0][0] - g.wrist[0], g.tips[0][1] - g.wrist[1]))
    return [*g.tips, g.thumb, g.wrist, _add(g.wrist, along, -FOREARM_CM * 0.5 * g.cm)]
