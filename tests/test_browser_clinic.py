"""The clinic side in chromium, at 1280 and 390 px, axe-clean: a practitioner signs up, sets up an authenticator
app, makes a clinic and invites a colleague, who joins by the emailed link and sets up their own; the owner then
removes them and their next page has no clinic. TOTP codes come from the key shown on the page, computed in the
test with the clock held (time-machine), never waited for."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail

from tests.cast import Role, totp_code
from tests.conftest import PageWatch, axe_violations, run_queued_tasks
from tests.factories import PASSWORD, PractitionerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

T0 = datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC)  # the start of a code's 30 seconds


@pytest.fixture(params=[1280, 390], ids=["1280px", "390px"])
def width(request):
    return request.param


WATCHES: list[PageWatch] = []


def page_at(chromium, live_server, width):
    """A page of this width, watched for console errors and requests to other hosts."""
    context = chromium.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    WATCHES.append(PageWatch(page, live_server.url))
    return context, page


@pytest.fixture(autouse=True)
def watched():
    WATCHES.clear()
    yield
    for watch in WATCHES:
        watch.assert_clean()


def clean(page) -> None:
    assert axe_violations(page) == [], page.url


def set_up_app(page) -> None:
    """On the set-up page (after confirming the password): scan-or-type key, then the app's code."""
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    clean(page)
    key = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code from the app").fill(totp_code(key))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert page.locator(".recovery-codes li").count() == 10
    clean(page)
    page.get_by_role("link", name="Done").click()


def confirm_password(page) -> None:
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def test_a_practitioner_signs_up_makes_a_clinic_and_a_colleague_joins(chromium, live_server, width):
    with time_machine.travel(T0, tick=True):
        context, page = page_at(chromium, live_server, width)
        page.goto("/accounts/signup/")
        page.get_by_role("link", name="Sign up as a practitioner").click()
        page.wait_for_url("**/accounts/signup/?next=/clinic/")
        page.locator('input[name="email"]').fill("owner@example.org")
        page.locator('input[name="password1"]').fill(PASSWORD)
        page.locator('input[name="password2"]').fill(PASSWORD)
        page.get_by_role("button", name="Sign Up").click()
        page.wait_for_url("**/accounts/confirm-email/")
        run_queued_tasks()
        code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
        page.get_by_label("The 6-digit code from the email").fill(code)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/clinic/")  # where "Sign up as a practitioner" leads once the address is confirmed
        clean(page)
        page.get_by_label("Clinic name").fill("Calm Necks")
        page.get_by_role("button", name="Make the clinic").click()
        # Sent to set up two-step sign-in, after confirming it is them.
        confirm_password(page)
        set_up_app(page)
        page.wait_for_url("**/clinic/members/")
        assert page.get_by_role("heading", name="Members of Calm Necks").is_visible()
        clean(page)

        page.get_by_label("Their email address").fill("colleague@example.org")
        page.get_by_role("button", name="Send the invitation").click()
        assert page.get_by_text("Invitation sent to colleague@example.org.").is_visible()
        run_queued_tasks()
        link = re.search(r"http\S+(/clinic/join/\S+/)", mail.outbox[-1].body).group(1)

        PractitionerFactory(email="colleague@example.org")
        other_context, colleague = page_at(chromium, live_server, width)
        colleague.goto(link)
        assert colleague.get_by_role("heading", name="Join Calm Necks").is_visible()
        clean(colleague)
        colleague.get_by_role("link", name="Sign in to join").click()
        colleague.locator('input[name="login"]').fill("colleague@example.org")
        colleague.locator('input[name="password"]').fill(PASSWORD)
        colleague.get_by_role("button", name="Sign In").click()
        colleague.wait_for_url(f"**{link}")
        colleague.get_by_role("button", name="Join the clinic").click()
        confirm_password(colleague)
        set_up_app(colleague)
        colleague.wait_for_url("**/clinic/patients/")
        assert colleague.get_by_role("heading", name="Patients of Calm Necks").is_visible()
        clean(colleague)

        # The owner removes the colleague: their next page has no clinic.
        page.reload()
        page.get_by_role("button", name="Remove colleague@example.org").click()
        assert page.get_by_text("colleague@example.org is no longer a member.").is_visible()
        clean(page)
        colleague.reload()
        colleague.wait_for_url("**/clinic/")
        assert colleague.get_by_role("heading", name="Your clinic").is_visible()
        other_context.close()
        context.close()


def test_a_carer_reaches_the_patients_only_after_the_code(chromium, live_server, width, cast):
    with time_machine.travel(T0, tick=True):
        context, page = page_at(chromium, live_server, width)
        page.goto("/accounts/login/")
        page.locator('input[name="login"]').fill(cast[Role.CARER].email)
        page.locator('input[name="password"]').fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url("**/accounts/2fa/authenticate/")
        clean(page)
        page.goto("/clinic/patients/")  # the password alone opens nothing: back to the code
        assert page.url.split("?")[0].endswith(("/accounts/login/", "/accounts/2fa/authenticate/")), page.url
        assert page.get_by_text(cast["link"].name).count() == 0
        page.goto("/accounts/2fa/authenticate/")
        page.get_by_label("Code").fill("000000")
        page.get_by_role("button", name="Sign in").click()
        assert page.get_by_text("That code did not work").is_visible()
        clean(page)
        page.get_by_label("Code").fill(totp_code())
        page.get_by_role("button", name="Sign in").click()
        page.goto("/clinic/patients/")
        assert page.get_by_role("rowheader", name=cast["link"].name, exact=True).is_visible()
        clean(page)
        context.close()


def test_a_practitioner_uses_a_passkey_as_the_second_step(chromium, live_server, width, db):
    """On http://localhost with Chromium's virtual authenticator (CDP): add a passkey, confirm with it, sign in
    with it."""
    from allauth.mfa.models import Authenticator

    from tests.factories import ClinicFactory, MembershipFactory

    person = PractitionerFactory(email="keyholder@example.org")
    MembershipFactory(clinic=ClinicFactory(name="Key Clinic"), person=person, role="owner")
    context, page = page_at(chromium, live_server, width)
    assert page.url == "about:blank" and "localhost" in live_server.url  # passkeys refuse IP addresses
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {"protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True}
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {**options, "isUserVerified": True}})

    page.goto("/accounts/login/")
    page.locator('input[name="login"]').fill(person.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/home/")
    page.goto("/accounts/2fa/")
    page.get_by_role("link", name="Add a passkey").click()
    confirm_password(page)
    page.wait_for_url("**/accounts/2fa/webauthn/add/")
    clean(page)
    page.get_by_label("Name").fill("My laptop")
    page.get_by_role("button", name="Add a passkey").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert Authenticator.objects.filter(user=person, type="webauthn").exists()

    page.goto("/clinic/patients/")  # added in this session, but not yet used to sign in: confirm with it
    page.wait_for_url("**/accounts/2fa/webauthn/reauthenticate/**")
    clean(page)
    page.get_by_role("button", name="Use my passkey").click()
    page.wait_for_url("**/clinic/patients/")
    assert page.get_by_role("heading", name="Patients of Key Clinic").is_visible()

    context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator('input[name="login"]').fill(person.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    clean(page)
    page.get_by_role("button", name="Use my passkey").click()
    page.wait_for_url("**/home/")
    page.goto("/clinic/patients/")
    assert page.get_by_role("heading", name="Patients of Key Clinic").is_visible()
    context.close()
