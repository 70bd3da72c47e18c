"""Session 44's attacks on the new clinic features: the dashboard, "before the appointment" and "seen today",
the clinic's default video links, the handout PDFs and the patient's routine editor.

Each finding was first a test that failed while the hole was open (now fixed and passing); every other test is an
attack that is refused today, with its exact status and content."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from access.models import AuditEvent, CareLink, ClinicVideo, Membership
from care import assigned, handout, recording
from care.assigned import AssignedStep
from care.door import as_themselves
from care.models import Routine
from care.routines import StepPlan
from clinic import overlay, patient_invitations
from tests.cast import Role
from tests.factories import CareLinkFactory, ClinicFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TRAP = "muscle:trapezius"


# helpers


def link_of(cast, role: Role) -> CareLink:
    """The entry the role's clinic keeps of its patient (A's for carer/owner, B's for stranger, the withdrawn
    one for former)."""
    if role is Role.STRANGER:
        return CareLink.objects.get(patient=cast["other"])
    if role is Role.FORMER:
        return CareLink.objects.get(practitioner=cast["former"])
    return cast["link"]


def give(cast, clinic_id=None, days=3, steps=None, by=None) -> Routine:
    return assigned.assign(
        as_themselves(cast["patient"]),
        clinic_id=clinic_id or cast["clinic"].pk,
        clinic_name="Some clinic",
        by_id=(by or cast["carer"]).pk,
        steps=steps or [AssignedStep("trapezius", "right", 60)],
        interval_days=days,
        now=timezone.now(),
    )


def dashboard_rows(client, query: str = "") -> list[dict]:
    response = client.get(f"/clinic/patients/{query}")
    assert response.status_code == 200
    return response.context["rows"]


def joined_patient(cast, label: str, practitioner=None, **extra) -> CareLink:
    return CareLinkFactory(clinic=cast["clinic"], practitioner=practitioner or cast["carer"], label=label, **extra)


def session_at(person, when) -> None:
    patient = as_themselves(person)
    session, _ = recording.start(patient, uuid.uuid4(), [StepPlan("trapezius", "left", 60)], 5, when, None)
    recording.finish(patient, session, 3, 60, when + timedelta(minutes=5))


def dashboard_audit() -> list[int]:
    """The patients the dashboard's audit rows name (a page with no one shared leaves one row naming no one)."""
    rows = AuditEvent.objects.filter(what="patients", patient_id__isnull=False)
    return sorted(rows.values_list("patient_id", flat=True))


# 1. The dashboard


def test_finding_1_a_deactivated_patients_figures_are_not_on_the_dashboard(client, cast):
    get_user_model().objects.filter(pk=cast["patient"].pk).update(is_active=False)
    cast.sign_in(client, Role.CARER)
    row = next(r for r in dashboard_rows(client) if r["entry"].pk == cast["link"].pk)
    assert row["figures"] is None
    assert dashboard_audit() == []


def test_the_door_itself_refuses_a_deactivated_patient(client, cast):
    """What the dashboard should agree with: every page through the door answers 404."""
    get_user_model().objects.filter(pk=cast["patient"].pk).update(is_active=False)
    cast.sign_in(client, Role.CARER)
    link = cast["link"].pk
    assert client.get(f"/clinic/patients/{link}/").status_code == 404
    assert client.get(f"/clinic/patients/{link}/before/").status_code == 404
    assert client.get(f"/clinic/patients/{link}/handout.pdf").status_code == 404


@pytest.mark.parametrize("role", [Role.COLLEAGUE, Role.STRANGER, Role.FORMER])
def test_no_other_member_sees_as_entry_on_their_dashboard_nor_by_search(client, cast, role):
    CareLink.objects.filter(pk=cast["link"].pk).update(label="Alice Zebrafinch")
    cast.sign_in(client, role)
    for query in ("", "?q=Zebrafinch", "?q=alice", "?q=%25", "?q=_", "?page=2", "?page=-1", "?page=abc"):
        rows = dashboard_rows(client, query)
        assert all(r["entry"].pk != cast["link"].pk for r in rows)
        assert all(r["entry"].clinic_id == Membership.objects.get(person=cast[role.value]).clinic_id for r in rows)
    assert cast["patient"].pk not in dashboard_audit()


def test_the_former_clinics_withdrawn_entry_shows_no_figures_and_leaves_no_row(client, cast):
    cast.sign_in(client, Role.FORMER)
    rows = dashboard_rows(client)
    assert [(r["entry"].pk, r["figures"], r["state"]) for r in rows] == [
        (link_of(cast, Role.FORMER).pk, None, "withdrawn")
    ]
    page = client.get("/clinic/patients/").content.decode()
    for marker in cast.markers[Role.PATIENT]:
        assert marker not in page
    assert dashboard_audit() == []


def test_withdrawn_deleted_and_invited_entries_have_no_figures_and_no_audit_row(client, cast):
    gone = joined_patient(cast, "Withdrawn Wes", withdrawn_at=timezone.now())
    deleted = joined_patient(cast, "Deleted Dee")
    patient_invitations.accounts_deleted(deleted.patient, timezone.now())
    deleted.patient.delete()
    invited = joined_patient(cast, "Invited Ivy", patient=None, consented_at=None)
    session_at(gone.patient, timezone.now() - timedelta(days=1))
    cast.sign_in(client, Role.CARER)
    rows = {r["entry"].pk: r for r in dashboard_rows(client)}
    assert rows[gone.pk]["figures"] is None and rows[gone.pk]["state"] == "withdrawn"
    assert rows[deleted.pk]["figures"] is None and rows[deleted.pk]["state"] == "deleted"
    assert rows[invited.pk]["figures"] is None and rows[invited.pk]["state"] == "invited"
    assert rows[cast["link"].pk]["figures"] is not None
    assert dashboard_audit() == [cast["patient"].pk]


def test_each_page_audits_exactly_the_patients_it_shows(client, cast):
    made = [joined_patient(cast, f"Paged {n:02}") for n in range(30)]
    cast.sign_in(client, Role.CARER)
    first = dashboard_rows(client)
    assert len(first) == 25
    assert dashboard_audit() == sorted(r["entry"].patient_id for r in first)
    before = AuditEvent.objects.filter(what="patients").count()
    second = dashboard_rows(client, "?page=2")
    assert len(second) == 6  # 31 entries
    added = list(
        AuditEvent.objects.filter(what="patients").order_by("pk")[before:].values_list("patient_id", flat=True)
    )
    assert sorted(added) == sorted(r["entry"].patient_id for r in second)
    assert {r["entry"].pk for r in first} | {r["entry"].pk for r in second} == {m.pk for m in made} | {cast["link"].pk}


def test_a_search_audits_only_the_patients_it_found(client, cast):
    joined_patient(cast, "Findable Fern")
    cast.sign_in(client, Role.CARER)
    rows = dashboard_rows(client, "?q=Fern")
    assert [r["entry"].label for r in rows] == ["Findable Fern"]
    assert dashboard_audit() == [rows[0]["entry"].patient_id]


def test_a_search_with_nothing_found_audits_no_patient(client, cast):
    cast.sign_in(client, Role.CARER)
    assert dashboard_rows(client, "?q=" + "x" * 5000) == []
    assert list(AuditEvent.objects.filter(what="patients").values_list("patient_id", flat=True)) == [None]


def test_the_owner_sees_every_entry_of_the_clinic_only(client, cast):
    cast.sign_in(client, Role.OWNER)
    rows = dashboard_rows(client)
    assert {r["entry"].pk for r in rows} == {cast["link"].pk}


def test_a_patient_or_anonymous_visitor_never_reaches_the_dashboard(client, cast):
    cast.sign_in(client, Role.PATIENT)
    response = client.get("/clinic/patients/")
    assert response.status_code == 302 and response.url == "/clinic/"
    cast.sign_in(client, Role.ANONYMOUS)
    response = client.get("/clinic/patients/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_clinician_without_the_second_factor_sees_no_dashboard(client, cast):
    cast.sign_in(client, Role.CARER, second_factor=False)
    response = client.get("/clinic/patients/")
    assert response.status_code in (302, 403)
    assert dashboard_audit() == []


@pytest.mark.parametrize("value", ["101", "-1", "abc", "", "1e3", "50.5", "99999999999"])
def test_a_bad_threshold_is_refused_and_nothing_changes(client, cast, value):
    cast.sign_in(client, Role.CARER)
    response = client.post("/clinic/patients/attention/", {"attention_below": value}, follow=True)
    assert response.status_code == 200
    assert "Give a share between 0 and 100." in response.content.decode()
    assert Membership.objects.get(person=cast["carer"]).attention_below == 50


def test_the_threshold_changes_only_the_members_own_share_and_nothing_else(client, cast):
    owner = Membership.objects.get(person=cast["owner"])
    mine = Membership.objects.get(person=cast["carer"])
    cast.sign_in(client, Role.CARER)
    response = client.post(
        "/clinic/patients/attention/",
        {
            "attention_below": "0",
            "role": "owner",
            "pk": owner.pk,
            "id": owner.pk,
            "person": cast["owner"].pk,
            "clinic": 999,
            "display_name": "Hacked",
        },
    )
    assert response.status_code == 302 and response.url == "/clinic/patients/"
    mine.refresh_from_db()
    owner.refresh_from_db()
    assert (mine.attention_below, mine.role, mine.display_name) == (0, "practitioner", "")
    assert (owner.attention_below, owner.role) == (50, "owner")


def test_the_threshold_refuses_get_and_a_post_without_csrf(cast):
    client = Client(enforce_csrf_checks=True)
    cast.sign_in(client, Role.CARER)
    assert client.get("/clinic/patients/attention/").status_code == 405
    assert client.post("/clinic/patients/attention/", {"attention_below": "0"}).status_code == 403
    assert Membership.objects.get(person=cast["carer"]).attention_below == 50


# 2. Before the appointment, seen today


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.COLLEAGUE, 404), (Role.STRANGER, 404), (Role.FORMER, 404), (Role.OTHER, 302), (Role.PATIENT, 302)],
)
def test_only_the_patients_practitioner_and_owner_read_before_the_appointment(client, cast, role, status):
    cast.sign_in(client, role)
    link = cast["link"].pk
    response = client.get(f"/clinic/patients/{link}/before/")
    assert response.status_code == status
    if status == 302:
        assert response.url == "/clinic/"
    assert client.post(f"/clinic/patients/{link}/seen/").status_code == status
    assert CareLink.objects.get(pk=link).seen_at is None
    assert not AuditEvent.objects.filter(patient_id=cast["patient"].pk, what="before").exists()


def test_anonymous_is_sent_to_sign_in(client, cast):
    link = cast["link"].pk
    for response in (client.get(f"/clinic/patients/{link}/before/"), client.post(f"/clinic/patients/{link}/seen/")):
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", [Role.CARER, Role.OWNER])
def test_the_practitioner_and_owner_read_it_audited(client, cast, role):
    cast.sign_in(client, role)
    response = client.get(f"/clinic/patients/{cast['link'].pk}/before/")
    assert response.status_code == 200 and "How the last weeks went" in response.content.decode()
    assert list(
        AuditEvent.objects.filter(patient_id=cast["patient"].pk, what="before").values_list("actor_id", "action")
    ) == [(cast[role.value].pk, "view")]


def test_a_carer_reaches_no_other_clinics_entry_by_id(client, cast):
    cast.sign_in(client, Role.CARER)
    for role in (Role.STRANGER, Role.FORMER):
        link = link_of(cast, role).pk
        assert client.get(f"/clinic/patients/{link}/before/").status_code == 404
        assert client.post(f"/clinic/patients/{link}/seen/").status_code == 404
        assert client.get(f"/clinic/patients/{link}/handout.pdf").status_code == 404
        assert CareLink.objects.get(pk=link).seen_at is None
    for bad in ("0", "99999999", "-1", "1x"):
        assert client.get(f"/clinic/patients/{bad}/before/").status_code == 404


def test_the_former_practitioner_cannot_mark_the_withdrawn_patient_seen(client, cast):
    cast.sign_in(client, Role.FORMER)
    link = link_of(cast, Role.FORMER).pk
    page = client.get(f"/clinic/patients/{link}/before/")
    assert page.status_code == 200 and "Consent withdrawn on" in page.content.decode()
    assert "How the last weeks went" not in page.content.decode()
    assert client.post(f"/clinic/patients/{link}/seen/").status_code == 404
    assert CareLink.objects.get(pk=link).seen_at is None


def test_seen_today_needs_post_and_csrf(cast):
    client = Client(enforce_csrf_checks=True)
    cast.sign_in(client, Role.CARER)
    link = cast["link"].pk
    assert client.get(f"/clinic/patients/{link}/seen/").status_code == 405
    assert client.post(f"/clinic/patients/{link}/seen/").status_code == 403
    assert CareLink.objects.get(pk=link).seen_at is None


def test_the_patients_summary_says_nothing_of_the_clinic_but_the_date(client, cast):
    CareLink.objects.filter(pk=cast["link"].pk).update(seen_at=timezone.now() - timedelta(days=3), label="Zed Label")
    Membership.objects.filter(person=cast["carer"]).update(display_name="Dr Secretname")
    cast.sign_in(client, Role.PATIENT)
    page = client.get("/progress/summary/").content.decode()
    assert "Since the last appointment" in page
    for secret in ("Zed Label", "Dr Secretname", cast["carer"].email, cast["owner"].email):
        assert secret not in page


def test_a_withdrawn_clinics_seen_date_is_not_used_on_the_patients_summary(client, cast):
    CareLink.objects.filter(pk=link_of(cast, Role.FORMER).pk).update(seen_at=timezone.now() - timedelta(days=2))
    cast.sign_in(client, Role.PATIENT)
    page = client.get("/progress/summary/").content.decode()
    assert "In the last 6 weeks" in page and "Since the last appointment" not in page


def test_finding_4_before_the_appointment_uses_this_clinics_interval_not_anothers(client, cast):
    give(cast, days=3)  # A's clinic asks every 3 days
    elsewhere = ClinicFactory(name="Clinic Elsewhere")
    stranger_there = MembershipFactory(clinic=elsewhere).person
    CareLinkFactory(clinic=elsewhere, patient=cast["patient"], practitioner=stranger_there)
    give(cast, clinic_id=elsewhere.pk, days=7, by=stranger_there)  # later, another clinic asks every 7 days
    cast.sign_in(client, Role.CARER)
    page = client.get(f"/clinic/patients/{cast['link'].pk}/before/").content.decode()
    assert "one session every 7 days" not in page, "the other clinic's interval"
    assert "one session every 3 days" in page


def test_a_diary_note_with_markup_is_words_on_the_practitioners_page(client, cast):
    from care import diary

    evil = '<script>alert("x")</script><img src="https://evil.example/t.png">'
    diary.save_entry(as_themselves(cast["patient"]), 4, timezone.now() - timedelta(days=1), [], [], evil)
    cast.sign_in(client, Role.CARER)
    page = client.get(f"/clinic/patients/{cast['link'].pk}/before/").content.decode()
    assert '<script>alert("x")' not in page and '<img src="https://evil' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_finding_6_every_dashboard_audit_row_names_the_clinic(client, cast):
    cast.sign_in(client, Role.FORMER)  # one entry, withdrawn: nothing shared on the page
    assert dashboard_rows(client)
    rows = list(AuditEvent.objects.filter(what="patients").values_list("clinic_id", flat=True))
    assert rows == [link_of(cast, Role.FORMER).clinic_id]  # today: [None], in no clinic's trail


# 3. The clinic's default video links


def links_form(**links: str) -> dict[str, str]:
    return {key: "" for key in overlay.link_keys()} | links


@pytest.mark.parametrize("role", [Role.CARER, Role.COLLEAGUE])
def test_only_the_owner_changes_the_video_links(client, cast, role):
    cast.sign_in(client, role)
    assert client.get("/clinic/videos/").status_code == 200
    response = client.post("/clinic/videos/", links_form(**{TRAP: "https://evil.example/x"}))
    assert response.status_code == 403
    assert not ClinicVideo.objects.exists()


@pytest.mark.parametrize("role", [Role.PATIENT, Role.OTHER])
def test_a_patient_cannot_set_any_clinics_links(client, cast, role):
    cast.sign_in(client, role)
    response = client.post("/clinic/videos/", links_form(**{TRAP: "https://evil.example/x"}))
    assert response.status_code == 302 and response.url == "/clinic/"
    assert not ClinicVideo.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)//https://x.example",
        "data:text/html,<script>alert(1)</script>",
        "http://videos.example/trap",
        "https://user:pass@videos.example/",
        "https://user@videos.example/",
        "https://videos.example\\@evil.example/",
        "https:///nohost",
        "https://videos.example/" + "a" * 500,
        "ftp://videos.example/x",
        "vbscript:msgbox(1)",
    ],
)
def test_a_bad_video_link_is_refused_and_nothing_changes(client, cast, url):
    cast.sign_in(client, Role.OWNER)
    response = client.post("/clinic/videos/", links_form(**{TRAP: url}))
    assert response.status_code == 400
    assert not ClinicVideo.objects.exists()


def test_a_link_without_a_scheme_is_saved_as_https(client, cast):
    cast.sign_in(client, Role.OWNER)
    assert client.post("/clinic/videos/", links_form(**{TRAP: "//videos.example/x"})).status_code == 302
    assert dict(ClinicVideo.objects.values_list("key", "url")) == {TRAP: "https://videos.example/x"}


def test_an_unknown_key_is_never_saved(client, cast):
    cast.sign_in(client, Role.OWNER)
    response = client.post("/clinic/videos/", links_form(**{"muscle:../../x": "https://e.example/", "clinic": "1"}))
    assert response.status_code == 302
    assert not ClinicVideo.objects.exists()


def test_markup_in_a_link_is_escaped_on_the_patients_routine_and_in_the_player_data(client, cast):
    routine = give(cast)
    evil = 'https://videos.example/"><script>alert(1)</script>'
    overlay.save(cast["clinic"].pk, {TRAP: evil})
    cache.clear()  # on_commit does not run in this test's transaction
    cast.sign_in(client, Role.PATIENT)
    page = client.get(f"/routines/{routine.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "https://videos.example/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    player = client.get(f"/session/start/{routine.pk}/")
    assert player.status_code == 200
    body = player.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E" in body


def test_markup_in_a_link_is_escaped_in_the_handout(cast):
    routine = give(cast)
    evil = 'https://videos.example/"><img src="https://evil.example/t.png">'
    overlay.save(cast["clinic"].pk, {TRAP: evil})
    cache.clear()
    made = handout.for_patient(as_themselves(cast["patient"]), routine, cast["clinic"], "", "pat")
    html = handout.html(made)
    assert '<img src="https://evil.example' not in html
    assert "https://videos.example/&quot;&gt;&lt;img" in html


def test_one_clinics_links_never_show_to_another_clinics_patient(client, cast):
    overlay.save(cast["clinic"].pk, {TRAP: "https://a-clinic.example/trap"})
    other_clinic = CareLink.objects.get(patient=cast["other"]).clinic
    theirs = assigned.assign(
        as_themselves(cast["other"]),
        clinic_id=other_clinic.pk,
        clinic_name=other_clinic.name,
        by_id=cast["stranger"].pk,
        steps=[AssignedStep("trapezius", "right", 60)],
        interval_days=3,
        now=timezone.now(),
    )
    cache.clear()
    cast.sign_in(client, Role.OTHER)
    assert "a-clinic.example" not in client.get(f"/routines/{theirs.pk}/").content.decode()
    assert "a-clinic.example" not in client.get(f"/session/start/{theirs.pk}/").content.decode()
    # the other patient's own (not assigned) routine neither
    own = Routine.objects.filter(owner=cast["other"], clinic__isnull=True).first()
    assert "a-clinic.example" not in client.get(f"/session/start/{own.pk}/").content.decode()


def test_a_clinics_links_never_show_on_a_public_page(client, cast):
    give(cast)
    overlay.save(cast["clinic"].pk, {TRAP: "https://a-clinic.example/trap"})
    cache.clear()
    for path in ("/", "/guide/", "/atlas/trapezius/", "/session/quick/"):
        response = client.get(path, follow=True)
        assert "a-clinic.example" not in response.content.decode(), path


def test_the_overlay_cache_is_keyed_by_clinic(cast):
    one, two = cast["clinic"].pk, CareLink.objects.get(patient=cast["other"]).clinic_id
    overlay.save(one, {TRAP: "https://one.example/"})
    cache.clear()
    assert overlay.links(one) == {TRAP: "https://one.example/"}
    assert overlay.links(two) == {}  # the same revision number, another clinic: not the first's links


def test_finding_2_a_withdrawn_clinic_no_longer_puts_links_on_the_patients_pages(client, cast):
    routine = give(cast)
    patient_invitations.withdraw(cast["patient"], cast["link"].pk, timezone.now())
    overlay.save(cast["clinic"].pk, {TRAP: "https://after-withdrawal.example/x"})  # the owner, after withdrawal
    cache.clear()
    cast.sign_in(client, Role.PATIENT)
    page = client.get(f"/routines/{routine.pk}/").content.decode()
    player = client.get(f"/session/start/{routine.pk}/").content.decode()
    assert "after-withdrawal.example" not in page
    assert "after-withdrawal.example" not in player


def test_finding_3_the_patient_can_delete_a_withdrawn_clinics_routine(client, cast):
    routine = give(cast)
    cast.sign_in(client, Role.PATIENT)
    assert client.post(f"/settings/clinics/{cast['link'].pk}/withdraw/").status_code == 302
    assert CareLink.objects.get(pk=cast["link"].pk).withdrawn_at is not None
    client.post(f"/routines/{routine.pk}/delete/")
    assert not Routine.objects.filter(pk=routine.pk).exists()


# 4. The handout PDFs


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.COLLEAGUE, 404), (Role.STRANGER, 404), (Role.FORMER, 404), (Role.PATIENT, 302), (Role.OTHER, 302)],
)
def test_only_the_practitioner_and_owner_print_the_patients_handout(client, cast, role, status):
    cast.sign_in(client, role)
    response = client.get(f"/clinic/patients/{cast['link'].pk}/handout.pdf")
    assert response.status_code == status
    assert not AuditEvent.objects.filter(action="print").exists()


def test_a_patient_gets_no_generic_handout_from_the_clinic_side(client, cast):
    cast.sign_in(client, Role.PATIENT)
    response = client.get("/clinic/handout.pdf")
    assert response.status_code == 302 and response.url == "/clinic/"
    cast.sign_in(client, Role.ANONYMOUS)
    response = client.get("/clinic/handout.pdf")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_withdrawn_entry_has_no_handout_for_its_own_practitioner(client, cast):
    cast.sign_in(client, Role.FORMER)
    assert client.get(f"/clinic/patients/{link_of(cast, Role.FORMER).pk}/handout.pdf").status_code == 404
    assert not AuditEvent.objects.filter(action="print").exists()


def test_the_handout_is_refused_to_post(client, cast):
    cast.sign_in(client, Role.CARER)
    assert client.post(f"/clinic/patients/{cast['link'].pk}/handout.pdf").status_code == 405
    assert client.post("/clinic/handout.pdf").status_code == 405


def test_a_printed_handout_is_audited_once_and_a_bad_paper_is_the_clinics(client, cast):
    give(cast)
    cast.sign_in(client, Role.CARER)
    query = '?paper=a4"; filename="../../evil.html'
    response = client.get(f"/clinic/patients/{cast['link'].pk}/handout.pdf{query}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="unknot-handout-{cast["link"].pk}-a4.pdf"'
    assert list(AuditEvent.objects.filter(action="print").values_list("actor_id", "patient_id", "clinic_id")) == [
        (cast["carer"].pk, cast["patient"].pk, cast["clinic"].pk)
    ]


def test_names_and_notes_in_the_handout_are_words_never_markup_or_fetches(cast):
    note = '<img src="file:///etc/passwd"><link rel="stylesheet" href="https://evil.example/x.css">'
    routine = give(cast, steps=[AssignedStep("trapezius", "right", 60, note, "https://v.example/x")])
    clinic = cast["clinic"]
    clinic.name = '<img src="https://evil.example/c.png">'
    made = handout.for_patient(
        as_themselves(cast["patient"]),
        routine,
        clinic,
        '<style>@import "https://evil.example/p.css";</style>',
        '<img src="http://127.0.0.1:8000/clinic/patients/1/">',
    )
    html = handout.html(made)
    for raw in (
        '<img src="file',
        '<link rel="stylesheet" href="https://evil',
        '<img src="https://evil',
        "<style>@import",
        '<img src="http://127.0.0.1',
    ):
        assert raw not in html
    rendered = handout.render(made)
    assert rendered.refused == []


# 5. The patient's routine editor


def editor_post(*steps, **more):
    data = {"name": "Mine", "form-TOTAL_FORMS": str(len(steps)), "form-INITIAL_FORMS": "0"}
    for index, (muscle, side, seconds, order) in enumerate(steps):
        data |= {
            f"form-{index}-muscle": muscle,
            f"form-{index}-side": side,
            f"form-{index}-seconds": str(seconds),
            f"form-{index}-ORDER": str(order),
        }
    return data | more


@pytest.fixture
def pat(client, cast):
    return cast.sign_in(client, Role.PATIENT)


def own_routines(cast) -> int:
    return Routine.objects.filter(owner=cast["patient"]).count()


@pytest.mark.parametrize("total", ["1041", "41", "-1", "", "x", "1e3"])
def test_a_tampered_rows_count_is_refused_and_nothing_saved(pat, cast, total):
    before = own_routines(cast)
    data = editor_post(("trapezius", "right", 60, 1)) | {"form-TOTAL_FORMS": total}
    response = pat.post("/routines/new/", data)
    assert response.status_code == 400
    assert own_routines(cast) == before


def test_a_missing_management_form_is_refused(pat, cast):
    before = own_routines(cast)
    response = pat.post("/routines/new/", {"name": "Mine", "form-0-muscle": "trapezius"})
    assert response.status_code == 400 and "This form was not complete" in response.content.decode()
    assert own_routines(cast) == before


@pytest.mark.parametrize(
    "step",
    [
        ("not-a-muscle", "right", 60, 1),
        ("../../etc/passwd", "right", 60, 1),
        ("trapezius", "middle", 60, 1),
        ("trapezius", "right", 600, 1),
        ("trapezius", "right", 5, 1),
        ("trapezius", "right", -60, 1),
        ("trapezius", "right", 60, "1; DROP TABLE"),
        ("trapezius", "right", 60, "9" * 5000),
    ],
)
def test_a_tampered_row_is_refused_and_nothing_saved(pat, cast, step):
    before = own_routines(cast)
    response = pat.post("/routines/new/", editor_post(step))
    assert response.status_code == 400
    assert own_routines(cast) == before


def test_every_row_taken_out_is_an_empty_routine_refused(pat, cast):
    before = own_routines(cast)
    data = editor_post(("trapezius", "right", 60, 1), ("levator-scapulae", "left", 60, 2))
    data |= {"form-0-DELETE": "on", "form-1-DELETE": "on"}
    response = pat.post("/routines/new/", data)
    assert response.status_code == 400
    assert own_routines(cast) == before


def test_negative_and_huge_order_numbers_only_order(pat, cast):
    data = editor_post(("trapezius", "right", 60, 2**40), ("levator-scapulae", "left", 60, -5))
    response = pat.post("/routines/new/", data)
    assert response.status_code == 302
    saved = Routine.objects.filter(owner=cast["patient"], name="Mine").get()
    assert [s.muscle for s in saved.steps.order_by("position")] == ["levator-scapulae", "trapezius"]


@pytest.mark.parametrize("role", [Role.OTHER, Role.CARER, Role.OWNER])
def test_another_persons_routine_cannot_be_changed_copied_or_deleted_by_id(client, cast, role):
    routine = cast["routine"]
    cast.sign_in(client, role)
    data = editor_post(("trapezius", "right", 60, 1), name="Stolen")
    assert client.post(f"/routines/{routine.pk}/", data).status_code == 404
    assert client.post(f"/routines/{routine.pk}/copy/").status_code == 404
    assert client.post(f"/routines/{routine.pk}/delete/").status_code == 404
    assert client.get(f"/routines/{routine.pk}/").status_code == 404
    routine.refresh_from_db()
    assert routine.name != "Stolen" and Routine.objects.filter(pk=routine.pk).exists()


def test_the_patient_cannot_change_the_clinics_routine_through_the_editor(pat, cast):
    routine = give(cast)
    response = pat.post(f"/routines/{routine.pk}/", editor_post(("levator-scapulae", "left", 60, 1), name="Mine now"))
    assert response.status_code == 302 and response.url == f"/routines/{routine.pk}/"
    routine.refresh_from_db()
    assert routine.name == "From Some clinic" and [s.muscle for s in routine.steps.all()] == ["trapezius"]


@pytest.mark.parametrize("extra", [{"move": "0:down"}, {}], ids=["move", "save"])
def test_finding_5_a_huge_rows_count_is_not_rendered_back(pat, cast, extra):
    data = editor_post(("trapezius", "right", 60, 1)) | {"form-TOTAL_FORMS": "100000", **extra}
    response = pat.post("/routines/new/", data)
    assert response.status_code == 400
    assert len(response.context["formset"].forms) <= 41  # today: 1040 rows, about 3 MB of HTML
