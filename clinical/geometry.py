"""The body geometry in content/body/*.toml: one set of shapes for the body map, every muscle illustration,
the session player and print. It changes with a release, like the clinical content: it is read once,
validated (path syntax, region and muscle ids, every trigger point has a coordinate inside its muscle)
and served from memory. The drawings themselves are rendered by atlas.drawing."""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from pydantic import ValidationError

from clinical.body import XY as XY  # the body models, for the drawings
from clinical.body import Landmark as Landmark
from clinical.body import RegionShape as RegionShape
from clinical.body import Side, ViewGeometry
from clinical.contacts import contact_problems
from clinical.content import Content, content
from clinical.paths import point_in_path
from clinical.poses import Pose, PoseError, PostureFigure, pose_for, read_poses, read_posture

VIEWS = ("front", "back", "side")
# Muscles, trigger points and acupoints are drawn on this side; referral zones are shown on it too.
DRAWN_SIDE: Side = "right"
VIEW_NAMES = {"front": "front", "back": "back", "side": "side"}


class DrawingError(Exception):
    """A body geometry file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Geometry:
    views: dict[str, ViewGeometry]
    poses: dict[str, Pose]
    # (muscle id, technique index) -> the pose that shows that technique
    technique_poses: dict[tuple[str, int], str]
    posture: list[PostureFigure]

    def pose_of(self, muscle_id: str, index: int) -> Pose:
        return self.poses[self.technique_poses[(muscle_id, index)]]

    def trigger_point(self, point_id: str) -> tuple[str, XY]:
        """The view and coordinate of a trigger point."""
        for name, view in self.views.items():
            if point_id in view.trigger_points:
                return name, view.trigger_points[point_id]
        raise KeyError(point_id)


def _location(error: Mapping[str, Any]) -> str:
    return ".".join(str(part) for part in error["loc"])


def _read_view(path: Path) -> ViewGeometry:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DrawingError(f"{path}: cannot be read: {exc}") from None
    try:
        view = ViewGeometry.model_validate(data)
    except ValidationError as exc:
        raise DrawingError(f"{path}: " + "; ".join(f"{_location(e)}: {e['msg']}" for e in exc.errors())) from None
    if view.view != path.stem:
        raise DrawingError(f"{path}: view: '{view.view}' does not match the file name")
    return view


def load_geometry(directory: Path | None = None, data: Content | None = None) -> Geometry:
    """Reads content/body/<view>.toml and checks it against the clinical content; errors name file and entry."""
    root = Path(directory or Path(settings.CONTENT_DIR) / "body")
    data = data or content()
    views = {name: _read_view(root / f"{name}.toml") for name in VIEWS}

    for name, view in views.items():
        path = root / f"{name}.toml"
        seen: set[tuple[str, str | None]] = set()
        for index, shape in enumerate(view.regions):
            entry = f"{path}: regions[{index}] ({shape.id})"
            region = data.regions.get(shape.id)
            if region is None:
                raise DrawingError(f"{entry}: not a region of vocabulary.json")
            if region.sided != (shape.side is not None):
                raise DrawingError(f"{entry}: side: {'needed' if region.sided else 'this region has no sides'}")
            if (shape.id, shape.side) in seen:
                raise DrawingError(f"{entry}: drawn twice on this view")
            seen.add((shape.id, shape.side))
        for muscle_id in view.muscles:
            if muscle_id not in data.muscles:
                raise DrawingError(f"{path}: muscles.{muscle_id}: not a muscle of vocabulary.json")
        for point_id, xy in view.trigger_points.items():
            entry = f"{path}: trigger_points.{point_id}"
            if point_id not in data.trigger_points:
                raise DrawingError(f"{entry}: not a trigger point of the content")
            muscle_id, index = data.trigger_points[point_id]
            point = data.muscles[muscle_id].content.trigger_points[index]
            if point.view != name:
                raise DrawingError(f"{entry}: the content works it from the {point.view} view")
            outline = view.muscles.get(muscle_id)
            if outline is None:
                raise DrawingError(f"{entry}: muscles.{muscle_id} has no outline on this view")
            if not point_in_path(xy.x, xy.y, outline):
                raise DrawingError(f"{entry}: ({xy.x}, {xy.y}) is outside the outline of {muscle_id}")
        for code in view.acupoints:
            if code not in data.acupoints:
                raise DrawingError(f"{path}: acupoints.{code}: no file in content/acupoints")
        scale_problem = view.scale.problem()
        if scale_problem:
            raise DrawingError(f"{path}: scale: {scale_problem}")
        for key in view.scale.sources:
            if key not in data.sources:
                raise DrawingError(f"{path}: scale.sources: '{key}' has no file in content/sources")
        for zone in view.no_go:
            for key in zone.sources:
                if key not in data.sources:
                    raise DrawingError(f"{path}: no_go.{zone.id}.sources: '{key}' has no file in content/sources")

    for region in data.regions.values():
        view = views[region.view]
        for side in ("left", "right") if region.sided else (None,):
            if not [s for s in view.regions if s.id == region.id and s.side == side]:
                where = f" ({side})" if side else ""
                raise DrawingError(f"{root / region.view}.toml: regions: no shape for {region.id}{where}")
    for info in data.muscles.values():
        for point in info.content.trigger_points:
            view = views[point.view]
            where = f"{root / point.view}.toml: trigger_points"
            if point.id not in view.trigger_points:
                raise DrawingError(f"{where}: no coordinate for {point.id}")
            for link in point.acupoints:
                if link.code not in view.acupoints:
                    raise DrawingError(f"{root / point.view}.toml: acupoints: no coordinate for {link.code}")
    poses, technique_poses = _poses_for_techniques(root / "poses.toml", data)
    problems = [
        problem
        for info in data.muscles.values()
        for index, technique in enumerate(info.content.techniques)
        for problem in contact_problems(views, info.id, index, technique)
    ]
    if problems:
        raise DrawingError("a drawn ball or fingertip is where it must not be:\n" + "\n".join(problems))
    try:
        posture = read_posture(root / "posture.toml")
    except PoseError as exc:
        raise DrawingError(str(exc)) from None
    return Geometry(views, poses, technique_poses, posture)


def _poses_for_techniques(path: Path, data: Content) -> tuple[dict[str, Pose], dict[tuple[str, int], str]]:
    """Every technique of every muscle gets a figure whose surfaces reach its trigger points' views."""
    try:
        poses, scale = read_poses(path)
    except PoseError as exc:
        raise DrawingError(str(exc)) from None
    for key in scale.sources:
        if key not in data.sources:
            raise DrawingError(f"{path}: scale.sources: '{key}' has no file in content/sources")
    chosen: dict[tuple[str, int], str] = {}
    for info in data.muscles.values():
        views_of = {point.id: point.view for point in info.content.trigger_points}
        for index, technique in enumerate(info.content.techniques):
            entry = f"content/muscles/{info.id}.toml: techniques[{index}]"
            views = list(dict.fromkeys(views_of[p] for p in technique.trigger_points))
            try:
                pose = pose_for(technique, views, poses)
            except PoseError as exc:
                raise DrawingError(f"{entry}: {exc}") from None
            missing = [view for view in views if view not in pose.surfaces]
            if missing:
                raise DrawingError(f"{path}: {pose.id}: no surface for the {missing[0]} view ({entry})")
            if "head-tilted-towards" in technique.hold and not pose.head_tilt:
                raise DrawingError(f"{path}: {pose.id}: the words tilt the head but the figure cannot ({entry})")
            if "body-turned-to-wall" in technique.hold and pose.body_turn != "wall":
                raise DrawingError(f"{path}: {pose.id}: the words turn the body but the figure does not ({entry})")
            if technique.tool != "ball" and pose.reach is None:
                raise DrawingError(f"{path}: {pose.id}: no reaching arm for the {technique.tool} ({entry})")
            chosen[(info.id, index)] = pose.id
    return poses, chosen


@cache
def geometry() -> Geometry:
    """The body geometry of this release, loaded and checked once per process."""
    return load_geometry()
