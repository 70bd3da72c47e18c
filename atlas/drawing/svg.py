"""Shared pieces of every drawing: numbers written short, attributes, label placement, shapes cut to one side, and the style sheet the standalone drawings carry."""

import math
from html import escape
from typing import Literal

from atlas.drawing.palette import C
from clinical.geometry import DRAWN_SIDE, Landmark, RegionShape, ViewGeometry
from clinical.paths import Point, bbox, path_points

MIRRORED_ANCHOR: dict[str, Literal["start", "middle", "end"]] = {"end": "start", "start": "end", "middle": "middle"}


# ---------------------------------------------------------------------------------------------- rendering
def num(value: float) -> str:
    """A coordinate written short: SVG size matters on a phone."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def svg_attrs(**values: str | None) -> str:
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in values.items() if v is not None)


def anchor_of(mark: Landmark, near: Point) -> Point:
    """Where a label's leader line ends: the landmark's point, or the point of its line nearest the label."""
    if mark.point:
        return mark.point.x, mark.point.y
    return min(path_points(mark.path or ""), key=lambda p: math.dist(p, near))


Box = tuple[float, float, float, float]


def overlaps(box: Box, boxes: list[Box]) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)


CHAR = 7.0  # average advance of a 12.5px label character, to keep labels apart


def diamond(x: float, y: float, r: float = 6.0) -> str:
    return f'<path class="ap" d="M{num(x)} {num(y - r)}L{num(x + r)} {num(y)}L{num(x)} {num(y + r)}L{num(x - r)} {num(y)}Z"/>'


def side_points(view: ViewGeometry, d: str) -> list[Point]:
    """A shape's sampled points, on the side view only those of the drawn (right) profile."""
    points = path_points(d)
    if view.view == "side":
        middle = view.view_box[0] + view.view_box[2] / 2
        points = [p for p in points if p[0] >= middle] or points
    return points


def centre_of(points: list[Point]) -> Point:
    x0, y0, x1, y1 = bbox(points)
    return (x0 + x1) / 2, (y0 + y1) / 2


def zone_shapes(view: ViewGeometry, zones: dict[str, str]) -> list[tuple[RegionShape, str]]:
    return [(s, zones[s.id]) for s in view.regions if s.id in zones and s.side in (DRAWN_SIDE, None)]


def crop_box(view: ViewGeometry, points: list[Point], pad: float, minimum: float) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = bbox(points)
    vx, vy, vw, vh = view.view_box
    middle = vx + vw / 2
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    if view.view != "side":
        # symmetric about the midline: a body reads as a body, and the other side carries the labels
        half = max(middle - x0, x1 - middle)
        x0, x1 = middle - half, middle + half
    for low, high, size in ((0, 2, vw), (1, 3, vh)):
        box = [x0, y0, x1, y1]
        if box[high] - box[low] < min(minimum, size):
            grow = (min(minimum, size) - (box[high] - box[low])) / 2
            box[low], box[high] = box[low] - grow, box[high] + grow
        x0, y0, x1, y1 = box
    if view.view == "side":
        x0, x1 = max(x0, middle), min(max(x1, middle + minimum), vx + vw)  # the drawn profile only
    if y0 < vy + 70:
        y0 = vy  # show the whole head rather than a sliced one
    x0, y0 = max(vx, x0), max(vy, y0)
    x1, y1 = min(vx + vw, x1), min(vy + vh, y1)
    return x0, y0, x1 - x0, y1 - y0


# ---------------------------------------------------------------------------------------------- muscle drawings
# Colours are Okabe-Ito (safe for colour-blindness); essential and spillover differ by pattern too (print).
# The body, the muscle and its trigger points: all a thumbnail draws, so all its file carries.
BODY_CSS = f".o{{fill:{C['skin']};stroke:{C['skin-line']};stroke-width:1.2}}"
MUSCLE_SHAPE_CSS = (
    f".m{{fill:{C['muscle']};fill-opacity:.35;stroke:{C['muscle-line']};stroke-width:1.4;stroke-linejoin:round}}"
)
POINT_CSS = f".tp{{fill:{C['point']};stroke:#fff;stroke-width:1.5}}"
THUMBNAIL_CSS = BODY_CSS + MUSCLE_SHAPE_CSS + POINT_CSS
MUSCLE_CSS = (
    "text{font-family:system-ui,-apple-system,'Segoe UI',sans-serif}"
    + BODY_CSS
    + f".d{{fill:none;stroke:{C['detail']};stroke-width:1;stroke-linecap:round}}"
    f".ze{{fill:{C['pain']};fill-opacity:.55;stroke:{C['pain-line']};stroke-width:.8}}"
    f".zs{{fill:url(#hatch);stroke:{C['pain']};stroke-width:.8;stroke-dasharray:2 2}}"
    + MUSCLE_SHAPE_CSS
    + f".ll{{fill:none;stroke:{C['landmark']};stroke-width:1.4;stroke-linecap:round}}"
    f".lp{{fill:{C['landmark']}}}"
    f".lk{{stroke:{C['skin-line']};stroke-width:.8}}"
    f".lt{{font-size:12.5px;fill:{C['label']}}}" + POINT_CSS + ".tp.dim{fill-opacity:.35}"
    ".tn{font-size:13px;font-weight:700;fill:#fff;text-anchor:middle;dominant-baseline:central}"
    f".ap{{fill:{C['acupoint']};stroke:#fff;stroke-width:1.2}}"
    f".at{{font-size:13px;font-weight:700;fill:{C['acupoint-text']}}}"
    ".h{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
    f".cap{{font-size:13.5px;font-weight:600;fill:{C['caption']}}}"
    f".lg{{font-size:13.5px;fill:{C['caption']}}}"
)
