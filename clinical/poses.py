"""Posed figures for the position pictures (content/body/poses.toml): one person in each position a technique
uses, and where on that figure each height of a body view lies, so a trigger point's coordinate places the
ball or the working hand. Read and checked with the rest of the body geometry."""

import bisect
import math
import tomllib
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from clinical.paths import Point, check_path, parse_path
from clinical.schema import Technique


class PoseError(Exception):
    """content/body/poses.toml is malformed or leaves a technique without a figure."""


PathData = Annotated[str, AfterValidator(check_path)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Circle(_Strict):
    x: float
    y: float
    r: float = Field(gt=0)


class Limb(_Strict):
    joints: list[tuple[float, float]] = Field(min_length=2)
    width: float = Field(gt=0)
    far: bool = False
    touch: bool = False  # part of the skin a ball or hand can touch (the neck), besides torso and head
    arm: bool = False  # an arm, drawn as `across` instead when the words cross the arms over the chest


class Reach(_Strict):
    """The arm that works with fingers or a pinch: from this shoulder, two bones to the spot."""

    shoulder: tuple[float, float]
    upper: float = Field(gt=0)
    fore: float = Field(gt=0)
    width: float = Field(gt=0)
    bend: Literal[-1, 1] = 1


class Surface(_Strict):
    """Heights of one body view mapped onto this figure's skin, top to bottom."""

    anchors: list[tuple[float, float, float]] = Field(min_length=2)
    offset: tuple[float, float] = (0, 0)
    lean: tuple[float, float] | None = None  # overrides the pose's lean for this surface
    bend: Literal[-1, 1] | None = None  # overrides the reaching elbow's side for this surface

    def at(self, view_y: float) -> Point:
        """The skin point for a view height, interpolated between anchors (held at the ends)."""
        ys = [a[0] for a in self.anchors]
        if view_y <= ys[0]:
            return self.anchors[0][1], self.anchors[0][2]
        if view_y >= ys[-1]:
            return self.anchors[-1][1], self.anchors[-1][2]
        i = bisect.bisect_right(ys, view_y)
        (y0, x0, p0), (y1, x1, p1) = self.anchors[i - 1], self.anchors[i]
        t = (view_y - y0) / (y1 - y0)
        return x0 + t * (x1 - x0), p0 + t * (p1 - p0)


class Figure(_Strict):
    """A person drawn from parts: a torso, a head with no face, and limbs as rounded strokes."""

    id: str
    view_box: tuple[float, float, float, float]
    props: list[PathData] = []
    floor: PathData | None = None
    head: Circle
    torso: PathData
    limbs: list[Limb]


class Pose(Figure):
    position: Literal["wall", "floor", "seated", "standing", "side-lying"]
    head_turn: Literal["away"] | None = None  # the head turned away from the side worked
    # Seen from the side (the person's right nearest the viewer) or from behind (the person's right on the
    # viewer's right): from behind the head has hair and ears but no face, and the reaching arm crosses in front
    # of the body, hidden by it.
    seen: Literal["side", "back"] = "side"
    # How far the head and neck tilt about the neck's base, in degrees clockwise, when a technique's words tilt the
    # head towards the side worked; a pose seen from the side cannot show it (0).
    head_tilt: float = 0
    # The body turned a little so the shoulder worked presses back into the wall: drawn turned, with an arrow.
    body_turn: Literal["wall"] | None = None
    facing: float = 0  # the way the face looks, in degrees from the viewer's right (-90: up, lying on the back)
    units_per_cm: float = Field(gt=0)  # the figure's scale, checked against its head (see the file's [scale])
    lean: tuple[float, float] = (0, 0)
    arrow: tuple[float, float] = (0, 0)
    reach: Reach | None = None
    # Where the wall's face or the floor is, across the direction of the ball's offset: the figure moves
    # along that direction until the ball touches it (a person leans until it does).
    contact: float | None = None
    surfaces: dict[str, Surface]  # by body view: front, back or side
    across: list[Limb] = []  # the arms crossed over the chest, for a technique whose words hold them so

    def skin(self, near: Point, direction: tuple[float, float]) -> Point:
        """The outermost point of the body (torso, neck or head) on the line through `near` along
        `direction`: where a ball pressed from that side touches the skin."""
        length = math.hypot(*direction) or 1.0
        dx, dy = direction[0] / length, direction[1] / length
        px, py = near
        best: Point | None = None
        best_along = -math.inf
        rings = list(parse_path(self.torso))
        circle = [
            (
                self.head.x + self.head.r * math.cos(a / 24 * math.tau),
                self.head.y + self.head.r * math.sin(a / 24 * math.tau),
            )
            for a in range(25)
        ]
        rings.append(circle)
        for limb in self.limbs:
            if limb.touch:  # a neck: its rounded stroke's two edges
                (ax, ay), (bx, by) = limb.joints[0], limb.joints[-1]
                norm = math.hypot(bx - ax, by - ay) or 1.0
                nx, ny = -(by - ay) / norm * limb.width / 2, (bx - ax) / norm * limb.width / 2
                rings.append([(ax + nx, ay + ny), (bx + nx, by + ny)])
                rings.append([(ax - nx, ay - ny), (bx - nx, by - ny)])
        for ring in rings:
            for (x1, y1), (x2, y2) in pairwise(ring):
                # intersect the segment with the line p + t*d
                ex, ey = x2 - x1, y2 - y1
                denominator = dx * ey - dy * ex
                if abs(denominator) < 1e-9:
                    continue
                u = ((x1 - px) * dy - (y1 - py) * dx) / denominator
                if not 0 <= u <= 1:
                    continue
                hit = (x1 + u * ex, y1 + u * ey)
                along = (hit[0] - px) * dx + (hit[1] - py) * dy
                if along > best_along:
                    best, best_along = hit, along
        return best or near

    def elbow(self, hand: Point, bend: int | None = None) -> Point:
        """Where the reaching arm's elbow goes for the hand to reach this point (two-bone reach)."""
        assert self.reach is not None
        (sx, sy), a, b = self.reach.shoulder, self.reach.upper, self.reach.fore
        d = min(max(math.dist((sx, sy), hand), abs(a - b) + 0.01), a + b - 0.01)
        base = math.atan2(hand[1] - sy, hand[0] - sx)
        turn = math.acos((a * a + d * d - b * b) / (2 * a * d))
        angle = base + (bend or self.reach.bend) * turn
        return sx + a * math.cos(angle), sy + a * math.sin(angle)


class PoseScale(_Strict):
    """The adult measure the figures' scale is checked against: head length, front to back."""

    head_cm: float = Field(gt=0)
    sources: list[str] = Field(min_length=1)


class _File(_Strict):
    scale: PoseScale
    poses: list[Pose] = Field(min_length=1)


def read_poses(path: Path) -> tuple[dict[str, Pose], PoseScale]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        read = _File.model_validate(data)
        poses, scale = read.poses, read.scale
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PoseError(f"{path}: cannot be read: {exc}") from None
    except ValidationError as exc:
        where = "; ".join(".".join(str(p) for p in e["loc"]) + f": {e['msg']}" for e in exc.errors())
        raise PoseError(f"{path}: {where}") from None
    found: dict[str, Pose] = {}
    for pose in poses:
        if pose.id in found:
            raise PoseError(f"{path}: poses: '{pose.id}' twice")
        for view, surface in pose.surfaces.items():
            if view not in ("front", "back", "side"):
                raise PoseError(f"{path}: {pose.id}.surfaces.{view}: not a body view (front, back or side)")
            ys = [a[0] for a in surface.anchors]
            if ys != sorted(ys) or len(set(ys)) != len(ys):
                raise PoseError(f"{path}: {pose.id}.surfaces.{view}: anchors must go down the body, top first")
        head_cm = 2 * pose.head.r / pose.units_per_cm
        if abs(head_cm - scale.head_cm) > 0.1 * scale.head_cm:
            raise PoseError(
                f"{path}: {pose.id}.units_per_cm: the head is {head_cm:.1f} cm long at this scale, not about {scale.head_cm}"
            )
        found[pose.id] = pose
    return found, scale


def pose_for(technique: Technique, views: Sequence[str], poses: dict[str, Pose]) -> Pose:
    """The figure that shows a technique: the one it names, or the first of its position that has a
    surface for the view its trigger points are worked from."""
    if technique.pose:
        if technique.pose not in poses:
            raise PoseError(f"pose '{technique.pose}' is not in poses.toml")
        return poses[technique.pose]
    for pose in poses.values():
        if pose.position == technique.position and all(view in pose.surfaces for view in views):
            return pose
    raise PoseError(f"no pose for position '{technique.position}' with a surface for {', '.join(views)}")


class Mark(_Strict):
    """A note on the posture drawing: a muscle group held short (tight) or long (overstretched), or a part
    of the body out of line; its words come from the drawing code (translatable) by `label`."""

    kind: Literal["tight", "stretched", "line"]
    path: PathData
    label: Literal["head-forward", "shoulders-rounded", "chest-tight", "back-stretched", "upright"]
    label_at: tuple[float, float]
    anchor: Literal["start", "middle", "end"] = "start"


class PostureFigure(Figure):
    marks: list[Mark] = []


class _PostureFile(_Strict):
    figures: list[PostureFigure] = Field(min_length=1)


def read_posture(path: Path) -> list[PostureFigure]:
    try:
        return _PostureFile.model_validate(tomllib.loads(path.read_text(encoding="utf-8"))).figures
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PoseError(f"{path}: cannot be read: {exc}") from None
    except ValidationError as exc:
        where = "; ".join(".".join(str(p) for p in e["loc"]) + f": {e['msg']}" for e in exc.errors())
        raise PoseError(f"{path}: {where}") from None
