"""Whether the database can take writes: the health check asks, and failed writes answer 503, not 500.

A full disk or a read-only database (a replica, a volume remounted read-only) lets reads work while every
write fails, so a health check that only reads says "ok" to a server that cannot save anything.
"""

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

HEARTBEAT_EVERY = 30.0  # seconds: at most one write per process in this time, however often it is probed
MIN_FREE_BYTES = 64 * 1024 * 1024  # below this, SQLite writes are about to fail
_last_heartbeat = 0.0

# Words the database drivers use when storage, not the request, is the problem.
STORAGE_ERRORS = (
    "disk is full",
    "no space left",
    "could not extend file",
    "readonly database",
    "read-only",
    "read only",
    "disk i/o error",
)


RETRY_AFTER = "120"  # seconds: a restart or a freed disk usually takes about this long


def is_storage_error(error: BaseException | None) -> bool:
    return isinstance(error, DatabaseError) and any(words in str(error).lower() for words in STORAGE_ERRORS)


def is_unavailable(error: BaseException | None) -> bool:
    """A fault of the database rather than of the request: storage (full, read-only) or the connection (a
    server restarting or stopped, a broken connection, a locked SQLite file). Bad data (DataError,
    IntegrityError) is the request's fault and stays a 4xx or a 500."""
    return isinstance(error, OperationalError | InterfaceError) or is_storage_error(error)


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After and the plain "nothing was changed" page (JSON on the API). Rendered without the
    request, so no context processor can touch the session or the database that just failed."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": "unknot cannot save anything right now. Nothing was changed; please try again later."},
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER
    return response


def problem() -> str | None:
    """None when this server can read and write its database; otherwise what is wrong, in a word or two."""
    global _last_heartbeat
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                free = shutil.disk_usage(Path(settings.DATABASES["default"]["NAME"]).parent).free
                if free < MIN_FREE_BYTES:
                    return "disk full"
                # Takes the write lock and gives it back: fails on a read-only file, writes nothing.
                if not connection.in_atomic_block:
                    cursor.execute("BEGIN IMMEDIATE")
                    cursor.execute("ROLLBACK")
            else:
                cursor.execute("SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'")
                if cursor.fetchone()[0]:
                    return "read-only"
        if time.monotonic() - _last_heartbeat > HEARTBEAT_EVERY:
            # A real write now and then: the only way to see a full disk on a database server.
            cache.set("healthz-heartbeat", time.time(), None)
            _last_heartbeat = time.monotonic()
    except Exception as error:  # any failure means this server should take no traffic
        if is_storage_error(error):
            return "read-only" if "read" in str(error).lower() else "disk full"
        return "unreachable"
    return None


class StorageErrorMiddleware:
    """A view's write refused for want of space, because the database is read-only or because it cannot be
    reached answers 503 with a plain page. (A failure in a middleware, such as the session loading before any
    view runs, is turned into 503 by the 500 handler, unknot.views.server_error, which sees every exception
    Django catches.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return unavailable(request) if is_unavailable(exception) else None
