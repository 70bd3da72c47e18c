"""The pain diary: a quick entry, changing and deleting one's own; bad input changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from care import submissions
from care.door import as_themselves
from care.models import PainReading


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient)
    return client


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def entry(**changes):
    data = {
        "form_key": submissions.new_key(),
        "score": "6",
        "when": local(timezone.now() - timedelta(hours=1)),
        "region": ["top-of-shoulder:left", "back-of-neck:left"],
        "worse": ["screen", "driving"],
        "note": "Worse after a long day at the desk.",
    }
    data.update(changes)
    return data


def test_an_entry_is_kept_with_where_and_what_makes_it_worse(signed_in, patient):
    response = signed_in.post("/diary/new/", entry())
    assert response.status_code == 302 and response.url == "/diary/"
    reading = PainReading.objects.get(owner=patient)
    assert (reading.kind, reading.score, reading.session) == ("diary", 6, None)
    assert reading.marks == ["top-of-shoulder:left", "back-of-neck:left"]
    assert reading.worse == ["screen", "driving"]
    page = signed_in.get("/diary/").content.decode()
    assert "pain 6 of 10" in page and "Sitting at a screen, Driving" in page


def test_a_doubled_save_keeps_one_entry(signed_in, patient):
    data = entry()
    signed_in.post("/diary/new/", data)
    signed_in.post("/diary/new/", data)
    assert PainReading.objects.filter(owner=patient).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"score": "11"}, "score", "Choose how much it hurts, from 0 to 10."),
        ({"score": ""}, "score", "Choose how much it hurts, from 0 to 10."),
        ({"when": "2020-01-01T10:00"}, "when", "Choose a time in the last 30 days, and not in the future."),
        ({"when": "tomorrow"}, "when", "Enter a date and time."),
        ({"region": ["knee:left"]}, "region", "We don&#x27;t know the place “knee:left”"),
        ({"worse": ["weather"]}, "worse", "“weather” is not one of the choices"),
        ({"note": "x" * 501}, "note", "at most 500 characters"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_changes_nothing(signed_in, patient, changes, field, message):
    response = signed_in.post("/diary/new/", entry(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert PainReading.objects.count() == 0


def test_a_future_time_is_refused(signed_in):
    response = signed_in.post("/diary/new/", entry(when=local(timezone.now() + timedelta(hours=2))))
    assert response.status_code == 400 and PainReading.objects.count() == 0


def test_an_entry_can_be_changed_and_deleted_by_its_owner(signed_in, patient):
    signed_in.post("/diary/new/", entry())
    reading = PainReading.objects.get(owner=patient)
    page = signed_in.get(f"/diary/{reading.pk}/").content.decode()
    assert 'value="top-of-shoulder:left" checked' in page and "Worse after a long day" in page
    signed_in.post(f"/diary/{reading.pk}/", entry(score="3", region=[], worse=[]))
    reading.refresh_from_db()
    assert (reading.score, reading.marks, reading.worse) == (3, [], [])
    assert PainReading.objects.count() == 1  # changed, not added
    signed_in.post(f"/diary/{reading.pk}/delete/")
    assert PainReading.objects.count() == 0


def test_someone_elses_entry_cannot_be_changed_or_deleted(client, patient, other_patient):
    client.force_login(patient)
    client.post("/diary/new/", entry())
    reading = PainReading.objects.get(owner=patient)
    client.force_login(other_patient)
    assert client.post(f"/diary/{reading.pk}/", entry(score="0")).status_code == 404
    assert client.post(f"/diary/{reading.pk}/delete/").status_code == 404
    reading.refresh_from_db()
    assert reading.score == 6


def test_a_sessions_readings_are_not_diary_entries(signed_in, patient):
    import uuid

    from care import recording, routines

    session, _ = recording.start(as_themselves(patient), uuid.uuid4(), routines.handout_plan()[:1], 5, timezone.now())
    before = PainReading.objects.get(session=session)
    assert signed_in.get(f"/diary/{before.pk}/").status_code == 404
    assert signed_in.post(f"/diary/{before.pk}/delete/").status_code == 404
    assert "pain 5 of 10" not in signed_in.get("/diary/").content.decode()


def test_times_are_shown_and_read_in_the_persons_time_zone(signed_in, patient):
    from care.door import as_themselves

    profile = as_themselves(patient).profile()
    profile.time_zone = "Asia/Tokyo"
    profile.save()
    when = timezone.now().astimezone(profile.zone).replace(second=0, microsecond=0) - timedelta(hours=1)
    signed_in.post("/diary/new/", entry(when=when.strftime("%Y-%m-%dT%H:%M")))
    assert PainReading.objects.get(owner=patient).recorded_at == when
