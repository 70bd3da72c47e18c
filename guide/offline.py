"""What works without a connection: the files the service worker keeps from the start (PRECACHE) and the release
that names its caches, so a new release replaces them and an old one is deleted.

The release is the content version plus a hash of the precached files' contents, read from the source folders, so
it is the same with DEBUG on or off (only the files' URLs differ: hashed names in production)."""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from clinical.content import content_version

# Static files every offline page needs: the look, the icons, and the session player with its modules.
STATIC_FILES = (
    "css/site.css",
    "css/print.css",
    "img/icon.svg",
    "img/icon-192.png",
    "img/icon-512.png",
    "js/offline.js",
    "js/offline/queue_store.js",
    "js/offline/replay.js",
    "js/bodymap.js",
    "js/diary_offline.js",
    "js/player.js",
    "js/player/booking.js",
    "js/player/clock.js",
    "js/player/coach.js",
    "js/player/device.js",
    "js/player/page.js",
    "js/player/plurals.js",
    "js/player/progress.js",
    "js/player/queue.js",
    "js/player/server.js",
    "js/player/timer.js",
    "js/player/voice.js",
    "js/player/words.js",
    "js/guest/work.js",
    "js/timezone/zone.js",
)
# Public pages, by URL name: the guide, its safety page, the finder (which waits for the connection to answer),
# and the page shown for anything not kept.
PAGES = ("guide:offline", "guide:home", "guide:safety", "atlas:finder", "atlas:index")


def _source(path: str) -> Path:
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"static file {path} is not in the source folders")
    return Path(found if isinstance(found, str) else found[0])


@cache
def release() -> str:
    """Names this release's caches: the content version and the precached files' contents."""
    digest = hashlib.sha256()
    for path in STATIC_FILES:
        digest.update(path.encode())
        digest.update(_source(path).read_bytes())
    return f"{content_version()}-{digest.hexdigest()[:12]}"


def precache() -> list[str]:
    """The URLs the worker fetches when it installs."""
    catalogue = f"{reverse('javascript-catalog')}?v={content_version()}"
    return [reverse(name) for name in PAGES] + [static(path) for path in STATIC_FILES] + [catalogue]


def worker_constants() -> dict[str, str]:
    return {"release": release(), "precache": json.dumps(precache()), "offline_url": reverse("guide:offline")}
