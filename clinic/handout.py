"""The printed handout: HTML made from the pages' templates and drawings, turned into a tagged PDF (PDF/UA-1) by
WeasyPrint. Its images are unknot's own static files and drawings, served to WeasyPrint from memory by
`fetch`; every other address is refused, so printing never asks the app over HTTP nor anyone else."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import Resolver404, resolve
from django.utils.translation import get_language

from atlas.drawing.muscle import muscle_svg
from atlas.drawing.point import trigger_point_svg
from atlas.drawing.position import STAGES, position_svg
from atlas.drawing.posture import posture_svg
from atlas.drawing.thumbnail import muscle_thumbnail_svg
from clinical.content import content

# What a server without WeasyPrint's libraries needs (scripts/system-packages checks the same).
INSTALL_LINE = "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
PAPERS = {"a4": "A4", "letter": "letter"}


def base() -> str:
    """Where the handout's relative addresses point: the site, so a printed link is the real one. Only images
    under it are served, from memory, and never by asking the site."""
    return settings.SITE_URL.rstrip("/") + "/"


class HandoutUnavailable(Exception):
    """WeasyPrint or the system libraries it loads (Pango, HarfBuzz) are missing on this server."""


class Refused(ValueError):
    """An address the handout may not load: anything but unknot's own static files and drawings."""


@dataclass(frozen=True)
class Fetched:
    body: bytes
    mime_type: str


def _side(query: dict[str, list[str]]) -> str:
    return "left" if query.get("side") == ["left"] else "right"


def _muscle(kwargs: dict[str, Any]) -> str:
    muscle = kwargs["muscle"]
    if muscle not in content().muscles:
        raise Refused(muscle)
    return muscle


def _drawing(kwargs: dict[str, Any], query: dict[str, list[str]]) -> str:
    point = query.get("point", [""])[0]
    return muscle_svg(_muscle(kwargs), int(point) if point.isdigit() else None)


def _position(kwargs: dict[str, Any], query: dict[str, list[str]]) -> str:
    muscle = _muscle(kwargs)
    stage = query.get("stage", ["lean"])[0]
    if stage not in STAGES or not 1 <= kwargs["number"] <= len(content().muscles[muscle].content.techniques):
        raise Refused(stage)
    return position_svg(muscle, kwargs["number"] - 1, _side(query), stage)


def _point(kwargs: dict[str, Any], query: dict[str, list[str]]) -> str:
    if kwargs["point"] not in content().trigger_points:
        raise Refused(kwargs["point"])
    return trigger_point_svg(kwargs["point"], _side(query))


# The atlas's drawings by URL name: the same functions its pages' images are drawn by (each kept in memory).
DRAWINGS: dict[str, Callable[[dict[str, Any], dict[str, list[str]]], str]] = {
    "atlas:drawing": _drawing,
    "atlas:position_drawing": _position,
    "atlas:point_drawing": _point,
    "atlas:thumbnail": lambda kwargs, query: muscle_thumbnail_svg(_muscle(kwargs), _side(query)),
    "atlas:posture_drawing": lambda kwargs, query: posture_svg(),
}
STATIC_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}


@cache
def _static(name: str) -> Fetched:
    """A static file's bytes, read once: collected (production) or from the source folders (development)."""
    suffix = name[name.rfind(".") :]
    if suffix not in STATIC_TYPES or ".." in name:
        raise Refused(name)
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return Fetched(file.read(), STATIC_TYPES[suffix])
    found = finders.find(name)
    if not found or isinstance(found, list):
        raise Refused(name)
    with open(found, "rb") as file:
        return Fetched(file.read(), STATIC_TYPES[suffix])


def fetch(url: str) -> Fetched:
    """One of unknot's static files or drawings by the address the handout names it with; `Refused` for
    every other address (another site, a data or file URL, an unknot page)."""
    site = base()
    if not url.startswith(site):
        raise Refused(url)
    parts = urlsplit(url)
    path = "/" + parts.path.removeprefix(urlsplit(site).path).lstrip("/")
    if path.startswith(settings.STATIC_URL):
        return _static(path.removeprefix(settings.STATIC_URL))
    try:
        match = resolve(path)
    except Resolver404:
        raise Refused(url) from None
    draw = DRAWINGS.get(match.view_name)
    if draw is None:
        raise Refused(url)
    return Fetched(draw(match.kwargs, parse_qs(parts.query)).encode(), "image/svg+xml")


# WeasyPrint's parsed images by language and address, kept between handouts: the drawings' addresses name the
# content version, so one never changes under its address (their words change with the language).
_IMAGES: dict[str, dict] = {}


@dataclass
class Rendered:
    pdf: bytes
    seconds: float
    refused: list[str]


def render_pdf(html: str) -> Rendered:
    """The handout's HTML as a tagged PDF (PDF/UA-1: its title and language from the HTML's <title> and lang).

    WeasyPrint is imported here, not at the top of the module: it loads Pango and HarfBuzz when imported, and a
    server without them must still start and answer everything else (the handout answers 503 with
    INSTALL_LINE)."""
    try:
        import weasyprint
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except (ImportError, OSError) as error:
        raise HandoutUnavailable(INSTALL_LINE) from error

    refused: list[str] = []

    class FromMemory(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            try:
                found = fetch(url)
            except Refused:
                refused.append(url)
                raise
            return URLFetcherResponse(url, body=found.body, headers={"Content-Type": found.mime_type})

    started = time.perf_counter()
    document = weasyprint.HTML(string=html, base_url=base(), url_fetcher=FromMemory())
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", cache=_IMAGES.setdefault(get_language() or "", {}))
    return Rendered(pdf, time.perf_counter() - started, refused)
