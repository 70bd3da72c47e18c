"""Where a signed-in page spends its time: `python -m bench.profile` makes the demo patient (two years of history)
in a database of its own, in production settings (DEBUG off), and, for each of the bench's signed-in pages, counts
its queries and profiles a run of requests through the whole middleware stack with cProfile, printing the
functions that took the most time of their own and in total. A run of the pages under gunicorn is `make bench`.
"""

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.__main__ import PAGES, demo_cookie, production_env

ROOT = Path(__file__).resolve().parent.parent


def profile(paths: list[tuple[str, str]], cookie: str, requests: int, top: int) -> None:
    """Run inside Django: each page's queries, then the profile of `requests` requests of it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(
        HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", HTTP_COOKIE=cookie, HTTP_ACCEPT_ENCODING="gzip, br"
    )
    # as a browser: what the first page sets (the CSRF secret, the device's mark) is sent with every later request
    first = client.get("/home/")
    cookie = "; ".join([cookie, *(f"{name}={morsel.value}" for name, morsel in first.cookies.items())])
    client = Client(
        HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", HTTP_COOKIE=cookie, HTTP_ACCEPT_ENCODING="gzip, br"
    )
    for name, path in paths:
        assert client.get(path).status_code == 200, path  # warm: the first request fills what is cached
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(f"\n=== {name} {path}: {len(queries)} queries")
        for query in queries.captured_queries:
            print(f"    {query['sql'][:150]}")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            client.get(path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        print(f"--- {name}: {stats.total_tt / requests * 1000:.1f} ms a request (under the profiler)")  # type: ignore[attr-defined]
        stats.sort_stats("cumulative").print_stats(top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("pages", nargs="*", help="the bench's page names (all signed-in pages by default)")
    args = parser.parse_args()
    env = production_env(Path(tempfile.mkdtemp(prefix="unknot-profile-")))
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    cookie = demo_cookie(env)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unknot.settings")
    import django

    django.setup()
    chosen = [
        (name, path) for name, path, kind in PAGES if kind == "personal" and (not args.pages or name in args.pages)
    ]
    profile(chosen, cookie, args.requests, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
