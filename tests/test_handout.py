"""The printed handout: a tagged PDF of the generic handout (the seed's areas, illustrated) and of a joined
patient's routine, read back with poppler (pdfinfo, pdftotext, pdftoppm) and zbar (each QR decodes to its URL).
Its images come from memory and nothing else is fetched; printing is audited and goes through the door."""

import builtins
import re
import socket
import subprocess
import sys
import urllib.request
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from access.models import AuditEvent, Clinic
from atlas.links import drawing_url, position_url
from care import assigned, handout
from care.assigned import AssignedStep
from care.door import as_themselves
from care.models import Routine
from clinic import handout as printing
from clinical.content import content
from tests.cast import Role

VIDEO = "https://videos.example.org/watch?v=trap-1"
SECOND_VIDEO = "https://videos.example.org/levator"
STEPS = [
    AssignedStep("levator-scapulae", "left", 45, "Lean gently, breathe out", SECOND_VIDEO),
    AssignedStep("trapezius", "right", 60, "Start light", VIDEO),
    AssignedStep("suboccipitals", "", 90),
]


@pytest.fixture(autouse=True)
def fresh_generic():
    handout._generic_pdf.cache_clear()
    yield
    handout._generic_pdf.cache_clear()


def info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _sep, v in (line.partition(":") for line in out.splitlines())}


def text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())  # lines joined: a long URL or a name may wrap


def qr_codes(pdf: bytes, tmp_path: Path) -> list[str]:
    """Every QR code on every page, rendered at 150 dpi as a printer would, read by zbar."""
    path = tmp_path / "qr.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / "page")], check=True)
    found = []
    for page in sorted(tmp_path.glob("page-*.png")):
        result = subprocess.run(["zbarimg", "--quiet", "--raw", str(page)], capture_output=True, text=True)
        found += [line for line in result.stdout.splitlines() if line]
    return found


def objects(pdf: bytes) -> bytes:
    """The PDF's objects as written, its compressed streams opened (the catalog is in one of them)."""
    opened = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            opened.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"\n".join(opened)


def raster_images(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "img.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return len(out.splitlines()) - 2  # two header lines


def live_url(routine: Routine) -> str:
    return f"{settings.SITE_URL}/routines/{routine.pk}/"


@pytest.fixture
def carer(client, cast):
    return cast.sign_in(client, Role.CARER)


def give(cast, steps=STEPS, days=3) -> Routine:
    patient = as_themselves(cast["patient"])
    return assigned.assign(
        patient,
        clinic_id=cast["clinic"].pk,
        clinic_name=cast["clinic"].name,
        by_id=cast["carer"].pk,
        steps=steps,
        interval_days=days,
        now=timezone.now(),
    )


def patient_pdf(client, cast, query: str = "") -> bytes:
    response = client.get(f"/clinic/patients/{cast['link'].pk}/handout.pdf{query}")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


# The generic handout


def test_the_generic_handout_is_the_seed_handout_tagged_and_illustrated(tmp_path, db):
    out = tmp_path / "handout.pdf"
    call_command("handout", "--generic", str(out))
    pdf = out.read_bytes()
    meta = info(pdf, tmp_path)
    assert meta["Tagged"] == "yes"
    assert meta["Pages"] == "13"  # the routine, the why and the rules (2), one page per area (9), the red flags (2)
    assert "A4" in meta["Page size"]
    assert meta["Title"] == "Neck and upper-back pain: a self-care handout"
    assert b"/Lang (en)" in objects(pdf) and b"/StructTreeRoot" in objects(pdf)
    words = text(pdf, tmp_path)
    # the seed's order: #1 trapezius to #6 latissimus dorsi and teres minor, then the chest
    labels = [info.label for _rank, group in content().key_areas() for info in group]
    assert len(labels) == 9
    positions = [
        words.index(f"{rank} {label}")
        for rank, label in zip(["#1", "#2", "#3", "#4", "#5", "#6", "#6", "Bonus", "Bonus"], labels, strict=True)
    ]
    assert positions == sorted(positions)
    assert "Bonus Pectoralis major" in words and "Bonus Pectoralis minor" in words
    for label in labels:
        assert words.count(label) >= 2  # in the routine and at its area's page
    # the seed's opening, from the guide's own template, then its rules
    assert words.index("Why the neck and upper back hurt together") < words.index("The posture behind it")
    assert words.index("What you need") < words.index("How to press: six rules")
    assert "If you notice you are holding your breath, you are pressing too hard." in words
    assert "every 2 to 3 days" in words
    assert "Get emergency help now" in words and "When not to self-treat" in words
    assert content().rules.nerve_sensation.text[:60] in words
    # the live QR opens the guide, whose pages have the timer
    assert qr_codes(pdf, tmp_path) == [f"{settings.SITE_URL}/"]
    assert f"{settings.SITE_URL}/" in words.replace(" ", "")


def test_the_generic_handout_prints_on_letter_and_the_clinics_own_paper(client, cast, tmp_path):
    owner = cast.sign_in(client, Role.OWNER)
    response = owner.get("/clinic/handout.pdf?paper=letter")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    meta = info(response.content, tmp_path)
    assert "letter" in meta["Page size"] and meta["Tagged"] == "yes" and meta["Pages"] == "13"
    assert "A4" in info(owner.get("/clinic/handout.pdf").content, tmp_path)["Page size"]  # the default
    response = owner.post("/clinic/settings/", {"paper": "letter"})
    assert response.status_code == 302
    assert Clinic.objects.get(pk=cast["clinic"].pk).paper == "letter"
    assert "letter" in info(owner.get("/clinic/handout.pdf").content, tmp_path)["Page size"]
    assert "A4" in info(owner.get("/clinic/handout.pdf?paper=a4").content, tmp_path)["Page size"]


def test_only_the_owner_sets_the_paper(client, cast):
    carer = cast.sign_in(client, Role.CARER)
    assert carer.post("/clinic/settings/", {"paper": "letter"}).status_code == 403
    assert Clinic.objects.get(pk=cast["clinic"].pk).paper == "a4"
    owner = cast.sign_in(client, Role.OWNER)
    page = owner.get("/clinic/settings/").content.decode()
    assert 'value="letter"' in page and "Paper size for printed handouts" in page
    assert owner.post("/clinic/settings/", {"paper": "a3"}).status_code == 400
    assert Clinic.objects.get(pk=cast["clinic"].pk).paper == "a4"


def test_the_print_buttons_offer_the_clinics_paper_and_the_other(client, cast):
    give(cast)
    carer = cast.sign_in(client, Role.CARER)
    page = carer.get(f"/clinic/patients/{cast['link'].pk}/").content.decode()
    assert f"/clinic/patients/{cast['link'].pk}/handout.pdf?paper=a4" in page
    assert f"/clinic/patients/{cast['link'].pk}/handout.pdf?paper=letter" in page
    page = carer.get("/clinic/patients/").content.decode()
    assert "/clinic/handout.pdf?paper=a4" in page and "/clinic/handout.pdf?paper=letter" in page
    Clinic.objects.filter(pk=cast["clinic"].pk).update(paper="letter")
    page = carer.get("/clinic/patients/").content.decode()
    assert page.index("/clinic/handout.pdf?paper=letter") < page.index("/clinic/handout.pdf?paper=a4")


# A patient's handout


def test_a_practitioner_prints_a_joined_patients_routine(carer, cast, tmp_path):
    cast["carer"].memberships.filter(clinic=cast["clinic"]).update(display_name="Dr Rivera")
    routine = give(cast)
    pdf = patient_pdf(carer, cast)
    meta = info(pdf, tmp_path)
    assert meta["Tagged"] == "yes"
    assert meta["Pages"] == "6"  # the routine and rules, three areas, when not to self-treat (2)
    assert meta["Title"] == "Your self-care routine from A's clinic"
    words = text(pdf, tmp_path)
    assert "A's clinic" in words and "Dr Rivera" in words and cast["link"].name in words
    # the routine in its order, each area with its time, where to press and the practitioner's words
    order = [
        words.index(f"{n}. {label}") for n, label in enumerate(["Levator scapulae", "Trapezius", "Suboccipitals"], 1)
    ]
    assert order == sorted(order)
    assert "45 seconds" in words and "60 seconds" in words and "every 3 days" in words
    assert "Lean gently, breathe out" in words and "Start light" in words
    for step in STEPS:
        technique = content().muscles[step.muscle].content.techniques[0]
        assert technique.placement.text[:50] in words
        assert technique.cues[0].text[:40] in words
    for url in (VIDEO, SECOND_VIDEO, live_url(routine)):
        assert url in words.replace(" ", "")  # printed whole (a narrow column wraps it)
    assert sorted(qr_codes(pdf, tmp_path)) == sorted([live_url(routine), SECOND_VIDEO, VIDEO])
    # printing is audited as a print, through the door
    row = AuditEvent.objects.filter(actor_id=cast["carer"].pk, patient_id=cast["patient"].pk).latest("pk")
    assert (row.action, row.clinic_id, row.what) == ("print", cast["clinic"].pk, "patient_handout")


def test_the_printed_qr_keeps_opening_the_routine_as_it_is_now(client, cast, tmp_path):
    routine = give(cast)
    carer = cast.sign_in(client, Role.CARER)
    (tmp_path / "before").mkdir()
    before = qr_codes(patient_pdf(carer, cast), tmp_path / "before")
    # the practitioner changes the routine: another area, another interval
    changed = give(cast, [AssignedStep("scalenes", "right", 75), STEPS[1]], days=5)
    assert changed.pk == routine.pk and changed.version == 2
    (tmp_path / "after").mkdir()
    after = qr_codes(patient_pdf(carer, cast), tmp_path / "after")
    assert live_url(routine) in before and live_url(routine) in after
    # the patient, signed in, opens the printed address and sees the new version
    patient = cast.sign_in(client, Role.PATIENT)
    page = patient.get(live_url(routine).removeprefix(settings.SITE_URL)).content.decode()
    start = page.index("The areas, in order")
    areas = page[start : page.index("</ol>", start)]
    assert "Scalenes, right side" in areas and "Levator scapulae" not in areas
    assert "Added: Scalenes, right side." in page  # and what changed
    # sign-in is still required
    client.logout()
    response = client.get(live_url(routine).removeprefix(settings.SITE_URL))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_patient_without_a_routine_gets_the_handouts_areas(carer, cast, tmp_path):
    words = text(patient_pdf(carer, cast), tmp_path)
    assert "Your self-care routine from A's clinic" in words and "#1 Trapezius" in words
    assert f"{settings.SITE_URL}/routines/" in words.replace(" ", "")


def test_a_withdrawn_patients_handout_is_refused(carer, cast):
    give(cast)
    cast["link"].withdrawn_at = timezone.now()
    cast["link"].save()
    before = AuditEvent.objects.filter(action="print").count()
    assert carer.get(f"/clinic/patients/{cast['link'].pk}/handout.pdf").status_code == 404
    assert AuditEvent.objects.filter(action="print").count() == before


def test_another_persons_routine_never_reaches_the_handout(client, cast, tmp_path, monkeypatch):
    """Another person's routine from the same clinic, changed last, never prints on A's handout; with the door's
    scoping switched off it does (so this test can fail)."""
    from care.door import Patient

    give(cast)
    other = Routine.objects.create(owner=cast["other"], clinic=cast["clinic"], name="x", interval_days=2)
    other.steps.create(position=0, muscle="temporalis", side="left", seconds=60, note="mark-other-note")
    carer = cast.sign_in(client, Role.CARER)
    words = text(patient_pdf(carer, cast), tmp_path)
    assert "mark-other-note" not in words and "Temporalis" not in words
    monkeypatch.setattr(Patient, "_scoped", lambda self, queryset, field="owner": queryset)
    assert "mark-other-note" in text(patient_pdf(carer, cast), tmp_path)


# What the handout loads


def test_an_image_in_a_note_is_neither_fetched_nor_shown(cast, db, tmp_path, monkeypatch):
    image = "https://images.example.org/tracker.png"
    asked: list[str] = []

    def no_network(*args, **kwargs):
        asked.append(str(args[:2]))
        raise AssertionError("the handout made a network call")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    note = f'<img src="{image}" alt="x"> ![x]({image})'
    routine = give(cast, [AssignedStep("trapezius", "right", 60, note)])
    made = handout.for_patient(as_themselves(cast["patient"]), routine, cast["clinic"], "", "pat")
    rendered = handout.render(made)
    assert asked == [] and rendered.refused == []
    assert raster_images(rendered.pdf, tmp_path) == 0  # the drawings are vector; no picture came from the note
    assert '<img src="https://images' not in handout.html(made)  # the note is words, escaped


def test_the_fetcher_serves_unknots_drawings_and_static_files_only():
    site = settings.SITE_URL
    drawing = printing.fetch(site + drawing_url("trapezius"))
    assert drawing.mime_type == "image/svg+xml" and b"<svg" in drawing.body
    assert b"<svg" in printing.fetch(site + position_url("trapezius", 0, "left", "place")).body
    assert printing.fetch(site + "/static/css/handout.css").mime_type == "text/css"
    for url in (
        "https://images.example.org/tracker.png",
        site + "/clinic/patients/1/",  # an unknot page: never a request to the app
        site + "/home/",
        site + "/static/../unknot/settings.py",
        site + "/atlas/nothing.svg",
        "file:///etc/passwd",
        "data:image/svg+xml,<svg/>",
        site.replace("http", "https", 1) + "/static/css/handout.css" if site.startswith("http:") else "http://x/",
    ):
        with pytest.raises(printing.Refused):
            printing.fetch(url)


def test_every_image_has_words_and_hatched_zones_are_drawn(cast, db):
    routine = give(cast)
    page = handout.html(handout.for_patient(as_themselves(cast["patient"]), routine, cast["clinic"], "", "pat"))

    class Images(HTMLParser):
        found: list[tuple[str, dict]] = []

        def handle_starttag(self, tag, attrs):
            if tag in ("img", "svg"):
                self.found.append((tag, dict(attrs)))

    parser = Images()
    parser.feed(page)
    imgs = [attrs for tag, attrs in parser.found if tag == "img"]
    assert len(imgs) == 4 * len(STEPS)  # the muscle drawing and the three still stages of each area
    assert all(attrs.get("alt", "").strip() for attrs in imgs)
    svgs = [attrs for tag, attrs in parser.found if tag == "svg" and attrs.get("role")]
    assert all(attrs["role"] == "img" for attrs in svgs) and len(svgs) == 1 + 1 + 2  # key areas, live QR, 2 videos
    for svg in re.findall(r'<svg[^>]*class="qr"[^>]*>.*?</title>', page, re.S):
        assert "QR code" in svg
    assert 'aria-label="Where the key areas are' in page
    # striped (spillover) zones are drawn with a pattern in the drawing the handout prints
    assert "<pattern" in printing.fetch(settings.SITE_URL + drawing_url("trapezius")).body.decode()


# Without the libraries


def test_without_pango_the_handout_answers_503_with_the_install_line(client, cast, monkeypatch):
    real_import = builtins.__import__

    def without_weasyprint(name, *args, **kwargs):
        if name.startswith("weasyprint"):
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_weasyprint)
    carer = cast.sign_in(client, Role.CARER)
    for url in ("/clinic/handout.pdf", f"/clinic/patients/{cast['link'].pk}/handout.pdf"):
        response = carer.get(url)
        assert response.status_code == 503
        assert printing.INSTALL_LINE in response.content.decode()
    assert carer.get(f"/clinic/patients/{cast['link'].pk}/").status_code == 200  # the rest still works
    with pytest.raises(Exception, match=r"libpango-1\.0-0"):
        call_command("handout", "--generic", "/dev/null")


def test_the_server_starts_without_importing_weasyprint():
    code = (
        "import django, sys; django.setup(); import unknot.urls, unknot.wsgi; "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "print('weasyprint' in sys.modules)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "unknot.settings", "DEBUG": "true", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"


def test_the_command_asks_for_generic(tmp_path):
    with pytest.raises(Exception, match="--generic"):
        call_command("handout", str(tmp_path / "x.pdf"))
