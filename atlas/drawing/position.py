"""The position picture of a technique: a person in the position with the ball or hand on the spot and an
arrow for the way to lean or press (left), beside a close-up of the spot on the body (right). Drawn for the
person's right side and mirrored for the left. Stages let a sequence show it step by step."""

import math
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Literal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from atlas.drawing.description import join_words, lower_first
from atlas.drawing.palette import C
from atlas.drawing.svg import MUSCLE_CSS, crop_box, num, side_points
from clinical.body import ViewGeometry
from clinical.contacts import BALL_CM, Contact, technique_contacts
from clinical.content import content
from clinical.geometry import XY, geometry
from clinical.poses import Figure, Limb, Point, Pose
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
        f".ball{{fill:{C['ball']};stroke:{C['ball-line']};stroke-width:1.5}}"
        f".tip{{fill:{C['skin']};stroke:{C['muscle-line']};stroke-width:1.5}}"
        f".path{{fill:none;stroke:{C['arrow']};stroke-width:1.6;stroke-dasharray:4 3}}"
        f".ring{{fill:none;stroke:{C['point']};stroke-width:1.6}}"
        f".thumb{{fill:{C['skin-line']};stroke:{C['muscle-line']};stroke-width:1.5}}"
        f".sock{{fill:none;stroke:{C['prop-line']};stroke-width:1.2;stroke-dasharray:3 2}}"
        f".patch{{fill:none;stroke:{C['ball-line']};stroke-width:1;stroke-dasharray:2 2}}"
    )
)


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


def turn_arrow(cx: float, cy: float, rx: float, towards: int) -> str:
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
    return (
        f'<path class="ar" d="M{num(start[0])} {num(start[1])}A{num(rx)} {num(ry)} 0 0 {sweep}'
        f' {num(end[0])} {num(end[1])}"/><path class="ah" d="{_polyline([tip, *wing])}Z"/>'
    )


def press_in(x: float, y: float, r: float) -> str:
    """Pressing straight into the body, away from the viewer: a ringed dot."""
    return f'<circle class="ar" cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/><circle class="ah" cx="{num(x)}" cy="{num(y)}" r="{num(r * 0.35)}"/>'


def body_svg(figure: Figure) -> str:
    """A figure's body: far limbs behind, then every outline, then every fill, so the parts join into one
    body with one outline."""
    near = [limb for limb in figure.limbs if not limb.far]
    out = [_limb(limb, "fo", 2.4) + _limb(limb, "fr") for limb in figure.limbs if limb.far]
    head = figure.head
    out.append(f'<path class="tl" d="{figure.torso}"/>')
    out.append(f'<circle class="tl" cx="{num(head.x)}" cy="{num(head.y)}" r="{num(head.r)}"/>')
    out.extend(_limb(limb, "fo", 2.4) for limb in near)
    out.append(f'<path class="tb" d="{figure.torso}"/>')
    out.append(f'<circle class="tb" cx="{num(head.x)}" cy="{num(head.y)}" r="{num(head.r - 1.2)}"/>')
    out.extend(_limb(limb, "ff") for limb in near)
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


def figure_svg(pose: Pose, tool: str, view: str, spot_y: float, stage: Stage) -> str:
    """The posed figure; from stage "place" on with the ball or working hand on the spot, at "lean" the arrow."""
    surface = pose.surfaces[view]
    props = [f'<path class="pr" d="{d}"/>' for d in pose.props]
    if pose.floor:
        props.append(f'<path class="fl" d="{pose.floor}"/>')
    out = [body_svg(pose)]
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
    elif stage != "position" and pose.reach is not None and place.elbow is not None:
        arm = Limb(joints=[pose.reach.shoulder, place.elbow, place.tool], width=pose.reach.width)
        out.append(_limb(arm, "fo", 2.4) + _limb(arm, "ff"))
        out.append(f'<circle class="tip" cx="{num(x)}" cy="{num(y)}" r="{num(1.4 * pose.units_per_cm)}"/>')
        if stage == "lean" and tool == "fingers" and lean != (0, 0):
            start = (x - lean[0] * 34, y - lean[1] * 34)
            out.append(arrow(start, (x - lean[0] * 14, y - lean[1] * 14)))
        elif stage == "lean" and tool == "fingers":  # pressing in from the side, into the page
            out.append(press_in(x + 11, y - 9, 4))
    if pose.head_turn == "away" and stage != "position":  # the face turns away from the viewer
        out.append(turn_arrow(pose.head.x, pose.head.y + 2, pose.head.r + 3, -1))
    shift = place.shift if stage != "position" else (0.0, 0.0)
    moved = f' transform="translate({num(shift[0])} {num(shift[1])})"' if shift != (0.0, 0.0) else ""
    return "".join(props) + f"<g{moved}>" + "".join(out) + "</g>"


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


def closeup_svg(muscle_id: str, index: int, tool: str, stage: Stage) -> tuple[tuple[float, float, float, float], str]:
    """The spot on the body view, cropped: the muscle, the ball(s) or fingertips where their contacts are on the
    first trigger point and, when the technique moves on, a dashed path to the next ones. Returns the crop and
    the drawing."""
    view_name, spots = _spots(muscle_id, index)
    view = geometry().views[view_name]
    technique = content().muscles[muscle_id].content.techniques[index]
    first_id = technique.trigger_points[0]
    contacts = [c for c in technique_contacts(geometry().views, muscle_id, technique) if c.point == first_id]
    shape = view.muscles.get(muscle_id, "")
    reach = ball_radius(view.scale.units_per_cm) + 2 if tool == "ball" else 6.0
    around = [(c.x + dx * reach, c.y + dy * reach) for c in contacts for dx, dy in ((-1, -1), (1, 1))]
    crop = crop_box(view, [*side_points(view, shape), *((s.x, s.y) for s in spots), *around], 34, 150)
    ring = max(crop[2], crop[3]) / 14 * 0.6
    lines = " ".join(mark.path for mark in view.landmarks if mark.path)
    out = [f'<path class="o" d="{view.outline}"/>', f'<path class="m" d="{shape}"/>', f'<path class="ll" d="{lines}"/>']
    if geometry().pose_of(muscle_id, index).head_turn == "away" and view_name == "front":
        # the person's right is on the viewer's left here: the face turns to the viewer's right, away from it
        out.append(turn_arrow(view.middle, 92, 40, 1))
    first = spots[0]
    for spot in spots[1:]:
        out.append(f'<circle class="ring" cx="{num(spot.x)}" cy="{num(spot.y)}" r="{num(ring)}"/>')
    if stage == "position":
        out.append(f'<circle class="ring" cx="{num(first.x)}" cy="{num(first.y)}" r="{num(ring)}"/>')
        return crop, "".join(out)
    if len(spots) > 1 and stage == "lean":
        out.append(f'<path class="path" d="{_polyline([(s.x, s.y) for s in spots])}"/>')
    out.extend(_tools(view, contacts, stage, ring))
    return crop, "".join(out)


def position_svg(muscle_id: str, index: int, side: str = "right", stage: Stage = "lean") -> str:
    """A standalone SVG of the technique's position picture (stage "lean" is the whole picture)."""
    return _position_svg(muscle_id, index, side, stage, get_language())


@cache
def _position_svg(muscle_id: str, index: int, side: str, stage: Stage, language: str) -> str:
    technique = content().muscles[muscle_id].content.techniques[index]
    pose = geometry().pose_of(muscle_id, index)
    view_name, spots = _spots(muscle_id, index)
    mirrored = side == "left"
    vx, vy, vw, vh = pose.view_box
    pose_width = min(WIDTH * 0.55, vw * HEIGHT / vh)
    pose_height = vh * pose_width / vw
    figure = figure_svg(pose, technique.tool, view_name, spots[0].y, stage)
    crop, closeup = closeup_svg(muscle_id, index, technique.tool, stage)
    cx, cy, cw, ch = crop
    view = geometry().views[view_name]
    middle = view.view_box[0] + view.view_box[2] / 2
    if mirrored:
        cx = 2 * middle - (cx + cw)
    close_x = pose_width + GAP
    close_width = WIDTH - close_x
    flip_pose = f' transform="matrix(-1 0 0 1 {num(2 * vx + vw)} 0)"' if mirrored else ""
    flip_close = f' transform="matrix(-1 0 0 1 {num(2 * middle)} 0)"' if mirrored else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(WIDTH)} {num(HEIGHT)}" width="{num(WIDTH)}"'
        f' height="{num(HEIGHT)}" role="img" aria-label="{escape(position_alt(muscle_id, index, side))}">'
        f"<defs><style>{POSITION_CSS}</style></defs>"
        f'<svg x="0" y="{num((HEIGHT - pose_height) / 2)}" width="{num(pose_width)}" height="{num(pose_height)}"'
        f' viewBox="{num(vx)} {num(vy)} {num(vw)} {num(vh)}"><g{flip_pose}>{figure}</g></svg>'
        f'<svg x="{num(close_x)}" y="0" width="{num(close_width)}" height="{num(HEIGHT)}"'
        f' viewBox="{num(cx)} {num(cy)} {num(cw)} {num(ch)}"><g{flip_close}>{closeup}</g></svg>'
        "</svg>"
    )


def position_alt(muscle_id: str, index: int, side: str = "right") -> str:
    """The picture in words: the position, where the ball or hand goes on which side, the way to lean."""
    info = content().muscles[muscle_id]
    technique = info.content.techniques[index]
    pose = geometry().pose_of(muscle_id, index)
    names = {point.id: lower_first(point.name) for point in info.content.trigger_points}
    where = [names[point_id] for point_id in technique.trigger_points]
    values = {"spot": where[0], "side": YOURS.get(side, side), "muscle": info.label}
    placed = {
        "ball": _("The ball is on %(muscle)s, %(spot)s, on %(side)s."),
        "fingers": _("The thumb is on %(muscle)s, %(spot)s, on %(side)s.")
        if technique.pressed_with == "thumb"
        else _("The fingertips of the other hand are on %(muscle)s, %(spot)s, on %(side)s."),
        "pincer": _("The thumb and fingers of the other hand hold %(muscle)s, %(spot)s, on %(side)s."),
    }[technique.tool] % values
    text = [str(POSES.get(pose.id, "")), placed]
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
