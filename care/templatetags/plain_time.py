from datetime import datetime

from django import template

from care import plain_time

register = template.Library()


@register.filter
def ago(moment: datetime | None) -> str:
    """{{ session.started_at|ago }}: "5 minutes ago", "yesterday evening"."""
    return plain_time.ago(moment) if moment else ""


@register.filter
def duration(seconds: int | None) -> str:
    """{{ session.active_seconds|duration }}: "3 min 39 s"."""
    return plain_time.duration(seconds or 0)
