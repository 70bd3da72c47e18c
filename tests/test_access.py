"""Every URL pattern of the project is in the access table and answers each kind of visitor as listed."""

import re
from fnmatch import fnmatch

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import (
    ACCESS,
    ENTRY,
    NOWHERE,
    OWNED_KWARGS,
    PERSONAL,
    PUBLIC,
    SAMPLE_KWARGS,
    SAMPLE_QUERIES,
    STAFF,
    TOKEN,
)
from tests.cast import EVERYONE, NOT_STAFF, Role

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
            queries = SAMPLE_QUERIES.get(name, "")
            for query in [queries] if isinstance(queries, str) else queries:
                yield name, url + query


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
@pytest.mark.parametrize("role", EVERYONE)
def test_public_pages_answer_everyone(client, cast, name, url, role):
    cast.sign_in(client, role)
    response = client.get(url, follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "url"), [p for p in PATTERNS if rule_for(p[0]) == STAFF])
@pytest.mark.parametrize("role", NOT_STAFF)
def test_staff_pages_turn_away_everyone_else(client, cast, name, url, role):
    cast.sign_in(client, role)
    response = client.get(url)
    # Never the page itself: a redirect to the admin's log-in (or within the admin), or a refusal.
    assert response.status_code in {302, 403, 404, 405}
    if response.status_code == 302:
        assert response.url.startswith(("/admin/", "/accounts/login/"))
        assert client.get(response.url, follow=True).request["PATH_INFO"] in {"/admin/login/", "/accounts/login/"}


@pytest.mark.parametrize(("name", "url"), [p for p in PATTERNS if rule_for(p[0]) == STAFF])
def test_staff_pages_open_for_staff(client, cast, name, url):
    cast.sign_in(client, Role.STAFF)
    response = client.get(url)
    assert response.status_code in {200, 302, 403, 404, 405}, f"{name} {url} gave {response.status_code}"


@pytest.mark.parametrize(("name", "url"), [p for p in PATTERNS if rule_for(p[0]) == NOWHERE])
@pytest.mark.parametrize("role", EVERYONE)
def test_patterns_that_lead_nowhere_answer_404(client, cast, name, url, role):
    cast.sign_in(client, role)
    assert client.get(url).status_code == 404


def owned_url(name: str, url: str, cast) -> str:
    if name in OWNED_KWARGS:
        kwarg, record = OWNED_KWARGS[name]
        value = cast[record]
        return reverse(name, kwargs={kwarg: getattr(value, "pk", value)})
    return url


def api_call(client, name: str, url: str):
    """Each API URL with the method that does something (a GET of a POST-only URL proves nothing)."""
    import uuid

    steps = [{"muscle": "trapezius", "side": "left", "seconds": 60}]
    bodies = {
        "api:create_routine": {"name": "Mine", "steps": steps},
        "api:start_session": {"id": str(uuid.uuid4()), "pain_before": 3, "steps": steps},
        "api:record_event": {"id": str(uuid.uuid4()), "step": 0, "kind": "done", "seconds": 60},
        "api:finish_session": {"pain_after": 2, "active_seconds": 100},
    }
    if name in bodies:
        return client.post(url, bodies[name], content_type="application/json")
    if name == "api:update_routine":
        return client.put(url, {"name": "Changed", "steps": steps}, content_type="application/json")
    if name == "api:delete_routine":
        return client.delete(url)
    return client.get(url)


PERSONAL_PATTERNS = [p for p in PATTERNS if rule_for(p[0]) == PERSONAL]
POST_ONLY = {
    "care:routine_delete",
    "care:renew_calendar",
    "care:stop_session",
    "care:set_time_zone",
    "care:reminders_on",
    "care:diary_delete",
    "care:questionnaire_delete",
    "care:session_feedback",
}


@pytest.mark.parametrize(("name", "url"), PERSONAL_PATTERNS)
def test_personal_pages_ask_an_anonymous_visitor_to_sign_in(client, cast, name, url):
    url = owned_url(name, url, cast)
    response = api_call(client, name, url) if name.startswith("api:") else client.get(url)
    if name.startswith("api:"):
        assert response.status_code == 401
    elif name in POST_ONLY:
        assert response.status_code in {302, 405}
    else:
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(("name", "url"), PERSONAL_PATTERNS)
def test_personal_pages_open_for_their_owner(client, cast, name, url):
    cast.sign_in(client, Role.PATIENT)
    url = owned_url(name, url, cast)
    response = api_call(client, name, url) if name.startswith("api:") else client.get(url)
    # The owner is never refused: 200, a redirect (the safety gate, a form), 400 for an empty API body,
    # 405 for a GET of a POST-only action, 204 for a delete.
    assert response.status_code in {200, 201, 204, 302, 405}, f"{name} {url}: {response.status_code}"


@pytest.mark.parametrize(("name", "url"), [p for p in PERSONAL_PATTERNS if p[0] in OWNED_KWARGS])
@pytest.mark.parametrize("role", [Role.OTHER, Role.STAFF])
def test_someone_elses_record_is_not_found(client, cast, name, url, role):
    cast.sign_in(client, role)
    url = owned_url(name, url, cast)
    response = api_call(client, name, url) if name.startswith("api:") else client.get(url)
    if name in POST_ONLY:
        response = client.post(url)
    assert response.status_code == 404, f"{name} {url}: {response.status_code}"


@pytest.mark.parametrize(
    ("name", "url"), [p for p in PERSONAL_PATTERNS if p[0] not in OWNED_KWARGS and p[0] not in POST_ONLY]
)
def test_lists_show_nothing_of_someone_else(client, cast, name, url):
    cast.sign_in(client, Role.OTHER)
    response = api_call(client, name, url) if name.startswith("api:") else client.get(url)
    assert response.status_code in {200, 201, 302}
    assert b"Pat&#x27;s secret routine" not in response.content and b"Pat's secret routine" not in response.content
    assert str(cast["session"].pk).encode() not in response.content


@pytest.mark.parametrize(("name", "url"), [p for p in PATTERNS if rule_for(p[0]) == TOKEN])
def test_secret_links_need_the_right_secret(client, cast, name, url):
    assert client.get(reverse(name, kwargs={"token": "wrong-secret"})).status_code == 404
    assert client.get(owned_url(name, url, cast)).status_code == 200


@pytest.mark.parametrize(("name", "url"), [p for p in PATTERNS if rule_for(p[0]) == ENTRY])
@pytest.mark.parametrize("role", NOT_STAFF)
def test_sign_in_pages_never_fail(client, cast, name, url, role):
    cast.sign_in(client, role)
    assert client.get(url).status_code in {200, 302, 404}
