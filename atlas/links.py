"""URLs of the atlas's drawings. Each names the content version, so browsers may keep a drawing for a year."""

import re

from django.urls import reverse

from atlas.drawing.muscle import muscle_svg
from clinical.content import content_version


def point_drawing_url(point_id: str, side: str = "right") -> str:
    mirror = "&side=left" if side == "left" else ""
    return f"{reverse('atlas:point_drawing', args=[point_id])}?v={content_version()}{mirror}"


def position_url(muscle_id: str, index: int, side: str = "right", stage: str = "lean") -> str:
    """A technique's position picture (index counts from 0; the URL numbers techniques from 1)."""
    extra = ("&side=left" if side == "left" else "") + (f"&stage={stage}" if stage != "lean" else "")
    return f"{reverse('atlas:position_drawing', args=[muscle_id, index + 1])}?v={content_version()}{extra}"


def thumbnail_url(muscle_id: str, side: str | None = None) -> str:
    """The muscle's small picture, on the left side when that is the side to work."""
    mirror = "&side=left" if side == "left" else ""
    return f"{reverse('atlas:thumbnail', args=[muscle_id])}?v={content_version()}{mirror}"


def drawing_url(muscle_id: str, point: int | None = None) -> str:
    """The muscle's illustration; with a trigger point's number, that point's pain zones only."""
    only = f"&point={point}" if point is not None else ""
    return f"{reverse('atlas:drawing', args=[muscle_id])}?v={content_version()}{only}"


def drawing_size(muscle_id: str) -> dict[str, str]:
    """The drawing's own width and height, so the page keeps its place while the image loads."""
    match = re.search(r'width="([\d.]+)" height="([\d.]+)"', muscle_svg(muscle_id))
    return {"width": match.group(1), "height": match.group(2)} if match else {}
