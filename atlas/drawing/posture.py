"""The guide's posture drawing: the same person upright and with the head forward and the shoulders rounded,
the chest marked tight and the back of the neck and upper back marked overstretched. A standalone SVG."""

import math
from functools import cache
from html import escape
from textwrap import wrap

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from atlas.drawing.palette import C
from atlas.drawing.position import FIGURE_CSS, arrow, body_svg
from atlas.drawing.svg import num
from clinical.geometry import geometry
from clinical.paths import path_points
from clinical.poses import Mark

WORDS = {
    "upright": _lazy("Upright: ear above the shoulder"),
    "head-forward": _lazy("Head forward"),
    "shoulders-rounded": _lazy("Shoulders rounded"),
    "chest-tight": _lazy("Chest tight"),
    "back-stretched": _lazy("Overstretched"),
}
CAPTIONS = {"upright": _lazy("Upright"), "forward": _lazy("Head forward, shoulders rounded")}
GAP = 20.0
FONT = 15.0  # view units: at least 11 CSS px when the drawing is 358 px wide on a 390 px phone

POSTURE_CSS = FIGURE_CSS + (
    f".tight{{fill:none;stroke:{C['pain']};stroke-width:6;stroke-linecap:round}}"
    f".stretched{{fill:none;stroke:{C['point']};stroke-width:2.5;stroke-dasharray:6 4}}"
    f".plumb{{fill:none;stroke:{C['landmark']};stroke-width:1.2;stroke-dasharray:3 4}}"
    f".word{{font-size:{num(FONT)}px;fill:{C['caption']};font-weight:600}}"
    f".caption{{font-size:{num(FONT + 1)}px;fill:{C['caption']};font-weight:700}}"
)


def mark_svg(mark: Mark) -> str:
    points = path_points(mark.path)
    start, end = points[0], points[-1]
    if mark.kind == "line":
        out = f'<path class="plumb" d="{mark.path}"/>'
    elif mark.kind == "tight":
        # a short thick bar with arrows pulling in from both ends
        dx, dy = end[0] - start[0], end[1] - start[1]
        length = math.hypot(dx, dy) or 1
        ux, uy = dx / length, dy / length
        out = f'<path class="tight" d="{mark.path}"/>'
        out += arrow((start[0] - ux * 16, start[1] - uy * 16), (start[0] - ux * 6, start[1] - uy * 6), 6)
        out += arrow((end[0] + ux * 16, end[1] + uy * 16), (end[0] + ux * 6, end[1] + uy * 6), 6)
    else:
        # a long dashed line with arrows pulling out at both ends
        out = f'<path class="stretched" d="{mark.path}"/>'
        out += arrow(points[1], start, 6) + arrow(points[-2], end, 6)
    if mark.label == "upright":
        return out  # the figure's caption says it
    x, y = mark.label_at
    return (
        out
        + f'<text class="word h" x="{num(x)}" y="{num(y)}" text-anchor="{mark.anchor}">{escape(str(WORDS[mark.label]))}</text>'
    )


def posture_svg() -> str:
    return _posture_svg(get_language())


@cache
def _posture_svg(language: str) -> str:  # drawn once per language
    figures = geometry().posture
    parts = []
    x = 0.0
    height = max(f.view_box[3] for f in figures)
    for figure in figures:
        vx, vy, vw, vh = figure.view_box
        floor = f'<path class="fl" d="{figure.floor}"/>' if figure.floor else ""
        marks = "".join(mark_svg(mark) for mark in figure.marks)
        lines = "".join(
            f'<tspan x="{num(x + vw / 2)}" dy="{0 if i == 0 else FONT + 4}">{escape(line)}</tspan>'
            for i, line in enumerate(wrap(str(CAPTIONS.get(figure.id, "")), 24))
        )
        parts.append(
            f'<svg x="{num(x)}" y="0" width="{num(vw)}" height="{num(vh)}" viewBox="{num(vx)} {num(vy)} {num(vw)} {num(vh)}"'
            f' overflow="visible">{floor}{body_svg(figure)}{marks}</svg>'
            f'<text class="caption" y="{num(height + 20)}" text-anchor="middle">{lines}</text>'
        )
        x += vw + GAP
    width = x - GAP
    title = _(
        "The same person twice. Left, upright: the ear above the shoulder. Right, head forward and shoulders "
        "rounded: the chest muscles are held short and tight, and the back of the neck and the upper back are "
        "held on a stretch."
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height + 46)}" width="{num(width)}"'
        f' height="{num(height + 46)}" role="img" aria-label="{escape(title)}">'
        f"<defs><style>{POSTURE_CSS}</style></defs>" + "".join(parts) + "</svg>"
    )
