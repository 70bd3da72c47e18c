"""How public pages are served: cacheable by browsers and proxies, no cookie, no database write."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from clinical.content import content_version


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks a page that anyone may read: GET/HEAD only, and cacheable when the visitor is anonymous."""

    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            if getattr(request, "user", None) is not None and request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                # A view may already allow longer (a versioned file); otherwise the default applies.
                max_age = None if "max-age" in response.get("Cache-Control", "") else settings.PUBLIC_PAGE_MAX_AGE
                patch_cache_control(response, public=True, **({"max_age": max_age} if max_age else {}))
        return response

    return wrapper


class PublicPageCacheMiddleware:
    """Serves anonymous visitors the finished (compressed) response of a public page from the cache.

    Only responses a view marked public (see public_page) to a request without cookies are kept, so
    nothing personal is ever stored: a signed-in person's pages are private and always rendered afresh.
    A visitor whose cookies cannot change a public page (a CSRF token left by a form page, the safety check's
    answers, a load balancer's) is served the kept page too; only the session cookie (a sign-in, its messages)
    passes it by. Keys carry the release's content version, so a new release never serves an old page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in {"GET", "HEAD"} or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        key = self._key(request)
        cache = caches["pages"]  # per process: a shared cache would write on anonymous visits
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if request.COOKIES:
            # kept only from a request without any: a page built for one visitor's cookies (a form's token
            # masked from their CSRF secret) is never anyone else's
            return response
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "public" in cache_control
            and "private" not in cache_control
            and self._keyed(response)
        ):
            cache.set(key, response, settings.PUBLIC_PAGE_MAX_AGE)
        return response

    # The request headers a key accounts for; a response that varies on any other is not kept.
    KEYED_HEADERS = frozenset({"accept-encoding", "cookie"})

    @classmethod
    def _keyed(cls, response: HttpResponse) -> bool:
        varies = (header.strip().lower() for header in response.get("Vary", "").split(","))
        return all(header in cls.KEYED_HEADERS for header in varies if header)

    @staticmethod
    def _key(request: HttpRequest) -> str:
        encoding = "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "identity"
        path = request.get_full_path()
        key = f"{request.method}|{request.get_host()}|{path}|{encoding}|{get_language()}"
        return f"public-page:{content_version()}:{hashlib.sha256(key.encode()).hexdigest()}"
