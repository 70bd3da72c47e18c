"""Joining by QR in chromium, axe-clean: the practitioner adds a patient and shows the QR code (decoded from a
screenshot with zbarimg back to the printed link); the patient opens it on a 390 px phone, signs in, consents;
the practitioner opens the patient's page and the patient sees that they did; the patient withdraws and the
practitioner's next page shows only the name and the date."""

import subprocess
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from access.models import Membership
from tests.cast import Role
from tests.conftest import PageWatch, axe_violations
from tests.factories import PASSWORD, PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def context_of(chromium, live_server, client: Client | None, width: int, height: int):
    context = chromium.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
    if client is not None:
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context, PageWatch(context.new_page(), live_server.url)


def clean(page) -> None:
    assert axe_violations(page) == [], page.url


def decoded(png: bytes, tmp_path) -> str:
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_a_patient_joins_by_qr_is_seen_and_withdraws(chromium, live_server, cast, tmp_path):
    Membership.objects.filter(person=cast["carer"]).update(display_name="Dr Lee")
    ann = PatientFactory(email="ann@example.net")
    desk, practitioner = context_of(chromium, live_server, cast.sign_in(Client(), Role.CARER), 1280, 900)
    phone, patient = context_of(chromium, live_server, None, 390, 844)

    # The practitioner adds Ann and shows her the QR code.
    page = practitioner.page
    page.goto("/clinic/patients/")
    clean(page)
    page.get_by_label("Patient's name").fill("Ann Example")
    page.get_by_role("button", name="Make the link").click()
    page.wait_for_selector("[data-qr] svg")
    clean(page)
    printed = page.locator(".qr-url").inner_text()
    assert decoded(page.locator("[data-qr] svg").screenshot(), tmp_path) == printed

    # Ann scans it on her phone, signs in and says yes.
    me = patient.page
    me.goto(urlsplit(printed).path)
    assert "Dr Lee at A's clinic invites you." in me.locator("main").inner_text()
    clean(me)
    me.get_by_role("link", name="Sign in to join").click()
    me.locator('input[name="login"]').fill(ann.email)
    me.locator('input[name="password"]').fill(PASSWORD)
    me.locator('button[type="submit"]').first.click()
    me.wait_for_url(f"**{urlsplit(printed).path}")
    me.get_by_label("I am 16 or older").check()
    me.get_by_role("button", name="Yes, share with A's clinic").click()
    me.wait_for_url("**/settings/clinics/")
    assert "Sharing since" in me.locator("main").inner_text()
    clean(me)

    # The practitioner opens her page; she sees that they did.
    page.goto("/clinic/patients/")
    page.get_by_role("link", name="Ann Example").click()
    page.wait_for_url("**/clinic/patients/*/")
    assert "Sharing since" in page.locator("main").inner_text()
    clean(page)
    patient_page = page.url
    me.goto("/settings/record-opened/")
    row = me.locator(".record-opened li").first.inner_text()
    assert "Dr Lee at A's clinic opened your record" in row
    clean(me)

    # She stops sharing; the practitioner's next page holds only her name and the date.
    me.goto("/settings/clinics/")
    me.get_by_role("button", name="Stop sharing with A's clinic").click()
    me.wait_for_url("**/settings/clinics/")
    assert "You stopped sharing on" in me.locator("main").inner_text()
    page.goto(patient_page)
    text = page.locator("main").inner_text()
    assert "Ann Example" in text and "Consent withdrawn on" in text and "Sessions" not in text

    # A practitioner of another clinic never finds her.
    stranger = cast.sign_in(Client(), Role.STRANGER)
    assert stranger.get(urlsplit(patient_page).path).status_code == 404
    for watch in (practitioner, patient):
        watch.assert_clean()
    desk.close()
    phone.close()
