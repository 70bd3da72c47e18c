"""The small picture of a muscle for lists (atlas index, finder results)."""

from functools import cache
from html import escape

from django.utils.translation import get_language

from atlas.drawing.layout import bust_crop
from atlas.drawing.svg import THUMBNAIL_CSS, num, side_points
from clinical.content import content
from clinical.geometry import geometry


def muscle_thumbnail_svg(muscle_id: str, side: str = "right") -> str:
    """A small, light picture for lists: the body around the muscle, the muscle and its trigger points,
    without zones, labels or legend (the full drawing is on the muscle's page).

    Every thumbnail is framed alike (the body's whole width, from the head down past the muscle), on the
    side of the body it is about: side="left" mirrors it about the body's midline."""
    return _muscle_thumbnail_svg(muscle_id, side, get_language())


RATIO = 0.8  # width to height


@cache
def _muscle_thumbnail_svg(muscle_id: str, side: str, language: str) -> str:  # a drawing per side and language
    views = geometry().views
    muscle = content().muscles[muscle_id].content
    view_name = muscle.trigger_points[0].view
    view = views[view_name]
    shape = view.muscles.get(muscle_id, "")
    points = [view.trigger_points[p.id] for p in muscle.trigger_points if p.id in view.trigger_points]
    x, y, w, h = bust_crop(view, side_points(view, shape) + [(p.x, p.y) for p in points], from_head=True)
    # one shape for every thumbnail (4:5, as the lists show them): taller by going down, wider on both sides
    if h < w / RATIO:
        h = w / RATIO
    else:
        x, w = x - (h * RATIO - w) / 2, h * RATIO
    middle = view.view_box[0] + view.view_box[2] / 2
    mirrored = side == "left"
    if mirrored:
        x = 2 * middle - (x + w)
    r = max(w, h) / 34
    dots = "".join(f'<circle class="tp" cx="{num(p.x)}" cy="{num(p.y)}" r="{num(r)}"/>' for p in points)
    flip = f' transform="matrix(-1 0 0 1 {num(2 * middle)} 0)"' if mirrored else ""
    # The side view is two profiles back to back: a frame wide enough for 4:5 would show a sliver of the other.
    # (The clip is in the group's own, flipped, coordinates.)
    clip, clipped = "", ""
    if view_name == "side":
        half = view.view_box[2] / 2
        clip = f'<clipPath id="own"><rect x="{num(middle)}" y="{num(y)}" width="{num(half)}" height="{num(h)}"/></clipPath>'
        clipped = ' clip-path="url(#own)"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{num(x)} {num(y)} {num(w)} {num(h)}" width="{num(w)}"'
        f' height="{num(h)}" role="img" aria-label="{escape(content().muscles[muscle_id].label)}">'
        f"<defs><style>{THUMBNAIL_CSS}</style>{clip}</defs>"
        f'<g{flip}{clipped}><path class="o" d="{view.outline}"/><path class="m" d="{shape}"/>{dots}</g></svg>'
    )
