"""A practitioner gives a joined patient a routine (a formset: muscle, side, seconds, note, video link, order;
how often): the patient follows it with the notes in the player, cannot change it but can copy it, is told on
home and by a mail without health data (at most one an hour), sees what changed; the schedule follows the
interval; the practitioner sees how each version was followed; assigning is audited."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from access.models import AuditEvent
from care import schedule
from care.door import as_themselves
from care.models import Routine, RoutineVersion
from tests.cast import Role
from tests.conftest import run_queued_tasks
from tests.test_care_routines import form as routine_post

EDITOR = "/clinic/patients/{}/routine/"


def rows(response) -> list[dict]:
    """The editor's prefilled rows as a browser would post them back."""
    page = response.content.decode()
    total = int(re.search(r'name="form-TOTAL_FORMS" value="(\d+)"', page).group(1))
    data = {}
    for name, value in re.findall(r'name="(form-\d+-[\w]+)"[^>]*?value="([^"]*)"', page):
        data[name] = value
    for name, value in re.findall(
        r'<select name="(form-\d+-\w+)"[^>]*>.*?<option value="([^"]*)" selected', page, re.S
    ):
        data[name] = value
    return [{k.split("-", 2)[2]: v for k, v in data.items() if k.startswith(f"form-{n}-")} for n in range(total)]


def post(client, link_id, areas: list[dict], interval=3):
    data = {"form-TOTAL_FORMS": len(areas), "form-INITIAL_FORMS": 0, "interval_days": interval}
    for n, area in enumerate(areas):
        for key, value in area.items():
            data[f"form-{n}-{key}"] = value
    return client.post(EDITOR.format(link_id), data)


AREAS = [
    {"muscle": "trapezius", "side": "right", "seconds": 60, "ORDER": 2, "note": "Lean gently", "video_url": ""},
    {
        "muscle": "levator-scapulae",
        "side": "left",
        "seconds": 45,
        "ORDER": 1,
        "note": "",
        "video_url": "https://www.youtube.com/watch?v=abc",
    },
]


@pytest.fixture
def carer(client, cast):
    return cast.sign_in(client, Role.CARER)


def test_the_editor_starts_from_the_handouts_routine(carer, cast):
    response = carer.get(EDITOR.format(cast["link"].pk))
    assert response.status_code == 200
    filled = [row for row in rows(response) if row.get("muscle")]
    from care.routines import handout_plan

    assert [(r["muscle"], r["side"]) for r in filled] == [(s.muscle, s.side) for s in handout_plan()]


def test_a_practitioner_gives_a_routine_in_their_order_with_notes_and_links(carer, cast):
    response = post(carer, cast["link"].pk, AREAS)
    assert response.status_code == 302 and response.url == f"/clinic/patients/{cast['link'].pk}/"
    routine = Routine.objects.get(owner=cast["patient"], clinic=cast["clinic"])
    steps = [(s.muscle, s.side, s.seconds, s.note, s.video_url) for s in routine.steps.all()]
    assert steps == [
        ("levator-scapulae", "left", 45, "", "https://www.youtube.com/watch?v=abc"),
        ("trapezius", "right", 60, "Lean gently", ""),
    ]
    assert (routine.interval_days, routine.version, routine.assigned_by) == (3, 1, cast["carer"])
    assert AuditEvent.objects.filter(action="assign", actor_id=cast["carer"].pk, patient_id=cast["patient"].pk).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"video_url": "http://example.org/v"}, "A video link must start with https://"),
        ({"video_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"seconds": 600}, "Each area takes between 15 and 120 seconds"),
        ({"muscle": "not-a-muscle"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_answered_at_its_field_and_changes_nothing(carer, cast, change, message):
    response = post(carer, cast["link"].pk, [{**AREAS[0], **change}])
    assert response.status_code == 400 and message in response.content.decode()
    assert not Routine.objects.filter(owner=cast["patient"], clinic__isnull=False).exists()


def test_an_area_twice_is_refused_above_the_areas(carer, cast):
    response = post(carer, cast["link"].pk, [AREAS[0], {**AREAS[0], "ORDER": 3}])
    assert response.status_code == 400 and "appears twice" in response.content.decode()


def test_an_interval_outside_2_to_7_days_is_refused(carer, cast):
    response = post(carer, cast["link"].pk, AREAS, interval=1)
    assert response.status_code == 400
    assert not Routine.objects.filter(owner=cast["patient"], clinic__isnull=False).exists()


def test_the_colleague_and_other_clinics_cannot_give_a_routine(client, cast):
    for role in (Role.COLLEAGUE, Role.STRANGER, Role.FORMER, Role.OTHER):
        cast.sign_in(client, role)
        assert post(client, cast["link"].pk, AREAS).status_code in (302, 404)
    assert not Routine.objects.filter(owner=cast["patient"], clinic__isnull=False).exists()


def test_the_patient_sees_the_routine_with_the_notes_and_what_changed(carer, client, cast):
    post(carer, cast["link"].pk, AREAS)
    post(carer, cast["link"].pk, [{**AREAS[0], "seconds": 90}], interval=4)
    routine = Routine.objects.get(owner=cast["patient"], clinic=cast["clinic"])
    cast.sign_in(client, Role.PATIENT)
    home = client.get("/home/").content.decode()
    assert "Your practitioner updated your routine" in home
    page = client.get(f"/routines/{routine.pk}/").content.decode()
    assert "Taken out: Levator scapulae, left side." in page
    assert "Trapezius, right side: now 90 seconds." in page and "Now every 4 days." in page
    assert "Your practitioner says: Lean gently" in page
    assert "Your practitioner updated your routine" not in client.get("/home/").content.decode()  # seen now


def test_the_player_shows_the_practitioners_note_and_video_site(carer, client, cast):
    post(carer, cast["link"].pk, AREAS)
    routine = Routine.objects.get(owner=cast["patient"], clinic=cast["clinic"])
    cast.sign_in(client, Role.PATIENT)
    page = client.get(f"/session/start/{routine.pk}/").content.decode()
    assert '"note": "Lean gently"' in page and '"video_host": "youtube.com"' in page


def test_the_patient_cannot_change_or_delete_it_but_can_copy_it(carer, client, cast):
    post(carer, cast["link"].pk, AREAS)
    routine = Routine.objects.get(owner=cast["patient"], clinic=cast["clinic"])
    cast.sign_in(client, Role.PATIENT)
    client.post(f"/routines/{routine.pk}/", routine_post("Mine", ("trapezius", "left", 60)))
    client.post(f"/routines/{routine.pk}/delete/")
    assert [(s.muscle, s.side) for s in Routine.objects.get(pk=routine.pk).steps.all()] == [
        ("levator-scapulae", "left"),
        ("trapezius", "right"),
    ]
    response = client.post(f"/routines/{routine.pk}/copy/")
    copy = Routine.objects.get(owner=cast["patient"], name__startswith="My copy of")
    assert response.url == f"/routines/{copy.pk}/" and copy.clinic is None and copy.steps.count() == 2


def test_the_patient_is_told_by_a_mail_without_health_data_at_most_once_an_hour(carer, cast):
    post(carer, cast["link"].pk, AREAS)
    post(carer, cast["link"].pk, [AREAS[0]])
    run_queued_tasks()
    sent = [m for m in mail.outbox if m.to == [cast["patient"].email]]
    assert len(sent) == 1
    assert "Your routine at A's clinic was updated" in sent[0].subject
    assert "trapezius" not in sent[0].body.lower() and "Lean gently" not in sent[0].body
    # an hour on (the clinician's session would idle out: the last mail's time is moved back instead)
    Routine.objects.filter(owner=cast["patient"]).update(notified_at=timezone.now() - timedelta(minutes=61))
    post(carer, cast["link"].pk, AREAS)
    run_queued_tasks()
    assert len([m for m in mail.outbox if m.to == [cast["patient"].email]]) == 2


def test_each_change_is_a_version_and_sessions_remember_which_they_followed(carer, cast):
    from care import recording, routines

    post(carer, cast["link"].pk, AREAS)
    post(carer, cast["link"].pk, [AREAS[0]])
    routine = Routine.objects.get(owner=cast["patient"], clinic=cast["clinic"])
    assert list(RoutineVersion.objects.filter(routine=routine).values_list("version", flat=True)) == [2, 1]
    import uuid

    own = as_themselves(cast["patient"])
    session, _ = recording.start(own, uuid.uuid4(), routines.plan_of(routine), 4, timezone.now(), routine)
    assert session.routine_version == 2
    page = carer.get(f"/clinic/patients/{cast['link'].pk}/").content.decode()
    assert "How each version was followed" in page


def test_the_schedule_follows_the_practitioners_interval(carer, cast):
    own = as_themselves(cast["patient"])
    assert schedule.interval(schedule.interval_days(own)) == timedelta(hours=48)
    post(carer, cast["link"].pk, AREAS, interval=5)
    assert schedule.interval(schedule.interval_days(own)) == timedelta(days=5)
    last = timezone.now() - timedelta(days=3)
    zone = own.profile().zone
    due = schedule.due_of(last, zone, own.profile().reminder_time, timezone.now(), schedule.interval(5))
    assert due.state == "resting" and due.due_from - last >= timedelta(days=5)


def test_the_editor_can_start_from_where_it_hurts_and_shows_the_finders_warnings(carer, cast):
    url = EDITOR.format(cast["link"].pk)
    response = carer.get(url, {"from": "finder", "region": ["temple:left"]})
    filled = [row["muscle"] for row in rows(response) if row.get("muscle")]
    from atlas import finder

    assert filled and set(filled) <= {m for m, _s in finder.session_areas(finder.rank(["temple:left"]))}
    warned = carer.get(url, {"from": "finder", "region": ["chest:left", "chest:right"]}).content.decode()
    assert 'id="warning-heart-chest-both-sides"' in warned
    assert carer.get(url, {"from": "finder", "region": ["nowhere"]}).status_code == 200  # a hand-edited link
