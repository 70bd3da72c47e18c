"""URLs of the atlas's drawings. Each names the content version, so browsers may keep a drawing for a year."""

import re

from django.urls import reverse

from atlas.drawing.muscle import muscle_svg
from clinical.content import content_version


def point_drawing_url(point_id: str, side: str = "right") -> str:
    mirror = "&side=left" if side == "left" else ""
    return f"{reverse('atlas:point_drawing', args=[point_id])}?v={content_version()}{mirror}"


def thumbnail_url(muscle_id: str) -> str:
    return f"{reverse('atlas:thumbnail', args=[muscle_id])}?v={content_version()}"


def drawing_url(muscle_id: str) -> str:
    return f"{reverse('atlas:drawing', args=[muscle_id])}?v={content_version()}"


def drawing_size(muscle_id: str) -> dict[str, str]:
    """The drawing's own width and height, so the page keeps its place while the image loads."""
    match = re.search(r'width="([\d.]+)" height="([\d.]+)"', muscle_svg(muscle_id))
    return {"width": match.group(1), "height": match.group(2)} if match else {}
