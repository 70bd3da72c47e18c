"""Template context every page may use."""

from django.http import HttpRequest

from care.offline import person_key
from clinical.content import content_version
from clinical.emergency import Numbers, numbers_of


def release(request: HttpRequest) -> dict[str, str]:
    """The content version, so fragment caches never serve one release's text in another."""
    return {"content_version": content_version()}


def emergency(request: HttpRequest) -> dict[str, Numbers]:
    """The numbers to call for this person (their country's, or every one for a guest), for every page."""
    return {"emergency": numbers_of(request)}


def person(request: HttpRequest) -> dict[str, str]:
    """The key the offline pages file this person's waiting saves and cached pages under (care.offline)."""
    user = getattr(request, "user", None)
    return {"person_key": person_key(user) if user is not None else ""}
