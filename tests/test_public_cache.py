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


def test_a_visitor_with_cookies_gets_a_fresh_page(client):
    client.get("/atlas/")
    client.cookies["returning"] = "yes"
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
