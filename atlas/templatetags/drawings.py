"""The atlas's drawings for other pages' templates (the guide shows the key areas and the posture pattern)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from atlas.drawing.overview import key_areas_svg

register = template.Library()


@register.simple_tag
def key_areas_drawing() -> SafeString:
    return mark_safe(key_areas_svg())  # noqa: S308 - our own SVG, every text escaped
