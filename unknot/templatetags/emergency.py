"""`{{ text|numbers:emergency }}`: a content text with "{emergency}" filled with this person's numbers."""

from django import template

from clinical.emergency import Numbers, fill

register = template.Library()


@register.filter
def numbers(text: str, emergency: Numbers | None = None) -> str:
    return fill(str(text), emergency)
