"""Every page carries the security headers and has no inline script or style (the CSP forbids them)."""

import re

import pytest
from django.urls import reverse

PAGES = ["guide:home", "guide:safety", "guide:sources", "guide:privacy", "guide:data"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_send_the_security_headers(client, name):
    response = client.get(reverse(name))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_have_no_inline_script_or_style(client, name):
    html = client.get(reverse(name)).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


@pytest.mark.parametrize("name", PAGES)
def test_pages_link_to_no_other_host_for_assets(client, name):
    html = client.get(reverse(name)).content.decode()
    for asset in re.findall(r'(?:src|href)="([^"]+)"', html):
        if asset.startswith(("http://", "https://", "//")):
            # Outbound links to sources are fine; assets (stylesheets, scripts, images) are not.
            tag = html[: html.index(asset)].rsplit("<", 1)[1]
            assert not tag.startswith(("link", "script", "img")), asset


def test_the_javascript_catalogue_is_public_and_kept_under_its_versioned_url(client):
    from clinical.content import content_version

    response = client.get(f"/jsi18n/?v={content_version()}")
    assert response.status_code == 200 and "ngettext" in response.content.decode()
    assert "immutable" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert "immutable" not in client.get("/jsi18n/")["Cache-Control"]
