"""The finder's body map: one view of the body with every region a tap target, inline in the page and styled by the site's stylesheet (the page's CSP forbids inline styles)."""

from functools import lru_cache
from html import escape

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from atlas.drawing.svg import num, svg_attrs
from clinical.content import content
from clinical.geometry import VIEWS, ViewGeometry, geometry
from clinical.paths import bbox, path_points
from clinical.regions import LABELS, SIDE_LABELS


def region_key(region: str, side: str | None) -> str:
    """The key of a region on one side, as used in data-region and marked: "temple:left", "vertex"."""
    return f"{region}:{side}" if side else region


def region_name(region: str, side: str | None) -> str:
    """A region's plain-language name with its side: "Temple, left"."""
    label = LABELS[region]
    if not side:
        return str(label)
    return _("%(region)s, %(side)s") % {"region": label, "side": str(SIDE_LABELS[side]).lower()}


# The map is about 330 CSS px wide on a 390 px phone (400 units): 24 CSS px (WCAG 2.2, 2.5.8) is 30 units.
MIN_TARGET = 30.0


def hit_areas(view: ViewGeometry) -> str:
    """Behind each region smaller than a fingertip, a transparent outline that widens what a tap can hit to
    at least MIN_TARGET across; the regions stay on top, so a neighbour's own shape still wins."""
    regions = content().regions
    out = []
    for shape in view.regions:
        if regions[shape.id].view != view.view:
            continue
        x0, y0, x1, y1 = bbox(path_points(shape.path))
        grow = MIN_TARGET - min(x1 - x0, y1 - y0)
        if grow > 0:
            out.append(
                f'<path class="region-hit" data-hit="{region_key(shape.id, shape.side)}" stroke-width="{num(grow)}"'
                f' d="{shape.path}"/>'
            )
    return '<g class="region-hits" aria-hidden="true">' + "".join(out) + "</g>"


def landmarks_svg(view: ViewGeometry) -> str:
    lines = " ".join(mark.path for mark in view.landmarks if mark.path)
    dots = "".join(
        f'<circle class="landmark-point" cx="{num(mark.point.x)}" cy="{num(mark.point.y)}" r="2.6"/>'
        for mark in view.landmarks
        if mark.point
    )
    return f'<g class="landmarks" aria-hidden="true"><path class="landmark-line" d="{lines}"/>{dots}</g>'


@lru_cache(maxsize=512)
def _body_svg(
    view_name: str,
    marked: frozenset[str],
    interactive: bool,
    labels: bool,
    language: str,
    levels: frozenset[tuple[str, int]] = frozenset(),
) -> str:
    view = geometry().views[view_name]
    regions = content().regions
    heat = dict(levels)
    box = " ".join(num(v) for v in view.view_box)
    name = {
        "back": _("Body seen from the back"),
        "front": _("Body seen from the front: their right side is on your left"),
        "side": _("Body seen from the side: left side on the left, right side on the right"),
    }[view_name]
    if interactive:
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg"{svg_attrs(viewBox=box, class_=f"body-map body-map--{view_name}")}'
        ]
        parts.append(f"{svg_attrs(role='group', aria_label=name)}>")
    else:
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg"{svg_attrs(viewBox=box, class_=f"body-map body-map--{view_name}")}'
        ]
        parts.append(f"{svg_attrs(role='img')}><title>{escape(name)}</title>")
    parts.append(f'<path class="body-outline" d="{view.outline}"/>')
    if view.details:
        parts.append(f'<path class="body-details" aria-hidden="true" d="{" ".join(view.details)}"/>')
    if interactive:
        parts.append(hit_areas(view))
    parts.append('<g class="regions">')
    for shape in view.regions:
        if regions[shape.id].view != view_name:
            continue  # shown here for the muscle illustrations only; the map offers each region once
        key = region_key(shape.id, shape.side)
        is_marked = key in marked or shape.id in marked
        level = heat.get(key, heat.get(shape.id, 0))
        css = "region is-marked" if is_marked else (f"region heat heat-{level}" if level else "region")
        attrs = {"class_": css, "data_region": key}
        if interactive:
            attrs |= {
                "tabindex": "0",
                "role": "checkbox",
                "aria_checked": "true" if is_marked else "false",
                "aria_label": region_name(shape.id, shape.side),
            }
        parts.append(f'<path{svg_attrs(**attrs)} d="{shape.path}"/>')
    parts.append("</g>")
    parts.append(landmarks_svg(view))
    if labels:
        parts.append('<g class="landmark-labels" aria-hidden="true">')
        for mark in view.landmarks:
            if mark.label_at:
                parts.append(
                    f'<text class="landmark-label" x="{num(mark.label_at.x)}" y="{num(mark.label_at.y)}"'
                    f' text-anchor="{mark.anchor}">{escape(_(mark.short or mark.label))}</text>'
                )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def body_svg(
    view: str,
    *,
    marked: frozenset[str] = frozenset(),
    interactive: bool = False,
    labels: bool = False,
    levels: dict[str, int] | None = None,
) -> str:
    """The body seen from one view ("front", "back" or "side") as an inline SVG string, every region a shape.

    marked holds region keys ("temple:left", "vertex") or bare region ids (both sides) to highlight.
    interactive makes each region a focusable checkbox (tabindex, role, aria-checked, aria-label) carrying
    data-region, for the finder's body map. labels names the landmarks. levels (region key -> 1 to 5) shades
    regions as a heat map, for progress. No styles: the site's stylesheet has them."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    return _body_svg(view, frozenset(marked), interactive, labels, get_language(), frozenset((levels or {}).items()))
