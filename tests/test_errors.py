"""Error pages: a 404 that helps, a 500 that says sorry and shows no traceback."""

import pytest
from django.test import Client
from django.urls import path

from unknot.urls import urlpatterns as project_patterns


def broken(request):
    raise RuntimeError("secret internals")


urlpatterns = [*project_patterns, path("broken", broken)]
handler404 = "unknot.views.page_not_found"
handler500 = "unknot.views.server_error"


def test_unknown_page_gets_a_helpful_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We can't find that page" in page
    assert 'href="/"' in page and 'href="/safety/"' in page


@pytest.mark.urls("tests.test_errors")
def test_a_crash_shows_a_plain_page_without_traceback():
    client = Client(raise_request_exception=False)
    response = client.get("/broken")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "secret internals" not in page and "Traceback" not in page
