"""Every URL pattern is requested by a test of its behaviour (a check Zulip's suite makes).

Loaded with `-p tests.url_coverage`. Every request through Django's test client is recorded by the URL pattern
it resolves to, except those of browser tests (they use a live server) and of the access matrix (it visits every
pattern by construction, so it proves nothing here). At the end of a full run (no files, `-k` or `-m` given,
and nothing failed), a pattern nobody asked for fails the run, unless EXEMPT says why it needs no test.
"""

from collections.abc import Iterator
from typing import Any

import pytest

# Patterns no behaviour test needs to ask for, and why.
EXEMPT = {
    "api:api-root": "a pattern the API library adds; the access matrix holds that it answers 404",
    "favicon": "a permanent redirect to the static icon, held by the access matrix",
}
ADMIN_PREFIX = "admin:"  # the admin's own pages (Django's tests cover them); its sign-in page has tests here
NOT_COUNTED = {"test_access.py"}

requested: set[str] = set()
counting = False


def _patterns(resolvers: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    from django.urls import URLPattern, URLResolver

    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), inner or "")
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            yield (f"{namespace}:{entry.name}" if namespace else entry.name) if entry.name else route, route


def _record(path: str) -> None:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return
    requested.update({match.view_name, match.route})


def pytest_configure(config: pytest.Config) -> None:
    from django.test.client import Client

    original = Client.request

    def request(self: Client, **request: Any) -> Any:
        if counting:
            _record(request.get("PATH_INFO", "/"))
        return original(self, **request)

    Client.request = request  # type: ignore[method-assign]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    global counting
    counting = item.path.name not in NOT_COUNTED and item.get_closest_marker("browser") is None


def _full_run(config: pytest.Config) -> bool:
    return (
        config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not config.option.keyword
        and not config.option.markexpr
        and not getattr(config.option, "lf", False)  # --lf (absent with -p no:cacheprovider)
    )


def unrequested() -> list[str]:
    from django.urls import get_resolver

    return sorted(
        name
        for name, route in _patterns(get_resolver().url_patterns)
        if name not in requested
        and route not in requested
        and name not in EXEMPT
        and not name.startswith(ADMIN_PREFIX)
        and not route.startswith("admin/")
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if exitstatus != 0 or not _full_run(session.config):
        return
    missing = unrequested()
    if missing:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                "URL patterns no test asked for (test them, or say in tests/url_coverage.py why not): "
                + ", ".join(missing),
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
