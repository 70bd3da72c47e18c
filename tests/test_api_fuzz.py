"""The JSON API fuzzed from its own OpenAPI schema (schemathesis, in-process through Django's WSGI application):
a bounded, repeatable number of generated requests per operation, valid and invalid, signed in with a session
and its CSRF token, and not one of them may answer with a server error (5xx). Runs on SQLite and PostgreSQL."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone
from hypothesis import HealthCheck, settings

from care.door import as_themselves

# Per operation: enough to reach the limits (huge numbers, NUL, long lists), few enough for a minute or two.
EXAMPLES = 25


# The schema as the app serves it, fetched through the app itself (no server, no network).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def one_connection():
    """As Django's test client does, requests keep the test's database connection (and its transaction) instead
    of closing it when they end."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in(client, patient):
    """The patient's session cookie and a CSRF token (cookie and header), as the player sends them."""
    from django.conf import settings as django_settings

    from care import safety

    # past the safety check, so session writes reach the database
    safety.record(as_themselves(patient), {}, timezone.now())
    client.force_login(patient)
    token = _get_new_csrf_string()
    return {
        "cookies": {
            django_settings.SESSION_COOKIE_NAME: client.cookies[django_settings.SESSION_COOKIE_NAME].value,
            django_settings.CSRF_COOKIE_NAME: token,
        },
        "headers": {"X-CSRFToken": token},
    }


@schema.parametrize()
@pytest.mark.django_db
@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same requests every run: a failure here is a failure on every machine
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_server_error(case, signed_in):
    response = case.call(headers=signed_in["headers"], cookies=signed_in["cookies"])
    assert response.status_code < 500, f"{response.status_code} for {case.as_curl_command()}\n{response.text[:500]}"
