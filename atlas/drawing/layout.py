"""How a muscle illustration is laid out: which views it needs (the muscle and its pain zones), each cropped to a panel, the panels placed on the page."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from atlas.drawing.svg import side_points, zone_shapes
from clinical.content import content
from clinical.geometry import DRAWN_SIDE, RegionShape, ViewGeometry, geometry
from clinical.paths import Point, bbox, path_points

WIDTH = 400.0  # the drawing is portrait, about a phone's width: text stays readable at 360 CSS pixels


MAIN_HEIGHT = 400.0


INSET_HEIGHT = 230.0


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


def zones_of(muscle_id: str, only: int | None = None) -> dict[str, str]:
    """Every referral region of a muscle (or of its trigger point number `only`) and its kind; a region
    essential for one point stays essential."""
    zones: dict[str, str] = {}
    for number, point in enumerate(content().muscles[muscle_id].content.trigger_points, start=1):
        if only is not None and number != only:
            continue
        for region in point.referral.essential:
            zones[region] = "essential"
        for region in point.referral.spillover:
            zones.setdefault(region, "spillover")
    return zones


def bust_crop(view: ViewGeometry, points: list[Point], from_head: bool = False) -> tuple[float, float, float, float]:
    """A main panel's crop: the body's whole width (never cut through a shoulder or an arm), from the top of
    the head when the points are in the upper half, down to below the lowest point. A body, not a piece."""
    vx, vy, vw, vh = view.view_box
    x0, _top, x1, _bottom = bbox(path_points(view.outline))
    if view.view == "side":
        x0 = vx + vw / 2  # the drawn (right) profile only
    top, bottom = bbox(points)[1], bbox(points)[3]
    y_top = vy if from_head or top < vy + 0.45 * vh else top - 60
    y_bottom = min(vy + vh, max(bottom + 40, y_top + 0.55 * (x1 - x0)))
    pad = 6.0
    return max(vx, x0 - pad), y_top, min(vx + vw, x1 + pad) - max(vx, x0 - pad), y_bottom - y_top


def panels_of(muscle_id: str, zones: dict[str, str]) -> list[Panel]:
    """A large panel for each view the muscle is worked from (the body's width, cropped only in height) and
    the whole body small from another view for the zones they leave out; a zone on a view that already has
    a panel grows that panel instead (never the same view twice)."""
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
        # take in this view's zones while the drawing stays about the muscle: far zones (a hand for a chest
        # muscle) go to a small whole-body panel instead, so the muscle is not shrunk to a speck
        crop = bust_crop(view, points)
        for shape, _kind in zone_shapes(view, zones):
            grown = bust_crop(view, points + side_points(view, shape.path))
            if grown[3] <= 1.5 * crop[3]:
                points += side_points(view, shape.path)
        panels.append(Panel(view, bust_crop(view, points)))

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
        points = [p for r in left for shape in view.shapes(r, DRAWN_SIDE) for p in side_points(view, shape.path)]
        same = next((p for p in panels if p.view.view == best), None)
        if same is not None:
            # the view's panel grows to show them rather than a second panel of the same view
            same.crop = bust_crop(view, points + _corners(same.crop))
        else:
            panels.append(Panel(view, bust_crop(view, points, from_head=True), main=False))
        left = missing()
    return panels


def _corners(crop: tuple[float, float, float, float]) -> list[Point]:
    x, y, w, h = crop
    return [(x, y), (x + w, y + h)]


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
