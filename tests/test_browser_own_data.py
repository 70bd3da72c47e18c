"""Own your data, in chromium: a person signs in, downloads JSON, CSV and FHIR from Settings, then deletes the
account with their password, ends signed out and cannot sign in again."""

import io
import json
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import axe_violations
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def download(page, name: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    found = info.value
    return found.suggested_filename, open(found.path(), "rb").read()


def test_a_person_downloads_all_three_formats_then_deletes_the_account(browser_page, cast):
    page = browser_page.page
    person = cast["patient"]
    sign_in(page, person.email)
    page.wait_for_url("**/home/")
    page.goto("/settings/")
    assert axe_violations(page) == []
    stamp = r"unknot-\d{4}-\d{2}-\d{2}"

    name, body = download(page, "Download everything (JSON)")
    assert re.fullmatch(stamp + r"\.json", name)
    assert json.loads(body)["person"]["email"] == person.email

    name, body = download(page, "Download as spreadsheets (CSV)")
    assert re.fullmatch(stamp + r"\.zip", name)
    assert "sessions.csv" in zipfile.ZipFile(io.BytesIO(body)).namelist()

    name, body = download(page, "Download for a health record (FHIR)")
    assert re.fullmatch(stamp + r"\.fhir\.json", name)
    bundle = json.loads(body)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Procedure", "Observation"} <= kinds

    page.get_by_role("link", name="Delete my account").click()
    page.wait_for_url("**/settings/delete/")
    assert axe_violations(page) == []
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and everything in it").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    assert page.get_by_text("Your account and everything in it have been deleted.").is_visible()
    assert not get_user_model().objects.filter(email=person.email).exists()

    response = page.goto("/settings/")  # signed out: sent to sign in
    assert "/accounts/login/" in page.url and response.status == 200
    sign_in(page, person.email)
    assert "/accounts/login/" in page.url
    assert page.get_by_text("not correct", exact=False).is_visible()
    refused = "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    browser_page.errors = [e for e in browser_page.errors if e != refused]  # chromium logs the refused sign-in
    browser_page.assert_clean()
