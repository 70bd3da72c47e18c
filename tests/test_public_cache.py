"""Anonymous visitors of public pages are served the finished page from the cache; nobody else is."""

from contextlib import contextmanager

import pytest
from django.test.signals import template_rendered


@contextmanager
def renders():
    seen: list[str] = []

    def record(sender, template, **kwargs):
        seen.append(template.name)

    template_rendered.connect(record)
    try:
        yield seen
    finally:
        template_rendered.disconnect(record)


def test_an_anonymous_visitor_gets_the_cached_page(client):
    first = client.get("/atlas/")
    with renders() as seen:
        second = client.get("/atlas/")
    assert seen == []
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_compressed_and_plain_pages_are_cached_apart(client):
    client.get("/atlas/", headers={"accept-encoding": "gzip"})
    plain = client.get("/atlas/")
    assert "Content-Encoding" not in plain
    assert b"<h1>" in plain.content


def test_a_head_request_does_not_empty_the_cached_page(client):
    client.head("/atlas/")
    assert b"<h1>" in client.get("/atlas/").content


@pytest.mark.django_db
def test_a_visitor_with_a_session_cookie_gets_a_fresh_page(client, settings):
    client.get("/atlas/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "anything"
    with renders() as seen:
        client.get("/atlas/")
    assert seen


def test_a_visitor_whose_cookies_cannot_change_the_page_gets_the_kept_page(client, settings):
    first = client.get("/atlas/")
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    client.cookies["lb"] = "server-2"
    with renders() as seen:
        second = client.get("/atlas/")
    assert seen == [] and second.content == first.content


def test_a_page_built_for_a_visitor_with_cookies_is_never_kept(client, settings):
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    client.get("/atlas/")
    client.cookies.clear()
    with renders() as seen:
        client.get("/atlas/")
    assert seen


@pytest.mark.django_db
def test_a_signed_in_persons_pages_are_never_cached(client, patient):
    client.force_login(patient)
    assert "private" in client.get("/atlas/")["Cache-Control"]
    client.logout()
    client.cookies.clear()
    with renders() as seen:
        client.get("/atlas/")
    assert seen, "the signed-in person's page must not have been stored"


def test_error_pages_are_not_cached(client):
    client.get("/atlas/no-such-muscle/")
    with renders() as seen:
        client.get("/atlas/no-such-muscle/")
    assert seen


def test_a_page_that_varies_on_an_unkeyed_header_is_not_kept():
    from django.http import HttpResponse

    from unknot.public import PublicPageCacheMiddleware

    plain = HttpResponse()
    plain["Vary"] = "Accept-Encoding, Cookie"
    assert PublicPageCacheMiddleware._keyed(plain)
    by_language = HttpResponse()
    by_language["Vary"] = "Accept-Language"
    assert not PublicPageCacheMiddleware._keyed(by_language)


def test_the_page_key_names_the_language(rf):
    from django.utils import translation

    from unknot.public import PublicPageCacheMiddleware

    request = rf.get("/atlas/")
    with translation.override("en"):
        english = PublicPageCacheMiddleware._key(request)
    with translation.override("fr"):
        french = PublicPageCacheMiddleware._key(request)
    assert english != french


def test_long_finder_selections_get_keys_of_their_own(client):
    from clinical.content import content

    sided = [f"{r.id}:{side}" for r in content().regions.values() if r.sided for side in ("left", "right")]
    every = "&".join(f"region={value}" for value in sided)
    assert len("|".join(sorted(sided))) > 500  # longer than the old key, which was cut at 500 characters
    with_top = client.get(f"/find/?{every}&region=vertex").content.decode()
    without = client.get(f"/find/?{every}").content.decode()
    assert 'value="vertex" checked' in with_top and 'value="vertex" checked' not in without


@pytest.mark.django_db
def test_the_finders_answer_is_worked_out_once_per_selection(client, settings):
    from unittest import mock

    from atlas import views

    client.cookies[settings.SESSION_COOKIE_NAME] = "1"  # past the whole-page cache, as a signed-in person is
    with mock.patch.object(views, "answer_for", wraps=views.answer_for) as work:
        first = client.get("/find/?region=temple:left&region=side-of-neck:left").content.decode()
        second = client.get("/find/?region=temple:left&region=side-of-neck:left").content.decode()
        client.get("/find/?region=chest:left")
    assert work.call_count == 2 and first == second
