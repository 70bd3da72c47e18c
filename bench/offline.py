"""What a phone downloads to work offline: the service worker's precache list, fetched as a browser would (with
compression), summed. DESIGN's aim for it is under 1 MB."""

import json
import re
from collections.abc import Callable

PRECACHE_AIM = 1024 * 1024

Fetch = Callable[[int, str], tuple[int, bytes, int, dict[str, str]]]
Decode = Callable[[bytes, str | None], str]


def precache_bytes(fetch: Fetch, decode: Decode, port: int) -> tuple[int, int]:
    """(files, bytes on the wire) of the worker's precache."""
    status, body, _size, headers = fetch(port, "/sw.js")
    if status != 200:
        raise RuntimeError(f"/sw.js answered {status}")
    found = re.search(r"const PRECACHE = (\[.*?\]);", decode(body, headers.get("content-encoding")))
    if found is None:
        raise RuntimeError("/sw.js has no PRECACHE list")
    urls = json.loads(found.group(1))
    return len(urls), sum(fetch(port, url)[2] for url in urls)


def report(fetch: Fetch, decode: Decode, port: int) -> list[str]:
    """Prints the precache's size; answers the failures (none unless it passes the aim)."""
    files, total = precache_bytes(fetch, decode, port)
    print(f"offline precache: {files} files, {total / 1024:.1f} KB on the wire (aim: under {PRECACHE_AIM // 1024} KB)")
    return [f"offline precache {total} bytes > {PRECACHE_AIM}"] if total > PRECACHE_AIM else []
