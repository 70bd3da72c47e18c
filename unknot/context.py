"""Template context every page may use."""

from django.http import HttpRequest

from clinical.content import content_version


def release(request: HttpRequest) -> dict[str, str]:
    """The content version, so fragment caches never serve one release's text in another."""
    return {"content_version": content_version()}
