"""How a muscle illustration is laid out: which views it needs (the muscle and its pain zones), each cropped to a panel, the panels placed on the page."""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from atlas.drawing.svg import centre_of, crop_box, side_points, zone_shapes
from clinical.content import content
from clinical.geometry import (
    DRAWN_SIDE,
    Point,
    RegionShape,
    ViewGeometry,
    geometry,
    path_points,
)

WIDTH = 400.0  # the drawing is portrait, about a phone's width: text stays readable at 360 CSS pixels


MAIN_HEIGHT = 400.0


INSET_HEIGHT = 180.0


GAP = 10.0


CAPTION = 20.0


@dataclass
class Panel:
    view: ViewGeometry
    crop: tuple[float, float, float, float]  # x, y, width, height in view units
    main: bool = True
    x: float = 0
    y: float = 0
    scale: float = 1

    @property
    def width(self) -> float:
        return self.crop[2] * self.scale

    @property
    def height(self) -> float:
        return self.crop[3] * self.scale

    def at(self, point: Point) -> Point:
        """A view coordinate in the drawing's own coordinates."""
        return self.x + (point[0] - self.crop[0]) * self.scale, self.y + (point[1] - self.crop[1]) * self.scale

    def shows(self, shape: RegionShape) -> bool:
        """Whether most of a region's shape (of the drawn side) falls inside this panel."""
        x0, y0, w, h = self.crop
        points = side_points(self.view, shape.path)
        inside = sum(x0 <= x <= x0 + w and y0 <= y <= y0 + h for x, y in points)
        return inside >= 0.6 * len(points)


def zones_of(muscle_id: str) -> dict[str, str]:
    """Every referral region of a muscle and its kind; a region essential for one point stays essential."""
    zones: dict[str, str] = {}
    for point in content().muscles[muscle_id].content.trigger_points:
        for region in point.referral.essential:
            zones[region] = "essential"
        for region in point.referral.spillover:
            zones.setdefault(region, "spillover")
    return zones


def panels_of(muscle_id: str, zones: dict[str, str]) -> list[Panel]:
    """Large panels where the muscle is worked, cropped to it; small ones for the zones they leave out."""
    views = geometry().views
    muscle = content().muscles[muscle_id].content
    panels: list[Panel] = []
    for name in dict.fromkeys(point.view for point in muscle.trigger_points):
        view = views[name]
        points = path_points(view.muscles[muscle_id])
        for point in muscle.trigger_points:
            if point.view == name:
                xy = view.trigger_points[point.id]
                points.append((xy.x, xy.y))
                points.extend((view.acupoints[a.code].x, view.acupoints[a.code].y) for a in point.acupoints)
        crop = crop_box(view, points, pad=40, minimum=210)
        # take in this view's zones while the drawing stays about the muscle: far zones (a hand for a chest
        # muscle) go to a small panel instead, so the muscle is not shrunk to a speck
        centre = (crop[0] + crop[2] / 2, crop[1] + crop[3] / 2)
        shapes = sorted(
            (shape for shape, _ in zone_shapes(view, zones)),
            key=lambda shape: math.dist(centre, centre_of(side_points(view, shape.path))),
        )
        for shape in shapes:
            grown = crop_box(view, points + side_points(view, shape.path), pad=40, minimum=210)
            if grown[2] * grown[3] <= 2.2 * crop[2] * crop[3]:
                points += side_points(view, shape.path)
        panels.append(Panel(view, crop_box(view, points, pad=40, minimum=210)))

    def missing() -> list[str]:
        return [
            region for region in zones if not any(p.shows(s) for p in panels for s in p.view.shapes(region, DRAWN_SIDE))
        ]

    left = missing()
    while left:
        # the view showing most of what is still missing (side first: it shows the right side plainly)
        def count(name: str, regions: list[str]) -> int:
            return sum(bool(views[name].shapes(r, DRAWN_SIDE)) for r in regions)

        best = max(("side", "back", "front"), key=lambda name: count(name, left))
        view = views[best]
        points = [p for r in left for s in view.shapes(r, DRAWN_SIDE) for p in side_points(view, s.path)]
        panels.append(Panel(view, crop_box(view, points, pad=14, minimum=150), main=False))
        left = missing()
    return panels


def place(panels: list[Panel]) -> float:
    """Large panels side by side at one height across the width, small ones in a row beneath; returns the bottom."""
    top = CAPTION
    for row in ([p for p in panels if p.main], [p for p in panels if not p.main]):
        if not row:
            continue
        ratio = sum(p.crop[2] / p.crop[3] for p in row)
        height = min(MAIN_HEIGHT if row[0].main else INSET_HEIGHT, (WIDTH - GAP * (len(row) - 1)) / ratio)
        x = 0.0
        for panel in row:
            panel.scale, panel.x, panel.y = height / panel.crop[3], x, top
            x += panel.width + GAP
        top += height + GAP + CAPTION
    return top - CAPTION - GAP


def caption(view: str) -> str:
    return {"front": _("Front"), "back": _("Back"), "side": _("Right side")}[view]
