"""The clinic's dashboard and the page before an appointment in chromium, at 1280 and 390 px, axe-clean, on the
demo clinic (every kind of patient it makes): those who need attention come first, then those doing well, then
the entries that share nothing; a search by the name the clinic gave narrows the list; from a patient the
practitioner reaches the page before the appointment, which prints on one page from the browser and as the PDF."""

import re
import subprocess

import pytest
from django.test import Client
from django.utils import timezone

from access.models import Membership
from care.demo_clinic import KINDS, make_demo_clinic
from tests.cast import confirm_second_factor
from tests.test_browser_assigning import clean, context_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[1280, 390], ids=["1280px", "390px"])
def width(request):
    return request.param


@pytest.fixture
def owner_client():
    made = make_demo_clinic(timezone.now(), len(KINDS) + 3)
    owner = Membership.objects.get(clinic=made.clinic, role=Membership.Role.OWNER).person
    client = Client()
    client.force_login(owner)
    session = client.session
    confirm_second_factor(session, owner)
    session.save()
    return client


def attention_of_rows(page) -> list[str]:
    """Each row's "Needs attention" cell: the reasons, "No", or the state of an entry that shares nothing."""
    return [cell.inner_text().strip() for cell in page.locator("table.dashboard tbody tr td:nth-of-type(1)").all()]


def test_those_who_need_attention_come_first_and_a_search_narrows_the_list(chromium, live_server, owner_client, width):
    context, watch = context_of(chromium, live_server, owner_client, width, 900)
    page = watch.page
    page.goto("/clinic/patients/")
    shown = attention_of_rows(page)
    assert len(shown) == len(KINDS) + 3
    groups = [
        0 if not (s == "No" or s.startswith(("Consent withdrawn", "Invited"))) else 1 if s == "No" else 2 for s in shown
    ]
    assert groups == sorted(groups) and groups[0] == 0 and 2 in groups  # attention, then well, then sharing nothing
    assert any("held back by a warning sign" in s for s in shown)
    assert any(s.startswith("Consent withdrawn on") for s in shown)
    clean(page)

    name = page.locator("table.dashboard tbody th a").first.inner_text()
    number = re.search(r"\((\d+)\)", name).group(1)
    page.get_by_label("Find a patient by name").fill(f"({number})")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url(re.compile(r".*[?&]q="))
    names = [cell.inner_text() for cell in page.locator("table.dashboard tbody th").all()]
    assert names == [name]
    assert page.get_by_label("Find a patient by name").input_value() == f"({number})"
    clean(page)
    context.close()


def test_from_a_patient_the_page_before_the_appointment_prints_on_one_page(
    chromium, live_server, owner_client, width, tmp_path
):
    context, watch = context_of(chromium, live_server, owner_client, width, 900)
    page = watch.page
    page.goto("/clinic/patients/")
    page.locator("table.dashboard tbody th a").first.click()
    page.get_by_role("link", name="Before the appointment").click()
    page.wait_for_url("**/before/")
    assert page.get_by_role("heading", name="How the last weeks went").is_visible()
    clean(page)
    printed = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", printed)) == 1

    pdf_url = page.get_by_role("link", name="Print as one page (PDF)").get_attribute("href")
    response = page.request.get(pdf_url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    (tmp_path / "before.pdf").write_bytes(response.body())
    info = subprocess.run(["pdfinfo", str(tmp_path / "before.pdf")], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE)
    context.close()
