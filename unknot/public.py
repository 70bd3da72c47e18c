"""How public pages are served: cacheable by browsers and proxies, no cookie, no database write."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks a page that anyone may read: GET/HEAD only, and cacheable when the visitor is anonymous."""

    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            if getattr(request, "user", None) is not None and request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response

    return wrapper
