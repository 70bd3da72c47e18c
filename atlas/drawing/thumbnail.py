"""The small picture of a muscle for lists (atlas index, finder results)."""

from functools import cache
from html import escape

from django.utils.translation import get_language

from atlas.drawing.svg import MUSCLE_CSS, crop_box, num, side_points
from clinical.content import content
from clinical.geometry import (
    geometry,
)


def muscle_thumbnail_svg(muscle_id: str) -> str:
    """A small, light picture for lists: the body around the muscle, the muscle and its numbered trigger
    points, without zones, labels or legend (the full drawing is on the muscle's page)."""
    return _muscle_thumbnail_svg(muscle_id, get_language())


@cache
def _muscle_thumbnail_svg(muscle_id: str, language: str) -> str:  # a drawing per language
    views = geometry().views
    muscle = content().muscles[muscle_id].content
    view = views[geometry().trigger_point(muscle.trigger_points[0].id)[0]]
    shape = view.muscles.get(muscle_id, "")
    points = [view.trigger_points[p.id] for p in muscle.trigger_points if p.id in view.trigger_points]
    around = side_points(view, shape) + [(p.x, p.y) for p in points]
    x, y, w, h = crop_box(view, around, 30, 150)
    dots = "".join(f'<circle class="tp" cx="{num(p.x)}" cy="{num(p.y)}" r="{num(max(w, h) / 22)}"/>' for p in points)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{num(x)} {num(y)} {num(w)} {num(h)}" width="{num(w)}"'
        f' height="{num(h)}" role="img" aria-label="{escape(content().muscles[muscle_id].label)}">'
        f"<defs><style>{MUSCLE_CSS}</style></defs>"
        f'<path class="o" d="{view.outline}"/><path class="m" d="{shape}"/>{dots}</svg>'
    )
