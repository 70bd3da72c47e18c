"""The guide's illustration of the handout's key areas: the body from the front, the back and the side with
the handout's numbers (#1 to #6, and B for the bonus chest muscles) at each muscle's trigger point, each
number a link to its muscle. Inline in the page, so it uses presentation attributes from the palette (the
page's CSP allows no inline styles) and prints as it shows."""

from functools import cache
from html import escape

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from atlas.drawing.palette import C
from atlas.drawing.svg import num
from clinical.content import content
from clinical.geometry import geometry

CROP = (40.0, 10.0, 320.0, 290.0)  # the head to below the shoulder blades: where the key areas are
RADIUS = 30.0  # a number's circle, in view units: about 22 CSS px across at 390 px (the list below is bigger)
VIEW_ORDER = ("front", "back", "side")


def rank_label(rank: int) -> str:
    return str(rank) if rank < 7 else _("B")


def markers(view_name: str) -> list[dict]:
    """The key-area numbers on one view: each muscle's first trigger point worked from this view."""
    found = []
    for rank, group in content().key_areas():
        for info in group:
            point = next((p for p in info.content.trigger_points if p.view == view_name), None)
            first_view = info.content.trigger_points[0].view
            if point is None or (first_view != view_name and first_view in VIEW_ORDER):
                continue
            xy = geometry().views[view_name].trigger_points[point.id]
            found.append({"rank": rank, "muscle": info, "x": xy.x, "y": xy.y})
    return sorted(found, key=lambda m: m["y"])


def _column(items: list[dict], low: float, high: float) -> list[float]:
    """Label heights in a column: near each point, never closer than a circle and a gap."""
    step = RADIUS * 2 + 6
    ys: list[float] = []
    for item in items:
        y = max(item["y"], ys[-1] + step if ys else low)
        ys.append(y)
    overflow = ys[-1] - high if ys else 0
    if overflow > 0:
        ys = [y - overflow for y in ys]
        for i in range(len(ys) - 2, -1, -1):
            ys[i] = min(ys[i], ys[i + 1] - step)
    return ys


def view_svg(view_name: str) -> str:
    view = geometry().views[view_name]
    x0, y0, w, h = CROP
    # numbers in two columns at the edges, alternating down the body, each with a line to its spot
    items = markers(view_name)
    near_x = x0 + RADIUS + 4 if view_name == "front" else x0 + w - RADIUS - 4
    far_x = 2 * x0 + w - near_x
    placed: list[tuple[dict, float, float]] = []
    for column_x, column in ((near_x, items[0::2]), (far_x, items[1::2])):
        ys = _column(column, y0 + RADIUS + 4, y0 + h - RADIUS - 4)
        placed.extend((item, column_x, y) for item, y in zip(column, ys, strict=True))
    out = [
        f'<path d="{view.outline}" fill="{C["skin"]}" stroke="{C["skin-line"]}" stroke-width="2"/>',
    ]
    lines = " ".join(mark.path for mark in view.landmarks if mark.path)
    out.append(f'<path d="{lines}" fill="none" stroke="{C["landmark"]}" stroke-width="2" stroke-linecap="round"/>')
    for item, column_x, y in sorted(placed, key=lambda p: (p[0]["rank"], p[2])):
        name = item["muscle"].label
        label = rank_label(item["rank"])
        url = reverse("atlas:muscle", args=[item["muscle"].id])
        title = (
            _("Area %(rank)s: %(muscle)s") % {"rank": label, "muscle": name}
            if item["rank"] < 7
            else _("Bonus: %(muscle)s") % {"muscle": name}
        )
        out.append(
            f'<line x1="{num(column_x)}" y1="{num(y)}" x2="{num(item["x"])}" y2="{num(item["y"])}"'
            f' stroke="{C["point"]}" stroke-width="2.5"/>'
            f'<circle cx="{num(item["x"])}" cy="{num(item["y"])}" r="7" fill="{C["point"]}"/>'
            f'<a href="{url}" aria-label="{escape(title)}">'
            f'<circle cx="{num(column_x)}" cy="{num(y)}" r="{num(RADIUS)}" fill="{C["point"]}" stroke="#fff"'
            ' stroke-width="3"/>'
            f'<text x="{num(column_x)}" y="{num(y)}" fill="#fff" font-size="38" font-weight="700"'
            f' text-anchor="middle" dominant-baseline="central" font-family="system-ui,sans-serif">{escape(label)}</text>'
            "</a>"
        )
    return (
        f'<svg viewBox="{num(x0)} {num(y0)} {num(w)} {num(h)}" x="{{x}}" y="0" width="{{width}}" height="{{height}}">'
        + "".join(out)
        + "</svg>"
    )


def key_areas_svg() -> str:
    """The three views side by side with the handout's numbers; returned as inline SVG."""
    return _key_areas_svg(get_language())


@cache
def _key_areas_svg(language: str) -> str:  # drawn once per language
    gap = 12.0
    width = CROP[2]
    height = CROP[3]
    captions = {"front": _("Front"), "back": _("Back"), "side": _("Right side")}
    parts = []
    for index, name in enumerate(VIEW_ORDER):
        x = index * (width + gap)
        parts.append(view_svg(name).format(x=num(x), width=num(width), height=num(height)))
        parts.append(
            f'<text x="{num(x + width / 2)}" y="{num(height + 40)}" text-anchor="middle" font-size="36"'
            f' font-weight="600" fill="{C["caption"]}" font-family="system-ui,sans-serif">{escape(captions[name])}</text>'
        )
    total = 3 * width + 2 * gap
    title = _("Where the key areas are: the handout's numbers on the body from the front, the back and the side.")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="key-areas-drawing" viewBox="0 0 {num(total)} {num(height + 56)}"'
        f' role="group" aria-label="{escape(title)}">' + "".join(parts) + "</svg>"
    )
