"""Every URL pattern of the project is in the access table and answers each kind of visitor as listed."""

import re
from fnmatch import fnmatch

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import ACCESS, NOWHERE, PUBLIC, SAMPLE_KWARGS, SAMPLE_QUERIES, STAFF

CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
SAMPLE = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "path": "sample",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner or "")
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            route = prefix + str(entry.pattern)
            url = "/" + CONVERTER.sub(lambda m: SAMPLE.get(m.group(1) or "str", "sample"), route)
            url = url.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
            if name in SAMPLE_KWARGS:
                url = reverse(name, kwargs=SAMPLE_KWARGS[name])
            url += SAMPLE_QUERIES.get(name, "")
            yield name, url


PATTERNS = sorted(set(walk(get_resolver().url_patterns)))


def rule_for(name: str) -> str | None:
    for key, rule in ACCESS.items():
        if fnmatch(name, key):
            return rule
    return None


def test_every_url_pattern_is_in_the_access_table():
    unlisted = [name or url for name, url in PATTERNS if rule_for(name) is None]
    assert unlisted == [], "add these URL patterns to tests/access.py with who may use them"


@pytest.mark.parametrize(("name", "url"), [p for p in PATTERNS if rule_for(p[0]) == PUBLIC])
@pytest.mark.parametrize("visitor", ["anonymous", "patient", "staff"])
def test_public_pages_answer_everyone(client, patient, staff, name, url, visitor):
    if visitor != "anonymous":
        client.force_login(patient if visitor == "patient" else staff)
    response = client.get(url, follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "url"), [p for p in PATTERNS if rule_for(p[0]) == STAFF])
@pytest.mark.parametrize("visitor", ["anonymous", "patient"])
def test_staff_pages_turn_away_everyone_else(client, patient, name, url, visitor):
    if visitor == "patient":
        client.force_login(patient)
    response = client.get(url)
    # Never the page itself: a redirect to the admin's log-in (or within the admin), or a refusal.
    assert response.status_code in {302, 403, 404, 405}
    if response.status_code == 302:
        assert response.url.startswith("/admin/")
        assert client.get(response.url, follow=True).request["PATH_INFO"] == "/admin/login/"


@pytest.mark.parametrize(("name", "url"), [p for p in PATTERNS if rule_for(p[0]) == STAFF])
def test_staff_pages_open_for_staff(client, staff, name, url):
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code in {200, 302, 403, 404, 405}, f"{name} {url} gave {response.status_code}"


@pytest.mark.parametrize(("name", "url"), [p for p in PATTERNS if rule_for(p[0]) == NOWHERE])
@pytest.mark.parametrize("visitor", ["anonymous", "patient", "staff"])
def test_patterns_that_lead_nowhere_answer_404(client, patient, staff, name, url, visitor):
    if visitor != "anonymous":
        client.force_login(patient if visitor == "patient" else staff)
    assert client.get(url).status_code == 404
