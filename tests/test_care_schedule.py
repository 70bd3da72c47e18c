"""The 2-3 day schedule, the 48-hour rest of an area, the calendar feed and email reminders."""

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from icalendar import Calendar

from care import calendar, recording, reminders, routines, schedule
from care.models import ReminderSent
from care.people import profile_of
from care.routines import StepPlan

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def done_session(user, when, steps=None):
    plan = steps or [StepPlan("trapezius", "left", 90)]
    session, _ = recording.start(user, uuid.uuid4(), plan, 5, when)
    recording.record_event(session, uuid.uuid4(), 0, "done", 90, when + timedelta(minutes=2))
    recording.finish(session, 3, 90, when + timedelta(minutes=3))
    return session


def test_the_first_session_is_due_at_once(patient):
    assert schedule.due(patient, T0).state == "first"


@pytest.mark.parametrize(
    ("hours", "state"), [(1, "resting"), (47, "resting"), (48, "due"), (71, "due"), (72, "overdue"), (200, "overdue")]
)
def test_the_next_session_is_due_from_48_hours_and_overdue_after_72(patient, hours, state):
    done_session(patient, T0)
    finished = T0 + timedelta(minutes=3)
    assert schedule.due(patient, finished + timedelta(hours=hours)).state == state


def test_an_area_worked_in_the_last_48_hours_is_flagged_with_when(patient):
    done_session(patient, T0)
    worked = schedule.recently_worked(patient, T0 + timedelta(hours=20))
    assert schedule.rest_warning(worked, "trapezius", "left") is not None
    assert schedule.rest_warning(worked, "trapezius", "right") is None
    assert schedule.recently_worked(patient, T0 + timedelta(hours=49)) == {}


def test_the_player_warns_but_does_not_forbid_an_area_worked_recently(client, patient):
    from care import safety

    done_session(patient, T0)
    with time_machine.travel(T0 + timedelta(hours=20), tick=False):
        safety.record(patient, {}, T0 + timedelta(hours=19))
        client.force_login(patient)
        response = client.get("/session/")
    assert response.status_code == 200
    steps = response.context["player"]["steps"]
    trapezius_left = next(s for s in steps if s["muscle"] == "trapezius" and s["side"] == "left")
    assert "You worked this area" in trapezius_left["recent_warning"]
    assert next(s for s in steps if s["muscle"] == "scalenes")["recent_warning"] is None


def test_a_due_date_follows_the_persons_time_zone(patient):
    profile = profile_of(patient)
    profile.time_zone = "Pacific/Auckland"
    profile.save()
    done_session(patient, T0)
    ics = Calendar.from_ical(calendar.build(profile, T0 + timedelta(hours=1)))
    first = next(iter(ics.walk("VEVENT")))
    assert str(first["DTSTART"].dt.tzinfo) == "Pacific/Auckland"


def test_the_calendar_feed_is_valid_icalendar_with_an_alarm(client, patient):
    done_session(patient, T0)
    profile = profile_of(patient)
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        response = client.get(calendar.feed_path(profile))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert cal["VERSION"] == "2.0" and "unknot" in str(cal["PRODID"])
    events = list(cal.walk("VEVENT"))
    assert len(events) == calendar.HORIZON
    for event in events:
        assert event["UID"] and event["DTSTAMP"]
        assert list(event.walk("VALARM"))
    first = events[0]["DTSTART"].dt
    assert first >= T0 + timedelta(hours=48)


def test_renewing_the_calendar_link_revokes_the_old_one(client, patient):
    profile = profile_of(patient)
    old = calendar.feed_path(profile)
    client.force_login(patient)
    client.post("/settings/calendar/renew/")
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(calendar.feed_path(profile_of(patient))).status_code == 200


@pytest.fixture
def reminded(patient):
    profile = profile_of(patient)
    profile.reminders = True
    profile.reminder_time = time(18, 0)
    profile.save()
    done_session(patient, T0)
    return patient


def test_a_reminder_is_sent_once_on_the_due_day_at_the_chosen_time(reminded):
    due_day = T0 + timedelta(hours=49)
    assert reminders.send_due_reminders(due_day.replace(hour=17)) == 0
    assert reminders.send_due_reminders(due_day.replace(hour=18, minute=5)) == 1
    assert reminders.send_due_reminders(due_day.replace(hour=19)) == 0
    assert ReminderSent.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "http://127.0.0.1:8000/reminders/stop/" in mail.outbox[0].body  # absolute, from SITE_URL
    assert ReminderSent.objects.get().sent_at is not None


def test_no_reminder_goes_to_an_unverified_address(reminded):
    EmailAddress.objects.filter(user=reminded).update(verified=False)
    assert reminders.send_due_reminders(T0 + timedelta(hours=60)) == 0
    assert mail.outbox == []


def test_the_unsubscribe_link_stops_reminders(client, reminded):
    token = profile_of(reminded).unsubscribe_token
    assert client.get(f"/reminders/stop/{token}/").status_code == 200
    assert profile_of(reminded).reminders  # looking at the page changes nothing
    client.post(f"/reminders/stop/{token}/")
    assert not profile_of(reminded).reminders


def test_routines_follow_the_handout_and_the_finder():
    plan = routines.handout_plan()
    assert [s.muscle for s in plan][:4] == ["trapezius", "trapezius", "levator-scapulae", "levator-scapulae"]
    assert StepPlan("suboccipitals", "", 90) in plan
    assert plan[-1].muscle == "suboccipitals"  # lying down comes last
    found = routines.finder_plan(["temple:left"])
    assert found[0] == StepPlan("trapezius", "left", 90)
    assert all(step.side in {"left", ""} for step in found)


def test_a_signed_in_visit_to_a_public_page_writes_no_profile(client, patient):
    from care.models import Profile

    client.force_login(patient)
    assert client.get("/atlas/").status_code == 200
    assert not Profile.objects.filter(user=patient).exists()


def test_times_show_in_the_persons_zone(rf, patient):
    from django.http import HttpResponse
    from django.utils import timezone

    from care.middleware import PersonalTimeMiddleware

    profile = profile_of(patient)
    profile.time_zone = "Pacific/Kiritimati"
    profile.save()
    request = rf.get("/home/")
    request.user = patient
    seen = []
    PersonalTimeMiddleware(lambda r: seen.append(timezone.get_current_timezone_name()) or HttpResponse())(request)
    assert seen == ["Pacific/Kiritimati"]
