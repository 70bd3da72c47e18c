"""Where each technique's tool meets the skin, computed once from the body geometry: the position pictures draw
these contacts and the content check holds them away from the no-go zones (the front of the throat, a pulse,
the spine's bony bumps, breast tissue, the hollow under the shoulder's bony knob, the armpit's centre).

A ball presses on a patch of skin under its centre, not on its whole drawn outline; a fingertip or a thumb on
its pad. Sizes are real sizes (a 6.5 cm ball, 2 cm between thumb and fingers) turned into drawing units by
the view's scale."""

import math
from dataclasses import dataclass, replace
from typing import Literal

from clinical.body import ViewGeometry
from clinical.paths import disc_touches, mirror_path, nearest_edge, point_in_any, point_in_path
from clinical.schema import Technique

Kind = Literal["ball", "thumb", "finger"]
Vector = tuple[float, float]

BALL_CM = 6.5  # a tennis or massage ball's diameter
BALL_PATCH_CM = 1.5  # radius of the skin a pressed ball bears on, under its centre
PAD_CM = 0.6  # radius of a fingertip's or thumb's pad on the skin
FINGERS_APART_CM = 1.6  # index and middle fingertips side by side
PINCH_CM = (1.5, 2.0)  # thumb to fingers across a pinched muscle: at least, at most


@dataclass(frozen=True)
class Contact:
    """One place where the tool meets the skin, in the view's drawing units."""

    kind: Kind
    view: str
    point: str  # the trigger point it works
    x: float
    y: float
    radius: float  # the patch of skin it presses on
    across: bool = False  # the second ball of a pair, on the other side of the spine
    axis: Vector = (1.0, 0.0)  # the way a pinch squeezes, or the line of two fingertips

    def mirrored(self, middle: float) -> "Contact":
        """The same contact on the person's other side."""
        return replace(self, x=2 * middle - self.x, axis=(-self.axis[0], self.axis[1]), across=self.across)


def _reach(shape: str, x: float, y: float, direction: Vector) -> float:
    """How far from (x, y) along `direction` the shape goes on (coarse steps, then halving)."""
    step, far = 1.0, 0.0
    while far < 400 and point_in_path(x + direction[0] * (far + step), y + direction[1] * (far + step), shape):
        far += step
    near_out = far + step
    for _ in range(8):
        mid = (far + near_out) / 2
        if point_in_path(x + direction[0] * mid, y + direction[1] * mid, shape):
            far = mid
        else:
            near_out = mid
    return far


def short_axis(shape: str, x: float, y: float) -> tuple[Vector, float, float]:
    """The direction of the shortest chord of the shape through (x, y), pointing up the drawing, and how far
    the shape reaches from (x, y) against and along it: the way a pinch crosses the muscle there."""
    best: tuple[float, Vector, float, float] | None = None
    for step in range(36):
        angle = math.pi * step / 36
        u = (math.cos(angle), -math.sin(angle))  # from pointing right, turning up
        back = _reach(shape, x, y, (-u[0], -u[1]))
        ahead = _reach(shape, x, y, u)
        if best is None or back + ahead < best[0] - 1e-6:
            best = (back + ahead, u, back, ahead)
    assert best is not None
    return best[1], best[2], best[3]


def across(shape: str, x: float, y: float) -> tuple[Vector, float, float]:
    """The way across the muscle at (x, y): square to its nearest edge (the ridge, fold or border a hand takes
    hold of), pointing up the drawing, and how far the shape reaches from (x, y) against and along it."""
    (ax, ay), (bx, by) = nearest_edge(x, y, shape)
    length = math.hypot(bx - ax, by - ay)
    u = (-(by - ay) / length, (bx - ax) / length)
    if u[1] > 0 or (u[1] == 0 and u[0] < 0):
        u = (-u[0], -u[1])
    return u, _reach(shape, x, y, (-u[0], -u[1])), _reach(shape, x, y, u)


def _pinch(view: ViewGeometry, shape: str, point: str, x: float, y: float) -> list[Contact]:
    """Thumb and fingers either side of a line across the muscle, square to its nearest edge, 1.5 to 2 cm apart,
    kept inside the muscle, the thumb on the upper side."""
    cm = view.scale.units_per_cm
    pad = PAD_CM * cm
    u, back, ahead = across(shape, x, y)
    apart = min(max(back + ahead - 2 * pad, PINCH_CM[0] * cm), PINCH_CM[1] * cm)
    low, high = -(back - pad) + apart / 2, (ahead - pad) - apart / 2
    shift = min(max(0.0, low), high) if low <= high else (ahead - back) / 2
    centre = (x + u[0] * shift, y + u[1] * shift)
    # The hand reaches across the body and over the muscle: the thumb on the near (upper, inner) side, the
    # fingers wrapping round the edge (behind the ridge of the shoulder, into the armpit behind its fold).
    thumb = (centre[0] + u[0] * apart / 2, centre[1] + u[1] * apart / 2)
    finger = (centre[0] - u[0] * apart / 2, centre[1] - u[1] * apart / 2)
    return [
        Contact("thumb", view.view, point, thumb[0], thumb[1], pad, axis=(-u[0], -u[1])),
        Contact("finger", view.view, point, finger[0], finger[1], pad, axis=u),
    ]


def _fingers(view: ViewGeometry, shape: str, point: str, x: float, y: float) -> list[Contact]:
    """Two fingertips side by side along the muscle (across its short axis), centred on the spot."""
    cm = view.scale.units_per_cm
    u, _back, _ahead = short_axis(shape, x, y)
    along = (-u[1], u[0])
    half = FINGERS_APART_CM * cm / 2
    return [
        Contact(
            "finger", view.view, point, x + along[0] * side * half, y + along[1] * side * half, PAD_CM * cm, axis=along
        )
        for side in (-1, 1)
    ]


def _balls(view: ViewGeometry, point: str, x: float, y: float, count: int) -> list[Contact]:
    cm = view.scale.units_per_cm
    patch = BALL_PATCH_CM * cm
    if count == 1:
        return [Contact("ball", view.view, point, x, y, patch)]
    # Two balls tied in a sock touch each other: their centres sit a ball's radius either side of the spine.
    middle = view.middle
    side = 1 if x >= middle else -1
    near = middle + side * BALL_CM / 2 * cm
    return [
        Contact("ball", view.view, point, near, y, patch),
        Contact("ball", view.view, point, 2 * middle - near, y, patch, across=True),
    ]


def technique_contacts(views: dict[str, ViewGeometry], muscle_id: str, technique: Technique) -> list[Contact]:
    """Every contact of a technique on the person's right side, spot by spot, in the order it works them."""
    out: list[Contact] = []
    for point in technique.trigger_points:
        view = next(v for v in views.values() if point in v.trigger_points)
        xy = view.trigger_points[point]
        shape = view.muscles[muscle_id]
        if technique.tool == "ball":
            out.extend(_balls(view, point, xy.x, xy.y, technique.balls))
        elif technique.tool == "pincer":
            out.extend(_pinch(view, shape, point, xy.x, xy.y))
        elif technique.pressed_with == "thumb":
            out.append(Contact("thumb", view.view, point, xy.x, xy.y, PAD_CM * view.scale.units_per_cm))
        else:
            out.extend(_fingers(view, shape, point, xy.x, xy.y))
    return out


def _on_own_muscle(view: ViewGeometry, muscle_id: str, contact: Contact, mirrored: bool) -> bool:
    shape = view.muscles[muscle_id]
    # the muscle as drawn (right side), or mirrored for a contact on the other side of the spine
    other = contact.across != mirrored
    return point_in_path(contact.x, contact.y, mirror_path(shape, view.middle) if other else shape)


def contact_problems(views: dict[str, ViewGeometry], muscle_id: str, index: int, technique: Technique) -> list[str]:
    """What is wrong with a technique's contacts on either side: a patch on a no-go zone, or a contact whose
    centre is off its own muscle. Each message names the technique, side, contact and zone."""
    problems: list[str] = []
    entry = f"content/muscles/{muscle_id}.toml: techniques[{index}] (how-{index + 1})"
    for side in ("right", "left"):
        for contact in technique_contacts(views, muscle_id, technique):
            single_ball = contact.kind == "ball" and technique.balls == 1
            view = views[contact.view]
            placed = contact if side == "right" else contact.mirrored(view.middle)
            where = f"{entry}, {side} side: the {placed.kind} on {placed.point} at ({placed.x:.1f}, {placed.y:.1f})"
            for zone, zone_side in view.zones():
                whole = zone.whole_ball and single_ball
                radius = BALL_CM / 2 * view.scale.units_per_cm if whole else placed.radius
                if disc_touches(placed.x, placed.y, radius, zone.path):
                    named = f"{zone.id} ({zone_side})" if zone_side else zone.id
                    what = "is drawn over" if whole else "touches"
                    problems.append(f"{where} {what} the no-go zone {named} on the {view.view} view")
            if not point_in_any(placed.x, placed.y, view.outline):
                problems.append(f"{where} is off the body on the {view.view} view")
            if not _on_own_muscle(view, muscle_id, placed, side == "left"):
                problems.append(f"{where} is outside the shape of {muscle_id} on the {view.view} view")
    return problems
