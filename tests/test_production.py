"""Production mode: refuses to start half-configured, passes Django's deploy checks, redirects to HTTPS."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qv9!pZx2@Lm4$Wn8^Rt6&Yb3*Hc5(Jd1)Fg0-Se7+Ua9=Ik2",
    "ALLOWED_HOSTS": "unknot.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
    "SITE_URL": "https://unknot.example.org",
}


def run_manage(*args: str, **overrides: str) -> subprocess.CompletedProcess:
    dropped = {*PRODUCTION, "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(PRODUCTION)
    env.update(overrides)
    env = {key: value for key, value in env.items() if value is not None and value != "<unset>"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_checks_pass_in_production_mode():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must list"),
        ("EMAIL_HOST", "EMAIL_HOST"),
        ("SITE_URL", "SITE_URL must be"),
    ],
)
def test_production_mode_refuses_to_start_without(missing, message):
    result = run_manage("check", **{missing: "<unset>"})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_mode_refuses_the_development_key():
    result = run_manage("check", SECRET_KEY="django-insecure-" + "x" * 60)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.fixture
def production_client(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return Client()


def test_plain_http_is_redirected_to_https(production_client):
    response = production_client.get("/safety/")
    assert response.status_code == 301
    assert response.url == "https://testserver/safety/"


def test_health_check_answers_plain_http_for_load_balancers(production_client, db):
    assert production_client.get("/healthz").status_code == 200


def test_https_behind_the_proxy_gets_hsts(production_client):
    response = production_client.get("/safety/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA synchronous').fetchone()[0],"
        " connection.settings_dict['OPTIONS']['transaction_mode'], connection.settings_dict['OPTIONS']['timeout'])"
    )
    result = run_manage("shell", "-c", code, DEBUG="true", SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["wal", "2", "IMMEDIATE", "20"]


def test_production_cookies_use_the_host_prefix():
    code = (
        "from django.conf import settings; from care import safety;"
        "print(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, safety.DEVICE_COOKIE,"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    result = run_manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-5:] == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "__Host-unknot-safety",
        "True",
        "True",
    ]


def test_no_cookie_carries_a_message():
    from django.conf import settings

    assert settings.MESSAGE_STORAGE.endswith("SessionStorage")
