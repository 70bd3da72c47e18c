"""The muscle illustration: numbered trigger points, pain zones solid or striped, acupoints by WHO code, a legend; a standalone SVG file with its own style sheet."""

import math
from functools import cache
from html import escape

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from atlas.drawing.description import describe
from atlas.drawing.layout import WIDTH, Panel, caption, panels_of, place, zones_of
from atlas.drawing.palette import C
from atlas.drawing.svg import CHAR, MUSCLE_CSS, Box, anchor_of, diamond, num, overlaps, zone_shapes
from clinical.content import content
from clinical.paths import Point

HATCH = (
    '<pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    f'<rect width="5" height="5" fill="{C["spread-fill"]}"/><path d="M0 0V5" stroke="{C["pain"]}" stroke-width="2"/>'
    "</pattern>"
)


def panel_svg(panel: Panel, muscle_id: str, zones: dict[str, str], taken: list[Box]) -> str:
    """One view of the illustration: the body faint, zones, the muscle and, on a large panel, named landmarks."""
    view = panel.view
    x0, y0, w, h = panel.crop
    out = [
        f'<text class="cap" x="{num(panel.x)}" y="{num(panel.y - 6)}">{escape(caption(view.view))}</text>',
        f'<svg x="{num(panel.x)}" y="{num(panel.y)}" width="{num(panel.width)}" height="{num(panel.height)}"'
        f' viewBox="{num(x0)} {num(y0)} {num(w)} {num(h)}">',
        f'<path class="o" d="{view.outline}"/>',
    ]
    if view.details:
        out.append(f'<path class="d" d="{" ".join(view.details)}"/>')
    for shape, kind in zone_shapes(view, zones):
        out.append(f'<path class="{"ze" if kind == "essential" else "zs"}" d="{shape.path}"/>')
    if panel.main:
        out.append(f'<path class="m" d="{view.muscles[muscle_id]}"/>')
        lines = " ".join(mark.path for mark in view.landmarks if mark.path)
        out.append(f'<path class="ll" d="{lines}"/>')
        out.extend(
            f'<circle class="lp" cx="{num(m.point.x)}" cy="{num(m.point.y)}" r="2.4"/>'
            for m in view.landmarks
            if m.point
        )
    out.append("</svg>")
    if not panel.main:
        return "".join(out)
    for mark in view.landmarks:
        if not mark.label_at:
            continue
        label = (mark.label_at.x, mark.label_at.y)
        target = anchor_of(mark, label)
        if not all(x0 <= p[0] <= x0 + w and y0 + 8 <= p[1] <= y0 + h - 4 for p in (label, target)):
            continue
        (lx, ly), (tx, ty) = panel.at(label), panel.at(target)
        text = _(mark.short or mark.label)  # listed for translation in clinical.landmarks
        width = CHAR * len(text)
        left = lx - width * {"start": 0, "middle": 0.5, "end": 1}[mark.anchor]
        box = (left - 3, ly - 10, left + width + 3, ly + 3)
        if box[0] < panel.x or box[2] > panel.x + panel.width or overlaps(box, taken):
            continue  # would leave its panel or hide another label
        taken.append(box)
        # the leader runs from the anchored end of the text to the landmark
        if math.dist((lx, ly - 4), (tx, ty)) > 8:
            out.append(f'<path class="lk" d="M{num(lx)} {num(ly - 4)}L{num(tx)} {num(ty)}"/>')
        shift = {"start": 3, "middle": 0, "end": -3}[mark.anchor]
        out.append(
            f'<text class="lt h" x="{num(lx + shift)}" y="{num(ly)}" text-anchor="{mark.anchor}">{escape(text)}</text>'
        )
    return "".join(out)


def circles_of(panel: Panel, muscle_id: str) -> list[tuple[Point, int]]:
    muscle = content().muscles[muscle_id].content
    view = panel.view
    return [
        (panel.at((view.trigger_points[point.id].x, view.trigger_points[point.id].y)), number)
        for number, point in enumerate(muscle.trigger_points, start=1)
        if point.view == view.view
    ]


def markers_svg(panel: Panel, muscle_id: str, taken: list[Box], only: int | None = None) -> str:
    """Numbered trigger points and their acupoints, drawn at a fixed size in the drawing's own units.

    An acupoint under a numbered circle moves to the circle's edge, and each WHO code is written where it
    hides nothing else: both must stay readable on a phone."""
    muscle = content().muscles[muscle_id].content
    view = panel.view
    circles = circles_of(panel, muscle_id)
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
            if near or overlaps((ax - 6, ay - 6, ax + 6, ay + 6), taken):
                cx, cy = near[0] if near else (ax, ay)
                for dx, dy in directions:
                    length = math.hypot(dx, dy)
                    nx, ny = cx + 16 * dx / length, cy + 16 * dy / length
                    if not overlaps((nx - 6, ny - 6, nx + 6, ny + 6), taken):
                        ax, ay = nx, ny
                        break
            taken.append((ax - 6, ay - 6, ax + 6, ay + 6))
            out.append(diamond(ax, ay))
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
            fits = [s for s in spots if s[3][0] >= panel.x and s[3][2] <= right and not overlaps(s[3], taken)]
            tx, ty, anchor, box = (fits or spots)[0]
            taken.append(box)
            out.append(
                f'<text class="at h" x="{num(tx)}" y="{num(ty)}" text-anchor="{anchor}">{escape(link.code)}</text>'
            )
    for (cx, cy), number in circles:
        dim = " dim" if only is not None and number != only else ""  # another point's: shown faintly
        out.append(f'<circle class="tp{dim}" cx="{num(cx)}" cy="{num(cy)}" r="9"/>')
        out.append(f'<text class="tn" x="{num(cx)}" y="{num(cy)}">{number}</text>')
    return "".join(out)


def legend_svg(y: float, has_spill: bool, has_acupoints: bool) -> tuple[str, float]:
    items = [
        ('<rect class="ze" x="{x}" y="{y}" width="22" height="14"/>', _("Usual pain")),
        ('<rect class="zs" x="{x}" y="{y}" width="22" height="14"/>', _("May spread")) if has_spill else None,
        (
            '<circle class="tp" cx="{cx}" cy="{cy}" r="9"/><text class="tn" x="{cx}" y="{cy}">1</text>',
            _("Trigger point"),
        ),
        ("{diamond}", _("Acupoint")) if has_acupoints else None,
    ]
    shown = [item for item in items if item]
    out = []
    for index, (symbol, text) in enumerate(shown):
        x = 4 + (index % 2) * WIDTH / 2
        top = y + (index // 2) * 24
        out.append(
            symbol.format(x=num(x), y=num(top), cx=num(x + 11), cy=num(top + 7), diamond=diamond(x + 11, top + 7, 7))
        )
        out.append(f'<text class="lg" x="{num(x + 30)}" y="{num(top + 12)}">{escape(text)}</text>')
    return '<g class="legend">' + "".join(out) + "</g>", ((len(shown) + 1) // 2) * 24


def muscle_svg(muscle_id: str, point: int | None = None) -> str:
    """A standalone SVG illustration of one muscle: its outline, numbered trigger points (in the content's
    order), referral zones (solid: essential, hatched: spillover), acupoints with WHO codes, and a
    <title>/<desc> text alternative. Serve it as an image file (it carries its own <style>).

    With `point` (a trigger point's number, from 1), only that point's zones are shaded and the other
    points are faint; the panels stay those of the whole pattern, so switching moves nothing."""
    return _muscle_svg(muscle_id, point, get_language())


@cache
def _muscle_svg(muscle_id: str, point: int | None, language: str) -> str:  # drawn once per language
    info = content().muscles[muscle_id]
    panels = panels_of(muscle_id, zones_of(muscle_id))
    zones = zones_of(muscle_id, point)
    bottom = place(panels)
    body: list[str] = []
    for panel in panels:
        # circles first, so landmark names and acupoint codes are kept off the numbered trigger points
        taken: list[Box] = [(x - 10, y - 10, x + 10, y + 10) for (x, y), _ in circles_of(panel, muscle_id)]
        body.append(panel_svg(panel, muscle_id, zones, taken))
        if panel.main:
            body.append(markers_svg(panel, muscle_id, taken, point))
    has_spill = "spillover" in zones_of(muscle_id).values()  # the same legend for every point: nothing moves
    has_acupoints = any(point.acupoints for point in info.content.trigger_points)
    legend, legend_height = legend_svg(bottom + 14, has_spill, has_acupoints)
    total = bottom + 14 + legend_height
    title = _("%(muscle)s: trigger points and where they send pain") % {"muscle": info.label}
    if point is not None:
        title = _("%(muscle)s: trigger point %(number)d and where it sends pain") % {
            "muscle": info.label,
            "number": point,
        }
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(WIDTH)} {num(total)}"'
        f' width="{num(WIDTH)}" height="{num(total)}" role="img" aria-labelledby="t d">'
        f'<title id="t">{escape(title)}</title>'
        f'<desc id="d">{escape(describe(muscle_id, panels, point))}</desc>'
        f"<defs><style>{MUSCLE_CSS}</style>{HATCH}</defs>" + "".join(body) + legend + "</svg>"
    )
