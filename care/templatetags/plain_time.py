from datetime import datetime

from django import template

from care import plain_time

register = template.Library()


@register.filter
def ago(moment: datetime | None) -> str:
    """{{ session.started_at|ago }}: "5 minutes ago", "yesterday evening"."""
    return plain_time.ago(moment) if moment else ""
