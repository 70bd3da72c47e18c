"""One trigger point close up, for the session player (mirrored for the left side)."""

from functools import cache
from html import escape

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from atlas.drawing.svg import CHAR, MIRRORED_ANCHOR, MUSCLE_CSS, Box, anchor_of, crop_box, num, overlaps, side_points
from clinical.content import content
from clinical.geometry import XY, geometry


def trigger_point_svg(point_id: str, side: str = "right") -> str:
    """One trigger point, close up, for the session player: the body around it with its bony landmarks
    named, the muscle, and the spot to press as one large ring, so a person can put the ball on it.

    Muscles are drawn on the right; side="left" mirrors the drawing about the body's midline."""
    return _trigger_point_svg(point_id, side, get_language())


@cache
def _trigger_point_svg(point_id: str, side: str, language: str) -> str:  # a drawing per language
    view_name, spot = geometry().trigger_point(point_id)
    view = geometry().views[view_name]
    muscle_id, _index = content().trigger_points[point_id]
    shape = view.muscles.get(muscle_id, "")
    x, y, w, h = crop_box(view, [*side_points(view, shape), (spot.x, spot.y)], 40, 200)
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
        text = _(mark.short or mark.label)  # listed for translation in clinical.landmarks
        width = len(text) * CHAR
        anchor = mark.anchor
        end = anchor_of(mark, (at.x, at.y))
        if mirrored:  # the label moves to the other side and reads from the other end
            at = XY(x=2 * middle - at.x, y=at.y)
            end = (2 * middle - end[0], end[1])
            anchor = MIRRORED_ANCHOR[anchor]
        left = {"end": at.x - width, "middle": at.x - width / 2, "start": at.x}[anchor]
        box = (left, at.y - 11, left + width, at.y + 3)
        if box[0] < x or box[2] > x + w or box[1] < y or box[3] > y + h or overlaps(box, taken):
            continue
        taken.append(box)
        labels.append(
            f'<line class="lk" x1="{num(at.x)}" y1="{num(at.y - 3)}" x2="{num(end[0])}" y2="{num(end[1])}"/>'
            f'<text class="lt h" x="{num(at.x)}" y="{num(at.y)}" text-anchor="{anchor}">{escape(text)}</text>'
        )
    lines = " ".join(mark.path for mark in view.landmarks if mark.path)
    dots = "".join(
        f'<circle class="lp" cx="{num(m.point.x)}" cy="{num(m.point.y)}" r="2.6"/>' for m in view.landmarks if m.point
    )
    name = content().muscles[muscle_id].label
    point = content().muscles[muscle_id].content.trigger_points[_index]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{num(x)} {num(y)} {num(w)} {num(h)}" width="{num(w * 2)}"'
        f' height="{num(h * 2)}" role="img" aria-labelledby="t">'
        f'<title id="t">{escape(f"{name}: {point.name}")}</title>'
        f"<defs><style>{MUSCLE_CSS}.spot{{fill:none;stroke:#0b3d91;stroke-width:{num(r / 2.5)}}}"
        f".spot-core{{fill:#0b3d91}}</style></defs>"
        + (f'<g transform="matrix(-1 0 0 1 {num(2 * middle)} 0)">' if mirrored else "<g>")
        + f'<path class="o" d="{view.outline}"/><path class="m" d="{shape}"/>'
        f'<path class="ll" d="{lines}"/>{dots}</g>'
        f'<circle class="spot" cx="{num(spot.x)}" cy="{num(spot.y)}" r="{num(r * 1.6)}"/>'
        f'<circle class="spot-core" cx="{num(spot.x)}" cy="{num(spot.y)}" r="{num(r / 2)}"/>'
        + "".join(labels)
        + "</svg>"
    )
