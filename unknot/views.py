"""Project-wide endpoints: the load balancer's health check and the error pages."""

import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.i18n import JavaScriptCatalog

from clinical.content import content_version
from unknot import storage


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when this server can read and write its database; 503 (with what is wrong) otherwise."""
    trouble = storage.problem()
    if trouble:
        return JsonResponse({"status": "error", "database": trouble}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django calls this for any exception it catches, in a view or in a middleware: the session or the
    signed-in person loading before any view runs, the session saved after it. When the database is the
    cause (full, read-only, restarting, stopped), the answer is 503 and "nothing was changed", not 500."""
    if storage.is_unavailable(sys.exc_info()[1]):
        return storage.unavailable(request)
    # No context processors that could fail again: a plain page, no traceback.
    return render(request, "500.html", status=500)


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """429 with a plain message; but when the limits could not be counted because the database takes no
    writes, say so (503) rather than blame the person. When it was a password that was refused, the page offers
    a sign-in code by email, the way in that tries from elsewhere cannot block; it says the same whether or not
    the account exists."""
    trouble = storage.problem()
    if trouble:
        return storage.unavailable(request)
    throttled = getattr(request, "throttled", None)
    context = {
        "offer_code": throttled == "password",
        "login_email": request.POST.get("login", "")[:254] if throttled == "password" else "",
    }
    response = render(request, "429.html", context, status=429)
    # The longest window a sign-in limit counts over (an hour): a client that respects it never comes back early.
    response["Retry-After"] = "3600" if throttled else "60"
    return response


_catalogue = JavaScriptCatalog.as_view(domain="djangojs", packages=["unknot"])


@require_safe
def javascript_catalogue(request: HttpRequest) -> HttpResponseBase:
    """Django's JavaScript catalogue: the same for everyone, so cacheable by anyone, for a year when its URL
    names the current release."""
    response = _catalogue(request)
    if request.GET.get("v") == content_version():
        patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response
