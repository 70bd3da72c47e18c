"""The position picture of a technique: a person in the position with the ball or hand on the spot and an
arrow for the way to lean or press, beside a close-up of the spot with the ball, or the hand in the grip the
technique names (atlas/drawing/hand.py) labelled with the hand that works. The head, the face and the arms are
drawn as the technique's words hold them (its `hold`). Drawn for the person's right side and mirrored for the
left. Three layouts: one still stage beside the close-up (`position_svg`: print, the PDF, the muscle page), the
three stages as one CSS loop with the figure large (`position_loop_svg`: the session's get-ready screen), and the
three stages still in the loop's place (`position_stills_svg`: reduced motion and print there)."""

import math
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Literal

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from atlas.drawing.description import join_words, lower_first
from atlas.drawing.hand import HAND_CSS, Grip, grip, hand_svg, mirrored, points_of
from atlas.drawing.palette import C
from atlas.drawing.svg import MUSCLE_CSS, crop_box, num, side_points
from clinical.body import ViewGeometry
from clinical.contacts import BALL_CM, Contact, technique_contacts
from clinical.content import content
from clinical.geometry import XY, geometry
from clinical.paths import bbox, path_points, point_in_any
from clinical.poses import Circle, Figure, Limb, Point, Pose
from clinical.sides import YOURS
from clinical.techniques import LEANS, POSES, PRESS, PRESS_IN, PRESS_THUMB

Stage = Literal["position", "place", "lean"]
STAGES: tuple[Stage, ...] = ("position", "place", "lean")
HEIGHT = 240.0
WIDTH = 400.0
GAP = 10.0

# The posed figures, their props and arrows (the posture drawing uses these too).
FIGURE_CSS = (
    "text{font-family:system-ui,-apple-system,'Segoe UI',sans-serif}"
    f".fo{{fill:none;stroke:{C['skin-line']};stroke-linecap:round;stroke-linejoin:round}}"
    f".ff{{fill:none;stroke:{C['skin']};stroke-linecap:round;stroke-linejoin:round}}"
    f".fr{{fill:none;stroke:{C['far']};stroke-linecap:round;stroke-linejoin:round}}"
    f".tb{{fill:{C['skin']}}}.tl{{fill:{C['skin']};stroke:{C['skin-line']};stroke-width:2.4}}"
    f".pr{{fill:{C['prop']};stroke:{C['prop-line']};stroke-width:1}}"
    f".fl{{fill:none;stroke:{C['prop-line']};stroke-width:2}}"
    f".ar{{fill:none;stroke:{C['arrow']};stroke-width:3;stroke-linecap:round;stroke-linejoin:round}}"
    f".ah{{fill:{C['arrow']}}}"
    ".h{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
)
POSITION_CSS = (
    MUSCLE_CSS
    + FIGURE_CSS
    + (
        # translucent, so the ball never hides the spot under it
        f".ball{{fill:{C['ball']};fill-opacity:.6;stroke:{C['ball-line']};stroke-width:1.5}}"
        f".tip{{fill:{C['skin']};stroke:{C['muscle-line']};stroke-width:1.5}}"
        f".path{{fill:none;stroke:{C['arrow']};stroke-width:1.6;stroke-dasharray:4 3}}"
        f".ring{{fill:none;stroke:{C['point']};stroke-width:1.6}}"
        f".thumb{{fill:{C['skin-line']};stroke:{C['muscle-line']};stroke-width:1.5}}"
        f".sock{{fill:none;stroke:{C['prop-line']};stroke-width:1.2;stroke-dasharray:3 2}}"
        f".patch{{fill:none;stroke:{C['ball-line']};stroke-width:1;stroke-dasharray:2 2}}"
        f".spot{{fill:{C['point']};stroke:#fff;stroke-width:1}}"
        f".hl{{font-weight:700;fill:{C['caption']}}}.eye{{fill:{C['caption']}}}"
        f".hair{{fill:{C['hair']};stroke:{C['skin-line']};stroke-width:1.2;stroke-linejoin:round}}"
    )
    + HAND_CSS
)
# The three stages as one loop of a few seconds (CSS, not SMIL): each stage held, then the next; with reduced
# motion asked for, the whole picture stands still at its last stage.
LOOP_SECONDS = 7.5
LOOP_CSS = (
    f".st{{animation:{LOOP_SECONDS}s infinite}}.s0{{animation-name:a0;opacity:0}}.s1{{animation-name:a1;opacity:0}}"
    ".s2{animation-name:a2}"
    "@keyframes a0{0%,30%{opacity:1}33%,100%{opacity:0}}"
    "@keyframes a1{0%,30%{opacity:0}33%,63%{opacity:1}66%,100%{opacity:0}}"
    "@keyframes a2{0%,63%{opacity:0}66%,100%{opacity:1}}"
    "@media (prefers-reduced-motion:reduce){.st{animation:none}}"
)
# Words in the close-up: which hand, and the stage number on the stills.
HAND_WORDS = {
    "left": _lazy("Left hand"),
    "right": _lazy("Right hand"),
    "both": _lazy("Both hands"),
    "other": _lazy("Other hand"),
    "same": _lazy("This side's hand"),
}
YOUR_HAND = {
    "left": _lazy("your left hand"),
    "right": _lazy("your right hand"),
    "both": _lazy("both hands"),
    "other": _lazy("the other hand"),
    "same": _lazy("the hand on that side"),
}
ACROSS = _lazy("across your chest")
BEHIND = _lazy("behind your head")
STAGE_WORDS = {
    "position": _lazy("1 Position"),
    "place": _lazy("2 On the spot"),
    "lean": _lazy("3 Lean or press"),
}


def _polyline(points: list[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{num(x)} {num(y)}" for x, y in points)


def _limb(limb: Limb, cls: str, extra: float = 0) -> str:
    width = limb.width + extra
    return f'<path class="{cls}" stroke-width="{num(width)}" d="{_polyline(list(limb.joints))}"/>'


def arrow(start: tuple[float, float], end: tuple[float, float], head: float = 7) -> str:
    """A line with a filled head at `end`."""
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    tip = (end[0] + head * 0.6 * math.cos(angle), end[1] + head * 0.6 * math.sin(angle))
    left = (tip[0] - head * math.cos(angle - 0.5), tip[1] - head * math.sin(angle - 0.5))
    right = (tip[0] - head * math.cos(angle + 0.5), tip[1] - head * math.sin(angle + 0.5))
    return f'<path class="ar" d="{_polyline([start, end])}"/><path class="ah" d="{_polyline([tip, left, right])}Z"/>'


def _spots(muscle_id: str, index: int) -> tuple[str, list[XY]]:
    """The view the technique is worked from, and its trigger points there in order."""
    technique = content().muscles[muscle_id].content.techniques[index]
    found = [geometry().trigger_point(point_id) for point_id in technique.trigger_points]
    view = found[0][0]
    return view, [xy for name, xy in found if name == view]


def ball_radius(units_per_cm: float) -> float:
    """A real ball's radius (6.5 cm across) on a drawing of this scale."""
    return BALL_CM / 2 * units_per_cm


def _unit(vector: tuple[float, float]) -> tuple[float, float]:
    length = math.hypot(*vector) or 1.0
    return vector[0] / length, vector[1] / length


def turn_arrow(cx: float, cy: float, rx: float, towards: int, hold: str = "") -> str:
    """A turn of the head about its own upright axis: half an ellipse around the front of the head with an
    arrowhead, the front moving to the viewer's right (towards=1) or left (-1)."""
    ry = rx * 0.32
    start, end = (cx - towards * rx, cy), (cx + towards * rx, cy)
    sweep = 0 if towards == 1 else 1
    head = max(rx * 0.35, 3.0)
    tip = (end[0] + towards * head * 0.2, end[1] - head * 0.7)
    wing = [
        (end[0] - towards * head * 0.55, end[1] - head * 0.25),
        (end[0] + towards * head * 0.45, end[1] + head * 0.2),
    ]
    marked = f' data-hold="{hold}"' if hold else ""
    return (
        f'<path class="ar"{marked} d="M{num(start[0])} {num(start[1])}A{num(rx)} {num(ry)} 0 0 {sweep}'
        f' {num(end[0])} {num(end[1])}"/><path class="ah" d="{_polyline([tip, *wing])}Z"/>'
    )


def press_in(x: float, y: float, r: float) -> str:
    """Pressing straight into the body, away from the viewer: a ringed dot."""
    return f'<circle class="ar" cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/><circle class="ah" cx="{num(x)}" cy="{num(y)}" r="{num(r * 0.35)}"/>'


def _face(head: Circle, r: float, holds: frozenset[str], facing: float = 0) -> str:
    """An eye and a nose on the side of the head the figure faces (the viewer's right), tipped down with the chin
    and moved to the edge when the head turns away, so the picture shows how the head is held."""
    tip = math.radians((24 if "chin-down" in holds else 0) + facing)
    away = "head-turned-away" in holds
    eye_at, eye_angle = (0.72, -0.2) if away else (0.5, -0.28)
    ex = head.x + r * eye_at * math.cos(eye_angle + tip)
    ey = head.y + r * eye_at * math.sin(eye_angle + tip)
    nose = [
        (head.x + r * k * math.cos(a + tip), head.y + r * k * math.sin(a + tip))
        for k, a in ((0.98, -0.1), (1.12, 0.05), (0.97, 0.2))
    ]
    mouth = [(head.x + r * 0.8 * math.cos(a + tip), head.y + r * 0.8 * math.sin(a + tip)) for a in (0.42, 0.5)]
    return (
        f'<circle class="eye" data-face="eye" cx="{num(ex)}" cy="{num(ey)}" r="{num(r * 0.1)}"/>'
        f'<path class="fo" stroke-width="1.4" data-face="nose" d="{_polyline(nose if not away else nose[1:])}"/>'
        f'<path class="fo" stroke-width="1.2" d="{_polyline(mouth)}"/>'
    )


def _back_of_head(head: Circle, tilt: float) -> str:
    """The head seen from behind: hair over its top and back, an ear on each side, turned with the head's tilt."""
    r = head.r

    def at(dx: float, dy: float) -> str:
        x, y = _turned((head.x + dx * r, head.y + dy * r), (head.x, head.y), tilt)
        return f"{num(x)} {num(y)}"

    hair = f"M{at(-0.96, 0.1)}A{num(r * 0.97)} {num(r * 0.97)} 0 1 1 {at(0.96, 0.1)}Q{at(0, 0.5)} {at(-0.96, 0.1)}Z"
    ears = "".join(
        f'<path class="tl" stroke-width="1.4" d="M{at(side * 0.92, -0.22)}Q{at(side * 1.3, 0.02)} {at(side * 0.93, 0.3)}Z"/>'
        for side in (-1, 1)
    )
    return ears + f'<path class="hair" data-face="hair" d="{hair}"/>'


def body_svg(figure: Figure, holds: frozenset[str] | None = None) -> str:
    """A figure's body: far limbs behind, then every outline, then every fill, so the parts join into one
    body with one outline. With `holds` (a technique's), the face shows how the head is held."""
    near = [limb for limb in figure.limbs if not limb.far]
    out = [_limb(limb, "fo", 2.4) + _limb(limb, "fr") for limb in figure.limbs if limb.far]
    head = figure.head
    out.append(f'<path class="tl" d="{figure.torso}"/>')
    out.append(f'<circle class="tl" cx="{num(head.x)}" cy="{num(head.y)}" r="{num(head.r)}"/>')
    out.extend(_limb(limb, "fo", 2.4) for limb in near)
    out.append(f'<path class="tb" d="{figure.torso}"/>')
    out.append(f'<circle class="tb" cx="{num(head.x)}" cy="{num(head.y)}" r="{num(head.r - 1.2)}"/>')
    out.extend(_limb(limb, "ff") for limb in near)
    if isinstance(figure, Pose) and figure.seen == "back":
        tilt = figure.head_tilt if holds and "head-tilted-towards" in holds else 0
        out.append(_back_of_head(head, tilt))
    elif holds is not None:
        out.append(_face(head, head.r, holds, figure.facing if isinstance(figure, Pose) else 0))
    return "".join(out)


@dataclass(frozen=True)
class Placement:
    """Where the ball or working hand goes on a posed figure, and how far the figure moves to lean on it."""

    skin: Point
    tool: Point  # the ball's centre, or the fingertips
    shift: Point  # the figure's move so the ball meets the wall or floor
    elbow: Point | None = None  # the reaching arm's elbow, for fingers and a pinch


def placement(pose: Pose, tool: str, view: str, spot_y: float) -> Placement:
    surface = pose.surfaces[view]
    ux, uy = _unit(surface.offset)
    skin = pose.skin(surface.at(spot_y), (ux, uy))
    if tool != "ball":
        hand = (skin[0] + ux * 4, skin[1] + uy * 4)
        return Placement(skin, hand, (0.0, 0.0), pose.elbow(hand, surface.bend))
    radius = ball_radius(pose.units_per_cm)
    ball = (skin[0] + ux * (radius + 0.6), skin[1] + uy * (radius + 0.6))
    shift = (0.0, 0.0)
    if pose.contact is not None:
        # the person leans until the ball meets the wall or the floor (walls and floors are straight)
        gap = pose.contact * (ux + uy) - (ball[0] * ux + ball[1] * uy + radius)
        shift = (ux * gap, uy * gap)
    return Placement(skin, ball, shift)


def _turned(point: Point, about: Point, degrees: float) -> Point:
    """A point turned about another, clockwise on the page by `degrees`."""
    a = math.radians(degrees)
    dx, dy = point[0] - about[0], point[1] - about[1]
    return about[0] + dx * math.cos(a) - dy * math.sin(a), about[1] + dx * math.sin(a) + dy * math.cos(a)


def held(pose: Pose, holds: frozenset[str]) -> Pose:
    """The pose as the words hold it: the arms crossed over the chest, the head and neck tilted about the neck's
    base towards the side worked."""
    if "arms-across" in holds and pose.across:
        pose = pose.model_copy(update={"limbs": [limb for limb in pose.limbs if not limb.arm] + list(pose.across)})
    if "head-tilted-towards" in holds and pose.head_tilt:
        neck = next(limb for limb in pose.limbs if limb.touch)
        base = max(neck.joints, key=lambda joint: joint[1])
        x, y = _turned((pose.head.x, pose.head.y), base, pose.head_tilt)
        limbs = [
            limb.model_copy(update={"joints": [_turned(j, base, pose.head_tilt) for j in limb.joints]})
            if limb.touch
            else limb
            for limb in pose.limbs
        ]
        pose = pose.model_copy(update={"head": pose.head.model_copy(update={"x": x, "y": y}), "limbs": limbs})
    return pose


def _figure_hand(pose: Pose, elbow: Point, tool_at: Point, tool: str, thumb: bool) -> Grip:
    """The working hand at the end of the reaching arm on the figure: fingertips (or the thumb) on the spot."""
    cm = pose.units_per_cm
    ux, uy = _unit((tool_at[0] - elbow[0], tool_at[1] - elbow[1]))
    across = (-uy, ux)
    wrist = (tool_at[0] - ux * 13 * cm, tool_at[1] - uy * 13 * cm)

    def at(along: float, side: float) -> Point:
        return tool_at[0] + ux * along * cm + across[0] * side * cm, tool_at[1] + uy * along * cm + across[
            1
        ] * side * cm

    tips = (at(0, 0), at(-0.5, 1.8), at(-3, 3.2), at(-4.5, 4.2))
    if tool == "pincer":
        return Grip(wrist, tips, at(-1, -2.2), cm)
    if thumb:
        return Grip(wrist, (at(-2, 1.5), at(-2.5, 3), at(-3.5, 4.2), at(-5, 5)), tool_at, cm)
    return Grip(wrist, tips, at(-6, -3.5), cm)


def figure_svg(
    pose: Pose,
    tool: str,
    view: str,
    spot_y: float,
    stage: Stage,
    holds: frozenset[str] = frozenset(),
    thumb: bool = False,
) -> str:
    """The posed figure; from stage "place" on with the ball or working hand on the spot, at "lean" the arrow."""
    surface = pose.surfaces[view]
    props = [f'<path class="pr" d="{d}"/>' for d in pose.props]
    if pose.floor:
        props.append(f'<path class="fl" d="{pose.floor}"/>')
    out = [body_svg(held(pose, holds), holds)]
    lean = surface.lean or pose.lean
    place = placement(pose, tool, view, spot_y)
    x, y = place.tool
    if stage != "position" and tool == "ball":
        out.append(
            f'<circle class="ball" data-contact="ball" cx="{num(x)}" cy="{num(y)}"'
            f' r="{num(ball_radius(pose.units_per_cm))}"/>'
        )
        if stage == "lean":
            start = (x + pose.arrow[0], y + pose.arrow[1])
            out.append(arrow(start, (start[0] + lean[0] * 20, start[1] + lean[1] * 20)))
        if stage == "lean" and pose.body_turn == "wall" and "body-turned-to-wall" in holds:
            # round the shoulders, the near one moving back towards the wall
            head = pose.head
            towards = -1 if pose.lean[0] < 0 else 1
            out.append(turn_arrow(head.x + 4, head.y + 1.75 * head.r, 2 * head.r, towards, "turn"))
    elif stage != "position" and pose.reach is not None and place.elbow is not None:
        if pose.seen == "back":
            # from behind, the arm across the front of the chest is hidden by the body: only the hand shows, its
            # fingers coming over the top of the shoulder onto its back
            over = (place.tool[0] - 4, place.tool[1] - 40)
            out.append(hand_svg(_figure_hand(pose, over, place.tool, tool, thumb), forearm=False))
        else:
            grip_ = _figure_hand(pose, place.elbow, place.tool, tool, thumb)
            arm = Limb(joints=[pose.reach.shoulder, place.elbow, grip_.wrist], width=pose.reach.width)
            out.append(_limb(arm, "fo", 2.4) + _limb(arm, "ff"))
            out.append(hand_svg(grip_, forearm=False))
        out.append(f'<circle class="tip" cx="{num(x)}" cy="{num(y)}" r="{num(0.9 * pose.units_per_cm)}"/>')
        if stage == "lean" and tool == "fingers" and lean != (0, 0):
            start = (x - lean[0] * 34, y - lean[1] * 34)
            out.append(arrow(start, (x - lean[0] * 14, y - lean[1] * 14)))
        elif stage == "lean" and tool == "fingers":  # pressing in from the side, into the page
            out.append(press_in(x + 11, y - 9, 4))
    if "head-tilted-towards" in holds and pose.head_tilt and stage == "position":  # the head tilting into place
        head = held(pose, holds).head
        out.append(side_tilt_arrow(head.x, head.y, head.r + 5, 1 if pose.head_tilt > 0 else -1))
    if pose.head_turn == "away" and stage != "position":  # the face turns away from the viewer
        out.append(turn_arrow(pose.head.x, pose.head.y + 2, pose.head.r + 3, -1))
    shift = place.shift if stage != "position" else (0.0, 0.0)
    moved = f' transform="translate({num(shift[0])} {num(shift[1])})"' if shift != (0.0, 0.0) else ""
    return "".join(props) + f'<g class="fig"{moved}>' + "".join(out) + "</g>"


def tilt_arrow(cx: float, cy: float, r: float, towards: int) -> str:
    """The head tilting sideways, seen from behind or in front: an arc over the top of the head with a head at
    the side it tilts to (towards=1: the viewer's right)."""
    start = (cx - towards * r * 0.35, cy - r * 0.94)
    end = (cx + towards * r * 0.85, cy - r * 0.53)
    sweep = 1 if towards == 1 else 0
    angle = math.atan2(end[1] - cy, end[0] - cx) + towards * math.pi / 2
    head = max(r * 0.3, 4.0)
    tip = (end[0] + head * 0.6 * math.cos(angle), end[1] + head * 0.6 * math.sin(angle))
    left = (tip[0] - head * math.cos(angle - 0.5), tip[1] - head * math.sin(angle - 0.5))
    right = (tip[0] - head * math.cos(angle + 0.5), tip[1] - head * math.sin(angle + 0.5))
    return (
        f'<path class="ar" data-hold="tilt" d="M{num(start[0])} {num(start[1])}A{num(r)} {num(r)} 0 0 {sweep}'
        f' {num(end[0])} {num(end[1])}"/><path class="ah" d="{_polyline([tip, left, right])}Z"/>'
    )


def side_tilt_arrow(cx: float, cy: float, r: float, towards: int) -> str:
    """The head tilting sideways on the figure: an arc down the side of the head it tilts to, from the top of that
    side to below the ear, with a head at its lower end (towards=1: the viewer's right). It stays below the top
    of the head, so the figure's crop need not grow upwards."""
    a0, a1 = math.radians(-50), math.radians(15)
    start = (cx + towards * r * math.cos(a0), cy + r * math.sin(a0))
    end = (cx + towards * r * math.cos(a1), cy + r * math.sin(a1))
    angle = math.atan2(math.cos(a1), -towards * math.sin(a1))  # along the arc at its end, downwards
    head = max(r * 0.3, 4.0)
    tip = (end[0] + head * 0.6 * math.cos(angle), end[1] + head * 0.6 * math.sin(angle))
    left = (tip[0] - head * math.cos(angle - 0.5), tip[1] - head * math.sin(angle - 0.5))
    right = (tip[0] - head * math.cos(angle + 0.5), tip[1] - head * math.sin(angle + 0.5))
    sweep = 1 if towards == 1 else 0
    return (
        f'<path class="ar" data-hold="tilt" d="M{num(start[0])} {num(start[1])}A{num(r)} {num(r)} 0 0 {sweep}'
        f' {num(end[0])} {num(end[1])}"/><path class="ah" d="{_polyline([tip, left, right])}Z"/>'
    )


def _pad(contact: Contact, cls: str = "tip") -> str:
    """A fingertip or thumb pad on the skin: an oval along the way it presses, the size of its contact."""
    angle = math.degrees(math.atan2(contact.axis[1], contact.axis[0]))
    return (
        f'<ellipse class="{cls}" data-contact="{contact.kind}" cx="{num(contact.x)}" cy="{num(contact.y)}"'
        f' rx="{num(contact.radius * 1.35)}" ry="{num(contact.radius)}"'
        f' transform="rotate({num(angle)} {num(contact.x)} {num(contact.y)})"/>'
    )


def _tools(view: ViewGeometry, contacts: list[Contact], stage: Stage, ring: float) -> list[str]:
    """The ball(s) or fingertips where the contacts are, and at "lean" the way a pinch squeezes."""
    out: list[str] = []
    balls = [c for c in contacts if c.kind == "ball"]
    radius = ball_radius(view.scale.units_per_cm)
    if len(balls) == 2:  # two balls in a sock, the spine in the gap between them
        (left, right) = sorted(balls, key=lambda c: c.x)
        out.append(
            f'<rect class="sock" x="{num(left.x - radius - 1.5)}" y="{num(left.y - radius - 1.5)}"'
            f' width="{num(right.x - left.x + 2 * radius + 3)}" height="{num(2 * radius + 3)}" rx="{num(radius + 1.5)}"/>'
        )
    for ball in balls:
        out.append(
            f'<circle class="ball" data-contact="ball" cx="{num(ball.x)}" cy="{num(ball.y)}" r="{num(radius)}"/>'
        )
        out.append(f'<circle class="patch" cx="{num(ball.x)}" cy="{num(ball.y)}" r="{num(ball.radius)}"/>')
    for contact in contacts:
        if contact.kind == "ball":
            continue
        out.append(_pad(contact, "thumb" if contact.kind == "thumb" else "tip"))
        if stage == "lean" and any(c.kind == "thumb" for c in contacts):
            ux, uy = contact.axis  # from this pad towards the other
            start = (contact.x - ux * ring * 2.6, contact.y - uy * ring * 2.6)
            end = (contact.x - ux * ring * 1.3, contact.y - uy * ring * 1.3)
            out.append(arrow(start, end, head=ring * 0.5))
    return out


Crop = tuple[float, float, float, float]


@dataclass(frozen=True)
class Closeup:
    crop: Crop
    drawing: str
    hand_at: Point | None  # where the words for the hand go, on the drawn (right) side
    focus: tuple[Point, ...] = ()  # the spots, the tool and the hand: what a tighter crop must keep
    bounds: Crop = (0, 0, 0, 0)  # the body view's own box

    def tight(self, aspect: float, least: float) -> Crop:
        """A crop of this width-to-height aspect around the focus, at least `least` units wide, in the view."""
        x0, y0, x1, y1 = bbox(list(self.focus))
        w = max(x1 - x0 + 60, (y1 - y0 + 60) * aspect, least)
        h = w / aspect
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        bx, by, bw, bh = self.bounds
        w, h = min(w, bw), min(h, bh)
        x = min(max(cx - w / 2, bx), bx + bw - w)
        y = min(max(cy - h / 2, by), by + bh - h)
        return x, y, w, h


def closeup(muscle_id: str, index: int, stage: Stage) -> Closeup:
    """The spot on the body view, cropped: the muscle, the ball(s), or the hand in its grip with its fingertips
    or thumb where their contacts are, on the first trigger point, the spot itself drawn on top; when the
    technique moves on, a dashed path to the next ones. The crop holds the whole hand and the start of its arm."""
    view_name, spots = _spots(muscle_id, index)
    view = geometry().views[view_name]
    technique = content().muscles[muscle_id].content.techniques[index]
    tool = technique.tool
    first_id = technique.trigger_points[0]
    contacts = [c for c in technique_contacts(geometry().views, muscle_id, technique) if c.point == first_id]
    shape = view.muscles.get(muscle_id, "")
    reach = ball_radius(view.scale.units_per_cm) + 2 if tool == "ball" else 6.0
    around = [(c.x + dx * reach, c.y + dy * reach) for c in contacts for dx, dy in ((-1, -1), (1, 1))]
    hand = None
    if tool != "ball":
        zones = [zone.path for zone, _side in view.zones()]

        def on_no_go(p: Point) -> bool:
            return any(point_in_any(p[0], p[1], zone) for zone in zones)

        hand = grip(contacts, tool, technique.hand or "same", view_name, view.middle, view.scale.units_per_cm, on_no_go)
        around += points_of(hand)
    # the arm of the side worked as the words hold it (resting in the lap, the armpit open), where the view has it
    arm = next((view.held[h] for h in technique.hold if h in view.held), None)
    if arm is not None:
        around += [(p.x, p.y) for p in arm.keep]
    crop = crop_box(view, [*side_points(view, shape), *((s.x, s.y) for s in spots), *around], 34, 150)
    ring = max(crop[2], crop[3]) / 14 * 0.6
    lines = " ".join(mark.path for mark in view.landmarks if mark.path)
    out = [f'<path class="o" d="{arm.outline if arm else view.outline}"/>']
    if arm is not None:
        out += [f'<path class="o" data-hold="arm" d="{d}"/>' for d in arm.over]
    out += [f'<path class="m" d="{shape}"/>', f'<path class="ll" d="{lines}"/>']
    if geometry().pose_of(muscle_id, index).head_turn == "away" and view_name == "front":
        # the person's right is on the viewer's left here: the face turns to the viewer's right, away from it
        out.append(turn_arrow(view.middle, 92, 40, 1))
    if "head-tilted-towards" in technique.hold and view_name in ("back", "front"):
        # the person's right is on the viewer's right from behind, on the viewer's left from the front
        out.append(tilt_arrow(view.middle, 62, 44, 1 if view_name == "back" else -1))
    first = spots[0]
    for spot in spots[1:]:
        out.append(f'<circle class="ring" cx="{num(spot.x)}" cy="{num(spot.y)}" r="{num(ring)}"/>')
    if stage == "position":
        out.append(f'<circle class="ring" cx="{num(first.x)}" cy="{num(first.y)}" r="{num(ring)}"/>')
        return Closeup(crop, "".join(out), None, tuple(around) or ((first.x, first.y),), view.view_box)
    if len(spots) > 1 and stage == "lean":
        out.append(f'<path class="path" d="{_polyline([(s.x, s.y) for s in spots])}"/>')
    if hand is not None:
        if technique.hand == "both":  # the other hand, its mirror, laced with it behind the head
            out.append(hand_svg(mirrored(hand, view.middle)))
        out.append(hand_svg(hand))
    out.extend(_tools(view, contacts, stage, ring))
    # the spot stays in sight on top of the ball or hand
    out.append(
        f'<circle class="spot" data-spot="{first_id}" cx="{num(first.x)}" cy="{num(first.y)}" r="{num(ring * 0.3)}"/>'
    )
    hand_at = None
    if hand is not None:
        wx, wy = hand.wrist
        hand_at = (wx, wy + (ring * 1.6 if wy >= first.y else -ring * 0.9))
    focus = (*around, *((spot.x, spot.y) for spot in spots[:1]), *((hand_at,) if hand_at else ()))
    return Closeup(crop, "".join(out), hand_at, focus, view.view_box)


def closeup_svg(muscle_id: str, index: int, tool: str, stage: Stage) -> tuple[Crop, str]:
    """The close-up's crop and drawing (see `closeup`)."""
    found = closeup(muscle_id, index, stage)
    return found.crop, found.drawing


def working_hand(hand: str | None, side: str) -> str:
    """Which hand works, for the side worked: left or right, both, or (for both sides) the other or same hand."""
    if hand == "both" or hand is None:
        return "both" if hand == "both" else ""
    if side not in ("left", "right"):
        return hand
    other = "left" if side == "right" else "right"
    return other if hand == "other" else side


@dataclass(frozen=True)
class Panels:
    pose: Pose
    figure: str
    close: Closeup
    middle: float
    label: str
    reach: tuple[Point, ...] = ()  # what the figure draws beyond its body: the hand, its elbow, the arrow


def _panels(muscle_id: str, index: int, side: str, stage: Stage) -> Panels:
    technique = content().muscles[muscle_id].content.techniques[index]
    pose = geometry().pose_of(muscle_id, index)
    view_name, spots = _spots(muscle_id, index)
    holds = frozenset(technique.hold)
    figure = figure_svg(pose, technique.tool, view_name, spots[0].y, stage, holds, technique.pressed_with == "thumb")
    view = geometry().views[view_name]
    hand = working_hand(technique.hand, side)
    label = str(HAND_WORDS[hand]) if hand else ""
    place = placement(pose, technique.tool, view_name, spots[0].y)
    lean = pose.surfaces[view_name].lean or pose.lean
    x, y = place.tool
    reach = [(x - 8, y - 8), (x + 8, y + 8)]
    if technique.tool == "fingers" and lean != (0, 0):  # the arrow pressing in, drawn behind the hand
        reach.append((x - lean[0] * 38, y - lean[1] * 38))
    if place.elbow is not None:
        reach.append(place.elbow)
    middle = view.view_box[0] + view.view_box[2] / 2
    return Panels(pose, figure, closeup(muscle_id, index, stage), middle, label, tuple(reach))


Box = tuple[float, float, float, float]


def _fit(size: tuple[float, float], box: Box) -> Box:
    """The largest box of this aspect centred in `box`."""
    scale = min(box[2] / size[0], box[3] / size[1])
    w, h = size[0] * scale, size[1] * scale
    return box[0] + (box[2] - w) / 2, box[1] + (box[3] - h) / 2, w, h


def _compose(
    p: Panels,
    mirrored: bool,
    figure_box: Box | None,
    close_box: Box,
    rendered: float,
    tight: float = 0,
    pose_box: Box | None = None,
) -> str:
    """The figure fitted into one box and the close-up into another, mirrored for the left side. `rendered` is
    CSS px per unit on a 390 px phone, so the hand's words are drawn at least 15 px high. `tight` (a least
    width) crops the close-up close around the hand or ball; `pose_box` crops the figure to the person."""
    vx, vy, vw, vh = pose_box or p.pose.view_box
    fx, fy, fw, fh = _fit((vw, vh), figure_box) if figure_box else (0, 0, 0, 0)
    cx, cy, cw, ch = p.close.tight(close_box[2] / close_box[3], tight) if tight else p.close.crop
    _mx, _my, mw, _mh = _fit((cw, ch), close_box)
    if mirrored:
        cx = 2 * p.middle - (cx + cw)
    flip_pose = f' transform="matrix(-1 0 0 1 {num(2 * vx + vw)} 0)"' if mirrored else ""
    flip_close = f' transform="matrix(-1 0 0 1 {num(2 * p.middle)} 0)"' if mirrored else ""
    words = ""
    if p.close.hand_at and p.label:
        hx, hy = p.close.hand_at
        hx = 2 * p.middle - hx if mirrored else hx
        size = 15 / rendered * cw / mw
        hx = min(max(hx, cx + size * 4), cx + cw - size * 4)
        hy = min(max(hy, cy + size), cy + ch - size * 0.4)
        words = (
            f'<text class="hl h" data-hand-label="{escape(p.label)}" x="{num(hx)}" y="{num(hy)}" font-size="{num(size)}"'
            f' text-anchor="middle">{escape(p.label)}</text>'
        )
    figure = (
        f'<svg x="{num(fx)}" y="{num(fy)}" width="{num(fw)}" height="{num(fh)}"'
        f' viewBox="{num(vx)} {num(vy)} {num(vw)} {num(vh)}"><g{flip_pose}>{p.figure}</g></svg>'
        if figure_box
        else ""
    )
    return (
        figure
        + f'<svg x="{num(close_box[0])}" y="{num(close_box[1])}" width="{num(close_box[2])}" height="{num(close_box[3])}"'
        f' viewBox="{num(cx)} {num(cy)} {num(cw)} {num(ch)}"><g{flip_close}>{p.close.drawing}</g>{words}</svg>'
    )


def _open(width: float, height: float, alt: str, css: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}"'
        f' height="{num(height)}" role="img" aria-label="{escape(alt)}"><defs><style>{css}</style></defs>'
    )


def position_svg(muscle_id: str, index: int, side: str = "right", stage: Stage = "lean") -> str:
    """A standalone SVG of the technique's position picture (stage "lean" is the whole picture): the figure on
    the left, the close-up on the right. Still: for print, the PDF and the muscle page."""
    return _position_svg(muscle_id, index, side, stage, get_language())


def _side_by_side(p: Panels, mirrored: bool, top: float) -> str:
    _vx, _vy, vw, vh = p.pose.view_box
    pose_width = min(WIDTH * 0.55, vw * HEIGHT / vh)
    close_x = pose_width + GAP
    return _compose(p, mirrored, (0, top, pose_width, HEIGHT), (close_x, top, WIDTH - close_x, HEIGHT), 358 / WIDTH)


@cache
def _position_svg(muscle_id: str, index: int, side: str, stage: Stage, language: str) -> str:
    p = _panels(muscle_id, index, side, stage)
    alt = position_alt(muscle_id, index, side)
    return _open(WIDTH, HEIGHT, alt, POSITION_CSS) + _side_by_side(p, side == "left", 0) + "</svg>"


def pose_box(pose: Pose, holds: frozenset[str], reach: tuple[Point, ...] = (), pad: float = 2) -> Box:
    """The person and their wall or chair, and the reaching hand, without the empty floor around them: the
    figure as large as it can be."""
    figure = held(pose, holds)
    points = [*reach, (figure.head.x - figure.head.r, figure.head.y - figure.head.r)]
    if "head-tilted-towards" in holds and pose.head_tilt:  # the arrow beside the head as it tilts
        head = figure.head
        points += [(head.x + side * (head.r + 9), head.y) for side in (-1, 1)]
    points.append((figure.head.x + figure.head.r, figure.head.y + figure.head.r))
    points += path_points(figure.torso)
    for d in figure.props:
        points += path_points(d)
    for limb in figure.limbs:
        points += [
            (x + dx * limb.width / 2, y + dy * limb.width / 2) for x, y in limb.joints for dx, dy in ((-1, -1), (1, 1))
        ]
    x0, y0, x1, y1 = bbox(points)
    vx, vy, vw, vh = pose.view_box
    x0, y0 = max(vx, x0 - pad), max(vy, y0 - pad)
    x1, y1 = min(vx + vw, x1 + pad), min(vy + vh, y1 + pad)
    return x0, y0, x1 - x0, y1 - y0


# The session's get-ready picture: the figure cropped to the person, as tall as the picture, beside a close-up
# cropped close around the hand or ball. On a 390 px phone the person is drawn about twice as tall as beside the
# whole-body close-up, the grip can be read without zooming, and the picture, the first line of how and the
# "I'm in position" button still fit on one screen.
LOOP_HEIGHT = 440.0
LOOP_FIGURE = 240.0
STILLS_HEIGHT = LOOP_HEIGHT  # the same place on the page: nothing moves whichever the phone shows
STILLS_FIGURES = 270.0
PHONE = 358 / WIDTH  # CSS px per unit on a 390 px phone


def position_loop_svg(muscle_id: str, index: int, side: str = "right") -> str:
    """The three stages as one loop of a few seconds (a CSS animation inside the SVG: no script, no SMIL), the
    figure large beside the close-up. With reduced motion asked for it stands still at the last stage."""
    return _position_loop_svg(muscle_id, index, side, get_language())


@cache
def _position_loop_svg(muscle_id: str, index: int, side: str, language: str) -> str:
    mirrored = side == "left"
    holds = frozenset(content().muscles[muscle_id].content.techniques[index].hold)
    groups = []
    for number, stage in enumerate(STAGES):
        p = _panels(muscle_id, index, side, stage)
        box = pose_box(p.pose, holds, p.reach)
        figure: Box = (0, 0, LOOP_FIGURE, LOOP_HEIGHT)
        close: Box = (LOOP_FIGURE + 4, 0, WIDTH - LOOP_FIGURE - 4, LOOP_HEIGHT)
        if box[2] > box[3]:  # a person lying down: across the whole width, the close-up below
            tall = min(WIDTH * box[3] / box[2], LOOP_HEIGHT / 2)
            figure, close = (0, 0, WIDTH, tall), (0, tall + 4, WIDTH, LOOP_HEIGHT - tall - 30)
        drawing = _compose(p, mirrored, figure, close, PHONE, 150, box)
        caption = (
            f'<text class="hl h" x="{num(WIDTH - 4)}" y="{num(LOOP_HEIGHT - 8)}" font-size="{num(15 / PHONE)}"'
            f' text-anchor="end">{escape(str(STAGE_WORDS[stage]))}</text>'
        )
        groups.append(f'<g class="st s{number}" data-stage="{stage}">{drawing}{caption}</g>')
    alt = position_alt(muscle_id, index, side)
    return _open(WIDTH, LOOP_HEIGHT, alt, POSITION_CSS + LOOP_CSS) + "".join(groups) + "</svg>"


def position_stills_svg(muscle_id: str, index: int, side: str = "right") -> str:
    """The three stages still, for reduced motion and print, in the loop's place: the figure at each stage side
    by side, numbered, above the close-up of the last stage (the hand or ball on the spot, the way to press)."""
    return _position_stills_svg(muscle_id, index, side, get_language())


@cache
def _position_stills_svg(muscle_id: str, index: int, side: str, language: str) -> str:
    mirrored = side == "left"
    holds = frozenset(content().muscles[muscle_id].content.techniques[index].hold)
    third = WIDTH / 3
    parts = []
    for number, stage in enumerate(STAGES):
        p = _panels(muscle_id, index, side, stage)
        box = pose_box(p.pose, holds, p.reach)
        close: Box = (0, STILLS_FIGURES + 4, WIDTH, STILLS_HEIGHT - STILLS_FIGURES - 4)
        figure: Box = (number * third, 22, third - 4, STILLS_FIGURES - 22)
        at = (number * third + 2, 16.0)
        if box[2] > box[3]:  # lying down: the three figures one under the other, the close-up beside them
            row = STILLS_HEIGHT / 3
            figure, close = (
                (0, number * row + 20, WIDTH * 0.55, row - 24),
                (WIDTH * 0.55 + 4, 0, WIDTH * 0.45 - 4, STILLS_HEIGHT),
            )
            at = (2, number * row + 16)
        drawing = _compose(p, mirrored, figure, close, PHONE, 150, box) if stage == "lean" else ""
        if not drawing:  # the first two stages: the figure only
            vx, vy, vw, vh = box
            fx, fy, fw, fh = _fit((vw, vh), figure)
            flip = f' transform="matrix(-1 0 0 1 {num(2 * vx + vw)} 0)"' if mirrored else ""
            drawing = (
                f'<svg x="{num(fx)}" y="{num(fy)}" width="{num(fw)}" height="{num(fh)}"'
                f' viewBox="{num(vx)} {num(vy)} {num(vw)} {num(vh)}"><g{flip}>{p.figure}</g></svg>'
            )
        parts.append(
            f'<g data-stage="{stage}"><text class="hl" x="{num(at[0])}" y="{num(at[1])}" font-size="{num(13 / PHONE)}">'
            f"{escape(str(STAGE_WORDS[stage]))}</text>{drawing}</g>"
        )
    alt = position_alt(muscle_id, index, side)
    return _open(WIDTH, STILLS_HEIGHT, alt, POSITION_CSS) + "".join(parts) + "</svg>"


HOLD_SENTENCES = {
    "head-tilted-towards": _lazy("The head tilts a little towards the shoulder you work."),
    "arms-across": _lazy("The arms are crossed over the chest."),
    "arm-in-lap": _lazy("The arm of the side you work rests in the lap."),
}


def hand_words(hand: str | None, side: str) -> str:
    """The working hand in words: "your left hand, across your chest"."""
    which = working_hand(hand, side)
    words = str(YOUR_HAND[which]) if which else ""
    where = {"other": ACROSS, "both": BEHIND}.get(hand or "")
    return f"{words}, {where}," if where else words


def position_alt(muscle_id: str, index: int, side: str = "right") -> str:
    """The picture in words: the position, how the head and arm are held, which hand or where the ball goes on
    which side, and the way to lean."""
    info = content().muscles[muscle_id]
    technique = info.content.techniques[index]
    pose = geometry().pose_of(muscle_id, index)
    names = {point.id: lower_first(point.name) for point in info.content.trigger_points}
    where = [names[point_id] for point_id in technique.trigger_points]
    values = {
        "spot": where[0],
        "side": YOURS.get(side, side),
        "muscle": info.label,
        "hand": hand_words(technique.hand, side),
    }
    placed = {
        "ball": _("The ball is on %(muscle)s, %(spot)s, on %(side)s."),
        "fingers": (
            _("The thumbs of %(hand)s are on %(muscle)s, %(spot)s, on %(side)s.")
            if technique.hand == "both"
            else _("The thumb of %(hand)s is on %(muscle)s, %(spot)s, on %(side)s.")
        )
        if technique.pressed_with == "thumb"
        else _("The fingertips of %(hand)s are on %(muscle)s, %(spot)s, on %(side)s."),
        "pincer": _("The thumb and fingers of %(hand)s hold %(muscle)s, %(spot)s, on %(side)s."),
    }[technique.tool] % values
    text = [str(POSES.get(pose.id, "")), *(str(HOLD_SENTENCES[h]) for h in technique.hold if h in HOLD_SENTENCES)]
    text.append(placed)
    if len(where) > 1:
        text.append(_("Then it moves on to %(spots)s.") % {"spots": join_words(where[1:])})
    if technique.tool == "ball":
        text.append(str(LEANS.get(pose.id, "")))
    elif technique.tool == "fingers" and (pose.surfaces[_spots(muscle_id, index)[0]].lean or pose.lean) == (0, 0):
        text.append(str(PRESS_IN))
    elif technique.pressed_with == "thumb":
        text.append(str(PRESS_THUMB))
    else:
        text.append(str(PRESS[technique.tool]))
    return " ".join(part for part in text if part)
