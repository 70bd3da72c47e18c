"""Template context every page may use."""

from django.http import HttpRequest

from clinical.content import content_version
from clinical.emergency import Numbers, numbers_of


def release(request: HttpRequest) -> dict[str, str]:
    """The content version, so fragment caches never serve one release's text in another."""
    return {"content_version": content_version()}


def emergency(request: HttpRequest) -> dict[str, Numbers]:
    """The numbers to call for this person (their country's, or every one for a guest), for every page."""
    return {"emergency": numbers_of(request)}
