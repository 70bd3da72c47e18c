"""A signed-in person's pages, kept in the shared cache between requests.

A page is kept per viewer and person, under what it depends on: the person's data version (care.data_version,
changed by every write to their records), the content version, the page's templates, the language, the time zone,
the address and the minute (pages say "due now" or draw up to now). So an edit shows on the next request on every
server, and one person's page is never served to another. The version and the page come in one read of the cache;
a page kept under an older version is never served.

What must be new in every response is left as a hole and filled when the page is served: the CSRF token (masked
afresh, as Django does for every response) and any value the page makes new for each showing (a form's key, a new
session's id). A page with a message to show (after a save) is built afresh, as it shows the message once.

A kept page is also kept compressed (gzip's deflate, each stretch between two holes on its own), so serving it to a
browser that takes gzip compresses only the few bytes filled in, not the whole page again."""

import hashlib
import re
import secrets
import struct
import uuid
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.messages import get_messages
from django.core.cache import cache as shared_cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token  # type: ignore[attr-defined]  # its own check
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from care import data_version
from care.door import Patient
from clinical.content import content_version

KEPT_SECONDS = 120  # a page's key changes every minute anyway
CSRF_HOLE = "\x00csrf\x00"
HOLES = re.compile("\x00(csrf|fresh[0-9]+)\x00")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as Django's GZipMiddleware reads Accept-Encoding
GZIP_RANDOM_BYTES = 100  # as GZipMiddleware: a random-length header against BREACH-style guessing
MASKED_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")  # as get_token() makes them


@cache
def templates_version() -> str:
    """A fingerprint of the templates, so two releases' servers sharing the cache never mix their pages."""
    digest = hashlib.sha256()
    folders = cast(list[Path], settings.TEMPLATES[0]["DIRS"])
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.html")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def page_key(request: HttpRequest, patient: Patient, vary: tuple[object, ...]) -> str:
    viewer = request.user
    parts = [
        # the account's own fields some pages show (its address, whether it has a password), not personal records
        getattr(viewer, "email", ""),
        str(isinstance(viewer, AbstractBaseUser) and viewer.has_usable_password()),
        request.get_host(),
        request.get_full_path(),
        get_language(),
        timezone.get_current_timezone_name(),
        timezone.now().strftime("%Y-%m-%dT%H:%M"),
        content_version(),
        templates_version(),
        *map(repr, vary),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"personal-page:{viewer.pk}:{patient.pk}:{patient.may.value}:{digest}"


def personal_page(
    request: HttpRequest,
    patient: Patient,
    template: str,
    context: Callable[[], dict[str, Any]],
    vary: tuple[object, ...] = (),
    fresh: Callable[[dict[str, Any]], Mapping[str, Callable[[], str]]] | None = None,
) -> HttpResponse:
    """The page of `template` for this person: from the shared cache when nothing it depends on has changed,
    else built with `context()` and kept. `vary`: anything else the page depends on (a choice kept in the
    request's session). `fresh`: from the context, the values in the page that must be new in every response,
    each with the module-level function that makes a new one."""

    def build() -> tuple[str, Mapping[str, Callable[[], str]]]:
        values = context()
        return render_to_string(template, values, request), (fresh(values) if fresh else {})

    if request.method != "GET" or len(get_messages(request)):  # a message is shown once: built afresh
        return HttpResponse(build()[0])
    return kept(request, patient, build, vary)


def personal_chart(request: HttpRequest, patient: Patient, draw: Callable[[], str]) -> HttpResponse:
    """A chart of the person's records (an SVG file of its own, shown with <img>), kept as their pages are."""
    return kept(request, patient, lambda: (draw(), {}), content_type="image/svg+xml; charset=utf-8")


def kept(
    request: HttpRequest,
    patient: Patient,
    build: Callable[[], tuple[str, Mapping[str, Callable[[], str]]]],
    vary: tuple[object, ...] = (),
    content_type: str | None = None,
) -> HttpResponse:
    """The response of what `build` makes for this person and request (the text, and its values to make afresh
    for every response), from the shared cache when the person's data version and the key still match."""
    key = page_key(request, patient, vary)
    version, page = _version_and(request, patient, key)
    if version is not None and page is not None and page[0] == version:
        return _served(request, page[1], content_type)
    if version is None:
        version = data_version.start(patient.pk)
    text, fresh = build()
    makers = list(fresh.items())
    shared_cache.set(key, (version, _Kept.of(_with_holes(request, text, makers), makers)), KEPT_SECONDS)
    return HttpResponse(text, content_type=content_type)


class _Kept:
    """A page with holes, as kept: its stretches between the holes, as they are (UTF-8) and each deflated on its
    own (ending on a byte, so any bytes may follow), the hole after each stretch, and the makers of the fresh
    values."""

    def __init__(self, stretches: list[bytes], deflated: list[bytes], holes: list[str], makers: list) -> None:
        self.stretches, self.deflated, self.holes, self.makers = stretches, deflated, holes, makers

    @classmethod
    def of(cls, text: str, makers: list[tuple[str, Callable[[], str]]]) -> "_Kept":
        parts = HOLES.split(text)
        stretches = [part.encode() for part in parts[0::2]]
        return cls(stretches, [_deflated(stretch) for stretch in stretches], parts[1::2], [m for _v, m in makers])

    def filled(self, request: HttpRequest) -> list[bytes]:
        """The values of the holes, in order: the CSRF token masked afresh (one for the whole page, as Django
        gives), and a new value from each maker, the same wherever it appears (a new session's id is in its
        player data and in the addresses its saves go to)."""
        made: dict[str, bytes] = {}
        for hole in dict.fromkeys(self.holes):
            made[hole] = (get_token(request) if hole == "csrf" else self.makers[int(hole[5:])]()).encode()
        return [made[hole] for hole in self.holes]

    def __getstate__(self) -> tuple:
        return (self.stretches, self.deflated, self.holes, self.makers)

    def __setstate__(self, state: tuple) -> None:
        self.stretches, self.deflated, self.holes, self.makers = state


def _served(request: HttpRequest, page: _Kept, content_type: str | None) -> HttpResponse:
    values = page.filled(request)
    if not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        pieces = [page.stretches[0]]
        for value, stretch in zip(values, page.stretches[1:], strict=True):
            pieces += [value, stretch]
        response = HttpResponse(b"".join(pieces), content_type=content_type)
    else:
        response = HttpResponse(_gzipped(page, values), content_type=content_type)
        response.headers["Content-Encoding"] = "gzip"  # GZipMiddleware then leaves it as it is
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _deflated(data: bytes) -> bytes:
    """`data` as raw deflate blocks of their own, ending on a byte boundary and not the stream's last."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _stored(data: bytes) -> bytes:
    """`data` as deflate blocks stored as they are (a hole's few bytes are not worth compressing)."""
    out = []
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start : start + 0xFFFF]
        out.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(out)


def _gzipped(page: _Kept, values: list[bytes]) -> bytes:
    """The gzip file of the page with these values in its holes: the kept stretches' deflated blocks, the values
    stored between them, an empty last block; then the checksum and length of the whole."""
    # FNAME set: a name of random length, as Django's GZipMiddleware writes (the Heal-the-BREACH mitigation)
    name = b"a" * secrets.randbelow(GZIP_RANDOM_BYTES) + b"\x00"
    blocks, crc, size = [page.deflated[0]], zlib.crc32(page.stretches[0]), len(page.stretches[0])
    for value, stretch, deflated in zip(values, page.stretches[1:], page.deflated[1:], strict=True):
        blocks += [_stored(value), deflated]
        crc, size = zlib.crc32(stretch, zlib.crc32(value, crc)), size + len(value) + len(stretch)
    header = b"\x1f\x8b\x08\x08" + b"\x00\x00\x00\x00" + b"\x00\xff" + name
    return header + b"".join(blocks) + b"\x03\x00" + struct.pack("<II", crc, size & 0xFFFFFFFF)


def remembered[T](request: HttpRequest, patient: Patient, name: str, make: Callable[[], T]) -> T:
    """A value worked out from the person's records and the time (whether they must answer the safety check
    first), kept as their pages are: under their data version, the content version, the language and the minute."""
    key = _value_key(request, patient, name)
    version, value = _version_and(request, patient, key)
    if version is not None and value is not None and value[0] == version:
        return value[1]
    if version is None:
        version = data_version.start(patient.pk)
    made = make()
    shared_cache.set(key, (version, made), KEPT_SECONDS)
    return made


def _value_key(request: HttpRequest, patient: Patient, name: str) -> str:
    parts = [get_language(), timezone.now().strftime("%Y-%m-%dT%H:%M"), content_version()]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"personal-value:{request.user.pk}:{patient.pk}:{patient.may.value}:{name}:{digest}"


# Read at the start of a signed-in person's request with their facts (read_ahead), as Ahead.
AHEAD = "_unknot_ahead"
FACTS_SECONDS = 24 * 3600  # kept under the data version: a change to them shows at once anyway
READ_AHEAD = ("safety-need",)  # the values kept by remembered() that pages ask for most


@dataclass(frozen=True)
class Ahead:
    """What one read of the shared cache found at the start of the person's request: their data version, and the
    kept entries asked for (`asked`; absent from `found` when not kept). Good until the process writes any
    person's records (data_version.writes), so a request never reads its own records from before its write."""

    person: int
    version: str
    asked: frozenset[str]
    found: dict[str, Any]
    writes: int


def read_ahead[T](request: HttpRequest, patient: Patient, facts: Callable[[], T]) -> T:
    """For a signed-in person at the start of their request (care.middleware): what the middleware needs to know
    of them on every request (`facts()`: their time zone...), kept under their data version, read in one query of
    the shared cache with that version and the values their page will ask for; the page's own entry is then one
    more read (kept(), remembered())."""
    version_key, facts_key = data_version.key(patient.pk), f"personal-facts:{patient.pk}"
    values = {_value_key(request, patient, name) for name in READ_AHEAD}
    found = shared_cache.get_many([version_key, facts_key, *values])
    version = found.get(version_key)
    if version is None:
        version = data_version.start(patient.pk)
    request.__dict__[AHEAD] = Ahead(patient.pk, version, frozenset(values), found, data_version.writes())
    known = found.get(facts_key)
    if known is not None and known[0] == version:
        return cast(T, known[1])
    made = facts()
    shared_cache.set(facts_key, (version, made), FACTS_SECONDS)
    return made


def _version_and(request: HttpRequest, patient: Patient, key: str) -> tuple[str | None, Any]:
    """The person's data version and the entry under `key`: from what was read ahead when it holds them, else in
    one read of the shared cache."""
    ahead: Ahead | None = request.__dict__.get(AHEAD)
    if ahead is not None and ahead.person == patient.pk and ahead.writes == data_version.writes():
        return ahead.version, (ahead.found.get(key) if key in ahead.asked else shared_cache.get(key))
    version_key = data_version.key(patient.pk)
    found = shared_cache.get_many([version_key, key])
    return found.get(version_key), found.get(key)


def _with_holes(request: HttpRequest, html: str, makers: list[tuple[str, Callable[[], str]]]) -> str:
    for index, (value, _make) in enumerate(makers):
        html = html.replace(value, _hole(index))
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        # every masked token of this device's secret in the page (a form's field, the player's data)
        for token in set(MASKED_TOKEN.findall(html)):
            if _unmask_cipher_token(token) == secret:
                html = html.replace(token, CSRF_HOLE)
    return html


def _hole(index: int) -> str:
    return f"\x00fresh{index}\x00"


def new_session_id() -> str:
    """A new session's id, as the player makes one (care.player)."""
    return str(uuid.uuid4())
