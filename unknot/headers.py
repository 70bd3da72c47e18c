"""Response headers Django does not set itself."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PermissionsPolicyMiddleware:
    """Turns off browser features no page uses (camera, microphone, location...); personal API answers
    are never stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        match = request.resolver_match
        if request.method == "POST" and match is not None and match.url_name == "account_logout":
            # Signing out leaves no copy of the person's pages in this browser's caches (the service worker's
            # are deleted by the page itself, static/js/offline.js).
            response.headers["Clear-Site-Data"] = '"cache"'
            # and the safety answers this browser gave are not the next person's
            response.delete_cookie(settings.SAFETY_COOKIE_NAME, samesite="Lax")
        if request.path.startswith("/api/") and "public" not in response.get("Cache-Control", ""):
            # A person's own records: no browser or proxy may keep a copy.
            patch_cache_control(response, no_store=True, private=True)
        return response
