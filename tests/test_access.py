"""Every URL pattern of the project answers every role of the cast exactly as tests/access.py says, and no
page or API answer shows anyone a marker of someone else's records (switch the door's scoping off and it does)."""

import html
import json
import re
import uuid
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.access import (
    OWNED_KWARGS,
    POST_ONLY,
    SAMPLE_KWARGS,
    SAMPLE_QUERIES,
    SHARED_WITH_THE_CLINIC,
    STATUS,
    TEAM_SHOWN,
)
from tests.cast import SIGNED_IN, Role

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
            route = prefix + str(entry.pattern)
            url = "/" + CONVERTER.sub(lambda m: SAMPLE.get(m.group(1) or "str", "sample"), route)
            url = url.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
            # A pattern without a name is known by its sample URL.
            name = (f"{namespace}:{entry.name}" if namespace else entry.name) if entry.name else url
            if name in SAMPLE_KWARGS:
                url = reverse(name, kwargs=SAMPLE_KWARGS[name])
            queries = SAMPLE_QUERIES.get(name, "")
            for query in [queries] if isinstance(queries, str) else queries:
                yield name, url + query


PATTERNS = sorted(set(walk(get_resolver().url_patterns)))
URL_NAMES = sorted({name for name, _url in PATTERNS})


def test_every_url_pattern_has_a_row():
    assert [name for name in URL_NAMES if name not in STATUS] == [], "add these to tests/access.py"


def test_every_row_is_a_url_pattern_and_answers_every_role():
    assert [name for name in STATUS if name not in URL_NAMES] == []
    assert [name for name, row in STATUS.items() if set(row) != set(Role)] == []


def owned_url(name: str, url: str, cast) -> str:
    """The URL with patient A's record in it, where it takes one."""
    if name in OWNED_KWARGS:
        kwarg, record = OWNED_KWARGS[name]
        value = cast[record]
        return reverse(name, kwargs={kwarg: getattr(value, "pk", value)})
    return url


def ask(client, name: str, url: str):
    """The request that does what the URL is for (a GET of a POST-only URL proves nothing)."""
    steps = [{"muscle": "trapezius", "side": "left", "seconds": 60}]
    bodies = {
        "api:create_routine": {"name": "Mine", "steps": steps},
        "api:start_session": {"id": str(uuid.uuid4()), "pain_before": 3, "steps": steps},
        "api:record_event": {"id": str(uuid.uuid4()), "step": 0, "kind": "done", "seconds": 60},
        "api:finish_session": {"pain_after": 2, "active_seconds": 100},
        "api:add_diary_entry": {
            "id": str(uuid.uuid4()),
            "score": 4,
            "when": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
        "api:keep_guest_session": {
            "start": {
                "id": str(uuid.uuid4()),
                "pain_before": 3,
                "steps": steps,
                "started_at": (timezone.now() - timedelta(minutes=9)).isoformat(),
            },
            "events": [],
            "finish": None,
        },
    }
    if name in bodies:
        return client.post(url, bodies[name], content_type="application/json")
    if name == "api:update_routine":
        return client.put(url, {"name": "Changed", "steps": steps}, content_type="application/json")
    if name == "api:delete_routine":
        return client.delete(url)
    if name in POST_ONLY:
        return client.post(url)
    return client.get(url)


# Patient A comes last: A's own request may delete the record the others are refused.
A_LAST = sorted(Role, key=lambda role: role is Role.PATIENT)


@pytest.mark.parametrize(("name", "url"), PATTERNS)
def test_each_role_gets_exactly_its_answer(client, cast, name, url):
    answers = {}
    for role in A_LAST:
        cast.sign_in(client, role)
        answers[role] = ask(client, name, owned_url(name, url, cast)).status_code
    assert answers == STATUS[name]


@pytest.mark.parametrize(("name", "url"), [p for p in PATTERNS if STATUS[p[0]][Role.ANONYMOUS] == 302])
def test_a_visitor_sent_away_goes_to_sign_in_or_the_safety_check(client, cast, name, url):
    response = ask(client, name, owned_url(name, url, cast))
    elsewhere = {
        "care:player": "/safety-check/",
        "care:work_now": "/safety-check/",
        "care:quick": "/safety-check/",
        "care:safety_quick": "/safety-check/",
        "account_logout": "/",  # nothing to sign out of: home
        "account_confirm_login_code": "/accounts/login/code/",  # no code asked for: ask for one
        "admin:logout": "/admin/",  # and from there to sign in
    }
    assert response.url.split("?")[0] in {elsewhere.get(name), "/accounts/login/", "/admin/login/"}, response.url


@pytest.mark.parametrize("name", ["care:calendar", "care:unsubscribe"])
def test_secret_links_need_the_right_secret(client, cast, name):
    assert client.get(reverse(name, kwargs={"token": "wrong-secret"})).status_code == 404


# Pages and API answers that hold a person's records, fetched as everyone to look for others' markers.
PERSONAL = [
    (name, url)
    for name, url in PATTERNS
    if name.startswith(("care:", "api:", "account_"))
    and any(STATUS[name][role] != STATUS[name][Role.ANONYMOUS] for role in SIGNED_IN)
]


def forms_of(marker: str) -> set[str]:
    """A marker as a page or an answer may write it."""
    return {marker, html.escape(marker), html.escape(marker, quote=False), json.dumps(marker)[1:-1]}


def leaks(client, cast, name: str, url: str, role: Role) -> list[str]:
    """Whose markers this role sees on this URL (follows redirects, so a page reached by one counts)."""
    cast.sign_in(client, role)
    url = owned_url(name, url, cast)
    response = ask(client, name, url) if name.startswith("api:") or name in POST_ONLY else client.get(url, follow=True)
    body = response.content.decode(errors="replace")
    shared = name in SHARED_WITH_THE_CLINIC and role in (Role.CARER, Role.OWNER)
    team = name in TEAM_SHOWN and role is Role.OWNER

    def allowed(marker: str, owner: Role) -> bool:
        return (shared and owner is Role.PATIENT) or (team and owner in (Role.CARER, Role.COLLEAGUE) and "@" in marker)

    return sorted(
        f"{owner}'s {marker!r}"
        for marker, owner in cast.markers_of_others(role).items()
        if any(form in body for form in forms_of(marker)) and not allowed(marker, owner)
    )


def test_the_cast_has_markers_to_find(cast):
    assert all(len(cast.markers[role]) >= 9 for role in SIGNED_IN)


@pytest.mark.parametrize(("name", "url"), PERSONAL)
def test_no_one_sees_anyone_elses_records(client, cast, name, url):
    seen = {role: found for role in A_LAST if role in SIGNED_IN and (found := leaks(client, cast, name, url, role))}
    assert seen == {}


@pytest.fixture
def door_unscoped(monkeypatch):
    """The door with its scoping switched off: every Patient's querysets hold everyone's records."""
    from care.door import Patient

    monkeypatch.setattr(Patient, "_scoped", lambda self, queryset, field="owner": queryset)


@pytest.mark.parametrize(
    "name",
    ["care:diary", "care:sessions", "care:routines", "care:home", "api:list_sessions", "api:list_routines"],
)
def test_the_leak_test_finds_a_leak_when_the_door_lets_everything_through(client, cast, door_unscoped, name):
    url = next(url for pattern, url in PATTERNS if pattern == name)
    assert leaks(client, cast, name, url, Role.OTHER) != []
