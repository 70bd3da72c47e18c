"""Before the appointment: the practitioner reads, on one page, how the last weeks went against the patient's own
interval, and what happened since they last saw them ("Seen today"); the patient sees the same on their summary."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from access.models import AuditEvent, CareLink
from care import before, diary, recording, safety
from care.door import as_themselves
from care.models import Routine
from care.routines import StepPlan
from tests.cast import Role

pytestmark = pytest.mark.django_db


def url(cast) -> str:
    return f"/clinic/patients/{cast['link'].pk}/before/"


def note(person, text: str, when) -> None:
    diary.save_entry(as_themselves(person), 4, when, [], [], text)


def session_at(person, when, stopped: bool = False) -> None:
    patient = as_themselves(person)
    session, _ = recording.start(patient, uuid.uuid4(), [StepPlan("trapezius", "left", 60)], 5, when, None)
    if stopped:
        recording.stop(patient, session, when + timedelta(minutes=2))
    else:
        recording.finish(patient, session, 3, 60, when + timedelta(minutes=5))


def test_the_practitioner_reads_how_the_last_weeks_went(client, cast):
    note(cast["patient"], "Worse after gardening", timezone.now() - timedelta(days=3))
    cast.sign_in(client, Role.CARER)
    response = client.get(url(cast))
    page = response.content.decode()
    assert response.status_code == 200
    assert "How the last weeks went" in page and "Last 2 weeks (" in page and "Last 6 weeks (" in page
    assert "Worse after gardening" in page
    assert "In the last 6 weeks (since" in page


def test_opening_it_is_audited(client, cast):
    cast.sign_in(client, Role.CARER)
    before_count = AuditEvent.objects.filter(action="view").count()
    client.get(url(cast))
    assert AuditEvent.objects.filter(action="view").count() == before_count + 1


def test_seen_today_starts_the_next_summary_from_now(client, cast):
    note(cast["patient"], "Before the visit", timezone.now() - timedelta(days=2))
    cast.sign_in(client, Role.CARER)
    response = client.post(f"/clinic/patients/{cast['link'].pk}/seen/")
    assert response.status_code == 302
    assert CareLink.objects.get(pk=cast["link"].pk).seen_at is not None
    note(cast["patient"], "After the visit", timezone.now())
    page = client.get(url(cast)).content.decode()
    assert "After the visit" in page and "Before the visit" not in page
    assert "Since the last appointment (" in page


def test_the_five_latest_are_shown_and_the_rest_counted(client, cast):
    patient = as_themselves(cast["patient"])
    patient.diary_entries().delete()
    patient.safety_checks().delete()
    now = timezone.now()
    for n in range(8):
        note(cast["patient"], f"Note number {n}", now - timedelta(hours=n + 1))
    cast.sign_in(client, Role.CARER)
    page = client.get(url(cast)).content.decode()
    assert all(f"Note number {n}" in page for n in range(5))
    assert "Note number 5" not in page and "and 3 more" in page


def test_warning_signs_nerve_sensations_and_stopped_sessions_are_listed(client, cast):
    now = timezone.now()
    safety.record(as_themselves(cast["patient"]), {"thunderclap-headache": True}, now - timedelta(days=1))
    session_at(cast["patient"], now - timedelta(days=2), stopped=True)
    found = before.events_since(as_themselves(cast["patient"]), now - timedelta(weeks=6), now)
    kinds = {event.kind for event in found}
    assert {"hold", "stopped"} <= kinds
    assert any("Warning sign:" in event.text for event in found)


def test_adherence_counts_against_the_practitioners_interval(cast):
    person = cast["patient"]
    Routine.objects.create(owner=person, name="Weekly", clinic=cast["clinic"], interval_days=7)
    patient = as_themselves(person)
    patient.sessions().delete()
    evening = timezone.now().replace(hour=19, minute=0, second=0, microsecond=0) - timedelta(days=1)
    # one every 8 days, each in the day after the session fell due (a week on, at the 18:00 reminder)
    for n in (5, 4, 3, 2, 1, 0):
        session_at(person, evening - timedelta(days=8 * n))
    six = before.adherence(patient, timezone.now(), 6)
    assert (six.kept, six.due) == (5, 5) and six.percent == 100
    missed = before.adherence(patient, timezone.now() + timedelta(days=20), 6)  # nothing since: two missed
    assert missed.due > missed.kept


def test_a_withdrawn_patient_shows_only_the_withdrawal(client, cast):
    cast.sign_in(client, Role.PATIENT)
    client.post(f"/settings/clinics/{cast['link'].pk}/withdraw/")
    cast.sign_in(client, Role.CARER)
    page = client.get(url(cast)).content.decode()
    assert "Consent withdrawn on" in page and "How the last weeks went" not in page
    for marker in cast.markers[Role.PATIENT]:
        assert marker not in page
    assert client.post(f"/clinic/patients/{cast['link'].pk}/seen/").status_code == 404


def test_another_persons_notes_never_show(client, cast):
    note(cast["other"], "Someone else's secret", timezone.now() - timedelta(days=1))
    cast.sign_in(client, Role.CARER)
    page = client.get(url(cast)).content.decode()
    assert "Someone else" not in page
    for marker in cast.markers_of_others(Role.PATIENT):
        assert marker not in page


def test_a_colleague_the_patient_is_not_assigned_to_finds_no_such_patient(client, cast):
    cast.sign_in(client, Role.COLLEAGUE)
    assert client.get(url(cast)).status_code == 404
    assert client.post(f"/clinic/patients/{cast['link'].pk}/seen/").status_code == 404
    assert CareLink.objects.get(pk=cast["link"].pk).seen_at is None


def test_the_patient_sees_the_same_on_their_summary(client, cast):
    note(cast["patient"], "My own words", timezone.now() - timedelta(days=1))
    cast.sign_in(client, Role.PATIENT)
    page = client.get("/progress/summary/").content.decode()
    assert "How the last weeks went" in page and "My own words" in page


def test_the_page_takes_the_same_queries_with_many_warning_signs_as_with_none(client, cast, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    patient = as_themselves(cast["patient"])
    patient.safety_checks().delete()
    cast.sign_in(client, Role.CARER)
    client.get(url(cast))
    with CaptureQueriesContext(connection) as none:
        client.get(url(cast))
    now = timezone.now()
    for days in range(1, 5):
        check = safety.record(patient, {"thunderclap-headache": True}, now - timedelta(days=days))
        if days % 2:
            safety.record_clearance(check, "seen by my GP", now)
    with django_assert_num_queries(len(none)):
        page = client.get(url(cast)).content.decode()
    assert page.count("Warning sign:") == 4


def pdf_text(pdf: bytes, tmp_path) -> tuple[int, str]:
    import subprocess

    (tmp_path / "before.pdf").write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(tmp_path / "before.pdf")], capture_output=True, text=True, check=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", str(tmp_path / "before.pdf"), "-"], capture_output=True, text=True).stdout
    return pages, text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_two_year_demo_patient_prints_on_one_page(client, cast, tmp_path, paper):
    from care.demo import make_demo

    now = timezone.now()
    demo, _password = make_demo(now)
    link = CareLink.objects.create(
        clinic=cast["link"].clinic,
        patient=demo,
        label="Demo Person",
        practitioner=cast.person(Role.CARER),
        consented_at=now - timedelta(days=700),
    )
    for n in range(8):
        note(demo, f"Note number {n}", now - timedelta(days=n + 1))
    cast.sign_in(client, Role.CARER)
    response = client.get(f"/clinic/patients/{link.pk}/before.pdf?paper={paper}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Demo" not in response["Content-Disposition"]  # no name in the file's name
    pages, text = pdf_text(response.content, tmp_path)
    assert pages == 1
    assert "Before the appointment: Demo Person" in text and "How the last weeks went" in text
    assert "Note number 0" in text and "and 3 more" in text


def test_printing_is_audited_as_a_print(client, cast):
    cast.sign_in(client, Role.CARER)
    printed = AuditEvent.objects.filter(action="print").count()
    assert client.get(f"/clinic/patients/{cast['link'].pk}/before.pdf").status_code == 200
    assert AuditEvent.objects.filter(action="print").count() == printed + 1


def test_a_withdrawn_patient_has_nothing_to_print(client, cast):
    CareLink.objects.filter(pk=cast["link"].pk).update(withdrawn_at=timezone.now())
    cast.sign_in(client, Role.CARER)
    assert client.get(f"/clinic/patients/{cast['link'].pk}/before.pdf").status_code == 404


def test_the_page_offers_the_one_page_pdf(client, cast):
    cast.sign_in(client, Role.CARER)
    page = client.get(url(cast)).content.decode()
    assert f'href="/clinic/patients/{cast["link"].pk}/before.pdf"' in page


def test_sessions_planned_are_counted_by_the_interval_asked_and_say_so(client, cast):
    Routine.objects.create(owner=cast["patient"], name="Weekly", clinic=cast["clinic"], interval_days=7)
    cast.sign_in(client, Role.CARER)
    page = client.get(url(cast) + "?period=4w").content.decode()
    assert "of about 4 planned (one every 7 days, as asked)" in page
    assert "one every 2 to 3 days" not in page


def test_without_an_interval_the_handouts_two_to_three_days_are_planned(client, cast):
    Routine.objects.filter(owner=cast["patient"], clinic__isnull=False).delete()
    cast.sign_in(client, Role.CARER)
    page = client.get(url(cast) + "?period=4w").content.decode()
    assert "planned (one every 2 to 3 days)" in page
