"""unknot's drawings, rendered from the body geometry (clinical.geometry).

The finder's body map (`body_svg`, inline in the page, styled by the site's stylesheet through class
names only, because the Content-Security-Policy forbids inline styles), the muscle illustrations
(`muscle_svg`, standalone SVG files with their own <style>, shown with <img alt>), thumbnails and the
session player's close-up of one trigger point.
"""

import math
from dataclasses import dataclass
from functools import cache, lru_cache
from html import escape
from typing import Literal

from clinical.content import content
from clinical.geometry import (
    DRAWN_SIDE,
    VIEW_NAMES,
    VIEWS,
    XY,
    Landmark,
    Point,
    RegionShape,
    ViewGeometry,
    bbox,
    geometry,
    path_points,
)

MIRRORED_ANCHOR: dict[str, Literal["start", "middle", "end"]] = {"end": "start", "start": "end", "middle": "middle"}


# ---------------------------------------------------------------------------------------------- rendering
def _n(value: float) -> str:
    """A coordinate written short: SVG size matters on a phone."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(**values: str | None) -> str:
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in values.items() if v is not None)


def region_key(region: str, side: str | None) -> str:
    """The key of a region on one side, as used in data-region and marked: "temple:left", "vertex"."""
    return f"{region}:{side}" if side else region


def region_name(region: str, side: str | None) -> str:
    """A region's plain-language name with its side: "Temple, left"."""
    label = content().regions[region].label
    return f"{label}, {side}" if side else label


# body_svg styles come from the site's stylesheet (static/css/site.css, "The body map"): the page's CSP
# forbids styles inside inline SVG.


def _landmarks(view: ViewGeometry) -> str:
    lines = " ".join(mark.path for mark in view.landmarks if mark.path)
    dots = "".join(
        f'<circle class="landmark-point" cx="{_n(mark.point.x)}" cy="{_n(mark.point.y)}" r="2.6"/>'
        for mark in view.landmarks
        if mark.point
    )
    return f'<g class="landmarks" aria-hidden="true"><path class="landmark-line" d="{lines}"/>{dots}</g>'


def _anchor_of(mark: Landmark, near: Point) -> Point:
    """Where a label's leader line ends: the landmark's point, or the point of its line nearest the label."""
    if mark.point:
        return mark.point.x, mark.point.y
    return min(path_points(mark.path or ""), key=lambda p: math.dist(p, near))


@lru_cache(maxsize=512)
def _body_svg(view_name: str, marked: frozenset[str], interactive: bool, labels: bool) -> str:
    view = geometry().views[view_name]
    regions = content().regions
    box = " ".join(_n(v) for v in view.view_box)
    name = f"Body seen from the {VIEW_NAMES[view_name]}"
    if view_name == "side":
        name = "Body seen from the side: left side on the left, right side on the right"
    elif view_name == "front":
        name += ": their right side is on your left"
    if interactive:
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg"{_attrs(viewBox=box, class_=f"body-map body-map--{view_name}")}'
        ]
        parts.append(f"{_attrs(role='group', aria_label=name)}>")
    else:
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg"{_attrs(viewBox=box, class_=f"body-map body-map--{view_name}")}'
        ]
        parts.append(f"{_attrs(role='img')}><title>{escape(name)}</title>")
    parts.append(f'<path class="body-outline" d="{view.outline}"/>')
    if view.details:
        parts.append(f'<path class="body-details" aria-hidden="true" d="{" ".join(view.details)}"/>')
    parts.append('<g class="regions">')
    for shape in view.regions:
        if regions[shape.id].view != view_name:
            continue  # shown here for the muscle illustrations only; the map offers each region once
        key = region_key(shape.id, shape.side)
        is_marked = key in marked or shape.id in marked
        attrs = {"class_": "region is-marked" if is_marked else "region", "data_region": key}
        if interactive:
            attrs |= {
                "tabindex": "0",
                "role": "checkbox",
                "aria_checked": "true" if is_marked else "false",
                "aria_label": region_name(shape.id, shape.side),
            }
        parts.append(f'<path{_attrs(**attrs)} d="{shape.path}"/>')
    parts.append("</g>")
    parts.append(_landmarks(view))
    if labels:
        parts.append('<g class="landmark-labels" aria-hidden="true">')
        for mark in view.landmarks:
            if mark.label_at:
                parts.append(
                    f'<text class="landmark-label" x="{_n(mark.label_at.x)}" y="{_n(mark.label_at.y)}"'
                    f' text-anchor="{mark.anchor}">{escape(mark.short or mark.label)}</text>'
                )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def body_svg(
    view: str, *, marked: frozenset[str] = frozenset(), interactive: bool = False, labels: bool = False
) -> str:
    """The body seen from one view ("front", "back" or "side") as an inline SVG string, every region a shape.

    marked holds region keys ("temple:left", "vertex") or bare region ids (both sides) to highlight.
    interactive makes each region a focusable checkbox (tabindex, role, aria-checked, aria-label) carrying
    data-region, for the finder's body map. labels names the landmarks. No styles: the site's stylesheet has them."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    return _body_svg(view, frozenset(marked), interactive, labels)


# ---------------------------------------------------------------------------------------------- muscle drawings
# Colours are Okabe-Ito (safe for colour-blindness); essential and spillover differ by pattern too (print).
MUSCLE_CSS = (
    "text{font-family:system-ui,-apple-system,'Segoe UI',sans-serif}"
    ".o{fill:#f4ebe2;stroke:#a8978a;stroke-width:1.2}"
    ".d{fill:none;stroke:#cdbdb0;stroke-width:1;stroke-linecap:round}"
    ".ze{fill:#d55e00;fill-opacity:.55;stroke:#a34800;stroke-width:.8}"
    ".zs{fill:url(#hatch);stroke:#d55e00;stroke-width:.8;stroke-dasharray:2 2}"
    ".m{fill:#cc79a7;fill-opacity:.35;stroke:#7a2e5c;stroke-width:1.4;stroke-linejoin:round}"
    ".ll{fill:none;stroke:#7d6d60;stroke-width:1.4;stroke-linecap:round}"
    ".lp{fill:#7d6d60}"
    ".lk{stroke:#a8978a;stroke-width:.8}"
    ".lt{font-size:11px;fill:#5b5048}"
    ".tp{fill:#0b3d91;stroke:#fff;stroke-width:1.5}"
    ".tn{font-size:12px;font-weight:700;fill:#fff;text-anchor:middle;dominant-baseline:central}"
    ".ap{fill:#009e73;stroke:#fff;stroke-width:1.2}"
    ".at{font-size:12px;font-weight:700;fill:#00593f}"
    ".h{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
    ".cap{font-size:13px;font-weight:600;fill:#3b3029}"
    ".lg{font-size:13px;fill:#3b3029}"
)
_HATCH = (
    '<pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="5" height="5" fill="#fde9d9"/><path d="M0 0V5" stroke="#d55e00" stroke-width="2"/></pattern>'
)
_WIDTH = 400.0  # the drawing is portrait, about a phone's width: text stays readable at 360 CSS pixels
_MAIN_HEIGHT = 400.0
_INSET_HEIGHT = 180.0
_GAP = 10.0
_CAPTION = 20.0


@dataclass
class _Panel:
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
        points = _side_points(self.view, shape.path)
        inside = sum(x0 <= x <= x0 + w and y0 <= y <= y0 + h for x, y in points)
        return inside >= 0.6 * len(points)


def _side_points(view: ViewGeometry, d: str) -> list[Point]:
    """A shape's sampled points, on the side view only those of the drawn (right) profile."""
    points = path_points(d)
    if view.view == "side":
        middle = view.view_box[0] + view.view_box[2] / 2
        points = [p for p in points if p[0] >= middle] or points
    return points


def _centre(points: list[Point]) -> Point:
    x0, y0, x1, y1 = bbox(points)
    return (x0 + x1) / 2, (y0 + y1) / 2


def _zone_shapes(view: ViewGeometry, zones: dict[str, str]) -> list[tuple[RegionShape, str]]:
    return [(s, zones[s.id]) for s in view.regions if s.id in zones and s.side in (DRAWN_SIDE, None)]


def _crop(view: ViewGeometry, points: list[Point], pad: float, minimum: float) -> tuple[float, float, float, float]:
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


def _zones(muscle_id: str) -> dict[str, str]:
    """Every referral region of a muscle and its kind; a region essential for one point stays essential."""
    zones: dict[str, str] = {}
    for point in content().muscles[muscle_id].content.trigger_points:
        for region in point.referral.essential:
            zones[region] = "essential"
        for region in point.referral.spillover:
            zones.setdefault(region, "spillover")
    return zones


def _panels(muscle_id: str, zones: dict[str, str]) -> list[_Panel]:
    """Large panels where the muscle is worked, cropped to it; small ones for the zones they leave out."""
    views = geometry().views
    muscle = content().muscles[muscle_id].content
    panels: list[_Panel] = []
    for name in dict.fromkeys(point.view for point in muscle.trigger_points):
        view = views[name]
        points = path_points(view.muscles[muscle_id])
        for point in muscle.trigger_points:
            if point.view == name:
                xy = view.trigger_points[point.id]
                points.append((xy.x, xy.y))
                points.extend((view.acupoints[a.code].x, view.acupoints[a.code].y) for a in point.acupoints)
        crop = _crop(view, points, pad=40, minimum=210)
        # take in this view's zones while the drawing stays about the muscle: far zones (a hand for a chest
        # muscle) go to a small panel instead, so the muscle is not shrunk to a speck
        centre = (crop[0] + crop[2] / 2, crop[1] + crop[3] / 2)
        shapes = sorted(
            (shape for shape, _ in _zone_shapes(view, zones)),
            key=lambda shape: math.dist(centre, _centre(_side_points(view, shape.path))),
        )
        for shape in shapes:
            grown = _crop(view, points + _side_points(view, shape.path), pad=40, minimum=210)
            if grown[2] * grown[3] <= 2.2 * crop[2] * crop[3]:
                points += _side_points(view, shape.path)
        panels.append(_Panel(view, _crop(view, points, pad=40, minimum=210)))

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
        points = [p for r in left for s in view.shapes(r, DRAWN_SIDE) for p in _side_points(view, s.path)]
        panels.append(_Panel(view, _crop(view, points, pad=14, minimum=150), main=False))
        left = missing()
    return panels


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _description(muscle_id: str, panels: list[_Panel]) -> str:
    info = content().muscles[muscle_id]
    regions = content().regions
    main = list(dict.fromkeys(p.view.view for p in panels if p.main))
    extra = list(dict.fromkeys(p.view.view for p in panels if not p.main))
    seen = _join([f"from the {VIEW_NAMES[v]}" for v in main])
    text = [f"{info.label}, drawn on the right side of the body, seen {seen}."]
    if "front" in main:
        text.append("In the front view the person's right side is on your left.")
    if extra:
        text.append(f"Smaller drawings from the {_join([VIEW_NAMES[v] for v in extra])} show more pain zones.")
    for number, point in enumerate(info.content.trigger_points, start=1):
        sentence = f"Trigger point {number}, {_lower_first(point.name)}: pain mostly in the " + _join(
            [_lower_first(regions[r].label) for r in point.referral.essential]
        )
        if point.referral.spillover:
            sentence += ", sometimes spreading to the " + _join(
                [_lower_first(regions[r].label) for r in point.referral.spillover]
            )
        sentence += "."
        if point.acupoints:
            sentence += " Nearby acupoint: " + _join([link.code for link in point.acupoints]) + "."
        text.append(sentence)
    text.append("Solid shading: where the pain usually is. Striped shading: where it may spread.")
    return " ".join(text)


def _diamond(x: float, y: float, r: float = 6.0) -> str:
    return f'<path class="ap" d="M{_n(x)} {_n(y - r)}L{_n(x + r)} {_n(y)}L{_n(x)} {_n(y + r)}L{_n(x - r)} {_n(y)}Z"/>'


Box = tuple[float, float, float, float]


def _overlaps(box: Box, boxes: list[Box]) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)


_CHAR = 6.2  # average advance of an 11px label character, to keep labels apart


def _panel_svg(panel: _Panel, muscle_id: str, zones: dict[str, str], taken: list[Box]) -> str:
    """One view of the illustration: the body faint, zones, the muscle and, on a large panel, named landmarks."""
    view = panel.view
    x0, y0, w, h = panel.crop
    out = [
        f'<text class="cap" x="{_n(panel.x)}" y="{_n(panel.y - 6)}">{escape(_caption(view.view))}</text>',
        f'<svg x="{_n(panel.x)}" y="{_n(panel.y)}" width="{_n(panel.width)}" height="{_n(panel.height)}"'
        f' viewBox="{_n(x0)} {_n(y0)} {_n(w)} {_n(h)}">',
        f'<path class="o" d="{view.outline}"/>',
    ]
    if view.details:
        out.append(f'<path class="d" d="{" ".join(view.details)}"/>')
    for shape, kind in _zone_shapes(view, zones):
        out.append(f'<path class="{"ze" if kind == "essential" else "zs"}" d="{shape.path}"/>')
    if panel.main:
        out.append(f'<path class="m" d="{view.muscles[muscle_id]}"/>')
        lines = " ".join(mark.path for mark in view.landmarks if mark.path)
        out.append(f'<path class="ll" d="{lines}"/>')
        out.extend(
            f'<circle class="lp" cx="{_n(m.point.x)}" cy="{_n(m.point.y)}" r="2.4"/>' for m in view.landmarks if m.point
        )
    out.append("</svg>")
    if not panel.main:
        return "".join(out)
    for mark in view.landmarks:
        if not mark.label_at:
            continue
        label = (mark.label_at.x, mark.label_at.y)
        target = _anchor_of(mark, label)
        if not all(x0 <= p[0] <= x0 + w and y0 + 8 <= p[1] <= y0 + h - 4 for p in (label, target)):
            continue
        (lx, ly), (tx, ty) = panel.at(label), panel.at(target)
        text = mark.short or mark.label
        width = _CHAR * len(text)
        left = lx - width * {"start": 0, "middle": 0.5, "end": 1}[mark.anchor]
        box = (left - 3, ly - 10, left + width + 3, ly + 3)
        if box[0] < panel.x or box[2] > panel.x + panel.width or _overlaps(box, taken):
            continue  # would leave its panel or hide another label
        taken.append(box)
        # the leader runs from the anchored end of the text to the landmark
        if math.dist((lx, ly - 4), (tx, ty)) > 8:
            out.append(f'<path class="lk" d="M{_n(lx)} {_n(ly - 4)}L{_n(tx)} {_n(ty)}"/>')
        shift = {"start": 3, "middle": 0, "end": -3}[mark.anchor]
        out.append(
            f'<text class="lt h" x="{_n(lx + shift)}" y="{_n(ly)}" text-anchor="{mark.anchor}">{escape(text)}</text>'
        )
    return "".join(out)


def _circles(panel: _Panel, muscle_id: str) -> list[tuple[Point, int]]:
    muscle = content().muscles[muscle_id].content
    view = panel.view
    return [
        (panel.at((view.trigger_points[point.id].x, view.trigger_points[point.id].y)), number)
        for number, point in enumerate(muscle.trigger_points, start=1)
        if point.view == view.view
    ]


def _markers(panel: _Panel, muscle_id: str, taken: list[Box]) -> str:
    """Numbered trigger points and their acupoints, drawn at a fixed size in the drawing's own units.

    An acupoint under a numbered circle moves to the circle's edge, and each WHO code is written where it
    hides nothing else: both must stay readable on a phone."""
    muscle = content().muscles[muscle_id].content
    view = panel.view
    circles = _circles(panel, muscle_id)
    # the drawn side's outer direction: the viewer's right on the back, the viewer's left on the front
    out_x = 1 if view.view == "back" else -1
    directions = [(out_x, -0.8), (out_x, 0.8), (0, -1), (-out_x, -0.8), (0, 1), (-out_x, 0.8)]
    out: list[str] = []
    done: set[str] = set()
    for point in muscle.trigger_points:
        if point.view != view.view:
            continue
        for link in point.acupoints:
            if link.code in done:
                continue
            done.add(link.code)
            xy = view.acupoints[link.code]
            ax, ay = panel.at((xy.x, xy.y))
            near = [c for c, _ in circles if math.dist((ax, ay), c) < 15]
            if near or _overlaps((ax - 6, ay - 6, ax + 6, ay + 6), taken):
                cx, cy = near[0] if near else (ax, ay)
                for dx, dy in directions:
                    length = math.hypot(dx, dy)
                    nx, ny = cx + 16 * dx / length, cy + 16 * dy / length
                    if not _overlaps((nx - 6, ny - 6, nx + 6, ny + 6), taken):
                        ax, ay = nx, ny
                        break
            taken.append((ax - 6, ay - 6, ax + 6, ay + 6))
            out.append(_diamond(ax, ay))
            width = 8.0 * len(link.code)
            spots = [
                (ax + 9, ay + 4, "start", (ax + 8, ay - 7, ax + 10 + width, ay + 6)),
                (ax - 9, ay + 4, "end", (ax - 10 - width, ay - 7, ax - 8, ay + 6)),
                (ax, ay - 10, "middle", (ax - width / 2, ay - 21, ax + width / 2, ay - 8)),
                (ax, ay + 19, "middle", (ax - width / 2, ay + 8, ax + width / 2, ay + 21)),
                (ax + 6, ay - 9, "start", (ax + 5, ay - 20, ax + 7 + width, ay - 7)),
                (ax - 6, ay - 9, "end", (ax - 7 - width, ay - 20, ax - 5, ay - 7)),
                (ax + 6, ay + 18, "start", (ax + 5, ay + 7, ax + 7 + width, ay + 20)),
                (ax - 6, ay + 18, "end", (ax - 7 - width, ay + 7, ax - 5, ay + 20)),
            ]
            if out_x < 0:
                spots = [spots[i] for i in (1, 0, 2, 3, 5, 4, 7, 6)]
            right = panel.x + panel.width
            fits = [s for s in spots if s[3][0] >= panel.x and s[3][2] <= right and not _overlaps(s[3], taken)]
            tx, ty, anchor, box = (fits or spots)[0]
            taken.append(box)
            out.append(
                f'<text class="at h" x="{_n(tx)}" y="{_n(ty)}" text-anchor="{anchor}">{escape(link.code)}</text>'
            )
    for (cx, cy), number in circles:
        out.append(f'<circle class="tp" cx="{_n(cx)}" cy="{_n(cy)}" r="9"/>')
        out.append(f'<text class="tn" x="{_n(cx)}" y="{_n(cy)}">{number}</text>')
    return "".join(out)


def _legend(y: float, has_spill: bool, has_acupoints: bool) -> tuple[str, float]:
    items = [
        ('<rect class="ze" x="{x}" y="{y}" width="22" height="14"/>', "Usual pain"),
        ('<rect class="zs" x="{x}" y="{y}" width="22" height="14"/>', "May spread") if has_spill else None,
        ('<circle class="tp" cx="{cx}" cy="{cy}" r="9"/><text class="tn" x="{cx}" y="{cy}">1</text>', "Trigger point"),
        ("{diamond}", "Acupoint") if has_acupoints else None,
    ]
    shown = [item for item in items if item]
    out = []
    for index, (symbol, text) in enumerate(shown):
        x = 4 + (index % 2) * _WIDTH / 2
        top = y + (index // 2) * 24
        out.append(
            symbol.format(x=_n(x), y=_n(top), cx=_n(x + 11), cy=_n(top + 7), diamond=_diamond(x + 11, top + 7, 7))
        )
        out.append(f'<text class="lg" x="{_n(x + 30)}" y="{_n(top + 12)}">{escape(text)}</text>')
    return '<g class="legend">' + "".join(out) + "</g>", ((len(shown) + 1) // 2) * 24


def _place(panels: list[_Panel]) -> float:
    """Large panels side by side at one height across the width, small ones in a row beneath; returns the bottom."""
    top = _CAPTION
    for row in ([p for p in panels if p.main], [p for p in panels if not p.main]):
        if not row:
            continue
        ratio = sum(p.crop[2] / p.crop[3] for p in row)
        height = min(_MAIN_HEIGHT if row[0].main else _INSET_HEIGHT, (_WIDTH - _GAP * (len(row) - 1)) / ratio)
        x = 0.0
        for panel in row:
            panel.scale, panel.x, panel.y = height / panel.crop[3], x, top
            x += panel.width + _GAP
        top += height + _GAP + _CAPTION
    return top - _CAPTION - _GAP


def _caption(view: str) -> str:
    return {"front": "Front", "back": "Back", "side": "Right side"}[view]


@cache
def muscle_thumbnail_svg(muscle_id: str) -> str:
    """A small, light picture for lists: the body around the muscle, the muscle and its numbered trigger
    points, without zones, labels or legend (the full drawing is on the muscle's page)."""
    views = geometry().views
    muscle = content().muscles[muscle_id].content
    view = views[geometry().trigger_point(muscle.trigger_points[0].id)[0]]
    shape = view.muscles.get(muscle_id, "")
    points = [view.trigger_points[p.id] for p in muscle.trigger_points if p.id in view.trigger_points]
    around = _side_points(view, shape) + [(p.x, p.y) for p in points]
    x, y, w, h = _crop(view, around, 30, 150)
    dots = "".join(f'<circle class="tp" cx="{_n(p.x)}" cy="{_n(p.y)}" r="{_n(max(w, h) / 22)}"/>' for p in points)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_n(x)} {_n(y)} {_n(w)} {_n(h)}" width="{_n(w)}"'
        f' height="{_n(h)}" role="img" aria-label="{escape(content().muscles[muscle_id].label)}">'
        f"<defs><style>{MUSCLE_CSS}</style></defs>"
        f'<path class="o" d="{view.outline}"/><path class="m" d="{shape}"/>{dots}</svg>'
    )


@cache
def trigger_point_svg(point_id: str, side: str = "right") -> str:
    """One trigger point, close up, for the session player: the body around it with its bony landmarks
    named, the muscle, and the spot to press as one large ring, so a person can put the ball on it.

    Muscles are drawn on the right; side="left" mirrors the drawing about the body's midline."""
    view_name, spot = geometry().trigger_point(point_id)
    view = geometry().views[view_name]
    muscle_id, _index = content().trigger_points[point_id]
    shape = view.muscles.get(muscle_id, "")
    x, y, w, h = _crop(view, [*_side_points(view, shape), (spot.x, spot.y)], 40, 200)
    middle = view.view_box[0] + view.view_box[2] / 2
    mirrored = side == "left"
    if mirrored:
        x = 2 * middle - (x + w)
        spot = XY(x=2 * middle - spot.x, y=spot.y)
    r = max(w, h) / 26
    labels = []
    taken: list[Box] = [(spot.x - r * 2, spot.y - r * 2, spot.x + r * 2, spot.y + r * 2)]
    for mark in view.landmarks:
        at = mark.label_at
        if at is None:
            continue
        # Only names that fit inside the close-up and keep clear of the spot and of each other.
        text = mark.short or mark.label
        width = len(text) * 6.2
        anchor = mark.anchor
        end = _anchor_of(mark, (at.x, at.y))
        if mirrored:  # the label moves to the other side and reads from the other end
            at = XY(x=2 * middle - at.x, y=at.y)
            end = (2 * middle - end[0], end[1])
            anchor = MIRRORED_ANCHOR[anchor]
        left = {"end": at.x - width, "middle": at.x - width / 2, "start": at.x}[anchor]
        box = (left, at.y - 11, left + width, at.y + 3)
        if box[0] < x or box[2] > x + w or box[1] < y or box[3] > y + h or _overlaps(box, taken):
            continue
        taken.append(box)
        labels.append(
            f'<line class="lk" x1="{_n(at.x)}" y1="{_n(at.y - 3)}" x2="{_n(end[0])}" y2="{_n(end[1])}"/>'
            f'<text class="lt h" x="{_n(at.x)}" y="{_n(at.y)}" text-anchor="{anchor}">{escape(text)}</text>'
        )
    lines = " ".join(mark.path for mark in view.landmarks if mark.path)
    dots = "".join(
        f'<circle class="lp" cx="{_n(m.point.x)}" cy="{_n(m.point.y)}" r="2.6"/>' for m in view.landmarks if m.point
    )
    name = content().muscles[muscle_id].label
    point = content().muscles[muscle_id].content.trigger_points[_index]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_n(x)} {_n(y)} {_n(w)} {_n(h)}" width="{_n(w * 2)}"'
        f' height="{_n(h * 2)}" role="img" aria-labelledby="t">'
        f'<title id="t">{escape(f"{name}: {point.name}")}</title>'
        f"<defs><style>{MUSCLE_CSS}.spot{{fill:none;stroke:#0b3d91;stroke-width:{_n(r / 2.5)}}}"
        f".spot-core{{fill:#0b3d91}}</style></defs>"
        + (f'<g transform="matrix(-1 0 0 1 {_n(2 * middle)} 0)">' if mirrored else "<g>")
        + f'<path class="o" d="{view.outline}"/><path class="m" d="{shape}"/>'
        f'<path class="ll" d="{lines}"/>{dots}</g>'
        f'<circle class="spot" cx="{_n(spot.x)}" cy="{_n(spot.y)}" r="{_n(r * 1.6)}"/>'
        f'<circle class="spot-core" cx="{_n(spot.x)}" cy="{_n(spot.y)}" r="{_n(r / 2)}"/>' + "".join(labels) + "</svg>"
    )


def muscle_description(muscle_id: str) -> str:
    """The drawing said in words: the text alternative for an <img> of muscle_svg."""
    return _description(muscle_id, _panels(muscle_id, _zones(muscle_id)))


def muscle_svg(muscle_id: str) -> str:
    """A standalone SVG illustration of one muscle: its outline, numbered trigger points (in the content's
    order), referral zones (solid: essential, hatched: spillover), acupoints with WHO codes, and a
    <title>/<desc> text alternative. Serve it as an image file (it carries its own <style>)."""
    info = content().muscles[muscle_id]
    zones = _zones(muscle_id)
    panels = _panels(muscle_id, zones)
    bottom = _place(panels)
    body: list[str] = []
    for panel in panels:
        # circles first, so landmark names and acupoint codes are kept off the numbered trigger points
        taken: list[Box] = [(x - 10, y - 10, x + 10, y + 10) for (x, y), _ in _circles(panel, muscle_id)]
        body.append(_panel_svg(panel, muscle_id, zones, taken))
        if panel.main:
            body.append(_markers(panel, muscle_id, taken))
    has_spill = "spillover" in zones.values()
    has_acupoints = any(point.acupoints for point in info.content.trigger_points)
    legend, legend_height = _legend(bottom + 14, has_spill, has_acupoints)
    total = bottom + 14 + legend_height
    title = f"{info.label}: trigger points and where they send pain"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(_WIDTH)} {_n(total)}"'
        f' width="{_n(_WIDTH)}" height="{_n(total)}" role="img" aria-labelledby="t d">'
        f'<title id="t">{escape(title)}</title>'
        f'<desc id="d">{escape(_description(muscle_id, panels))}</desc>'
        f"<defs><style>{MUSCLE_CSS}</style>{_HATCH}</defs>" + "".join(body) + legend + "</svg>"
    )
