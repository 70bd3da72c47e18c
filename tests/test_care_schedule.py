"""The 2-3 day schedule, the 48-hour rest of an area, the calendar feed and email reminders."""

import re
import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from icalendar import Calendar

from care import calendar, recording, reminders, routines, schedule
from care.door import as_themselves
from care.models import ReminderSent
from care.routines import StepPlan

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def done_session(user, when, steps=None):
    plan = steps or [StepPlan("trapezius", "left", 90)]
    session, _ = recording.start(as_themselves(user), uuid.uuid4(), plan, 5, when)
    recording.record_event(
        as_themselves(session.owner), session, uuid.uuid4(), 0, "done", 90, when + timedelta(minutes=2)
    )
    recording.finish(as_themselves(session.owner), session, 3, 90, when + timedelta(minutes=3))
    return session


def test_the_first_session_is_due_at_once(patient):
    assert schedule.due(as_themselves(patient), T0).state == "first"


@pytest.mark.parametrize(
    ("after", "state"),
    [
        (timedelta(hours=1), "resting"),
        (timedelta(hours=56, minutes=56), "resting"),  # Wednesday 17:59
        (timedelta(hours=56, minutes=57), "due"),  # Wednesday 18:00, the chosen time
        (timedelta(hours=80, minutes=56), "due"),
        (timedelta(hours=80, minutes=57), "overdue"),  # a day after it was due
    ],
)
def test_the_next_session_is_due_at_the_chosen_time_two_days_on_and_overdue_a_day_later(patient, after, state):
    done_session(patient, T0)  # finished Monday 09:03 UTC; reminders at 18:00 UTC by default
    finished = T0 + timedelta(minutes=3)
    assert schedule.due(as_themselves(patient), finished + after).state == state


def test_a_session_is_never_due_before_48_hours_have_passed():
    monday_evening = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
    assert schedule.due_moment(monday_evening, UTC, time(18, 0)) == datetime(2026, 3, 5, 18, 0, tzinfo=UTC)
    assert schedule.due_moment(monday_evening, UTC, time(21, 0)) == datetime(2026, 3, 4, 21, 0, tzinfo=UTC)


def test_the_due_time_is_on_the_persons_own_clock(patient):
    from zoneinfo import ZoneInfo

    profile = as_themselves(patient).profile()
    profile.time_zone, profile.reminder_time = "America/New_York", time(7, 0)
    profile.save()
    done_session(patient, T0)  # 04:00 in New York
    due_from = schedule.due(as_themselves(patient), T0).due_from
    assert due_from.astimezone(ZoneInfo("America/New_York")).replace(tzinfo=None) == datetime(2026, 3, 4, 7, 0)


def test_home_and_the_calendar_feed_give_the_same_time(client, patient):
    profile = as_themselves(patient).profile()
    profile.time_zone, profile.reminder_time = "Europe/Paris", time(19, 15)
    profile.save()
    done_session(patient, T0)
    now = T0 + timedelta(hours=3)
    due_from = schedule.due(as_themselves(patient), now).due_from
    first = min(
        e.decoded("dtstart")
        for e in Calendar.from_ical(calendar.build(as_themselves(profile.user), now)).walk("VEVENT")
    )
    assert first == due_from
    client.force_login(patient)
    with time_machine.travel(now, tick=False):
        page = client.get("/home/").content.decode()
    assert "Wednesday 4 March at 19:15" in page


def test_calendar_event_ids_do_not_reveal_the_person(patient):
    profile = as_themselves(patient).profile()
    done_session(patient, T0)
    uids = [str(e["uid"]) for e in Calendar.from_ical(calendar.build(as_themselves(profile.user), T0)).walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert all(re.fullmatch(r"[0-9a-f]{32}@unknot", uid) for uid in uids)  # a keyed digest, not "<id>-<date>"
    again = [
        str(e["uid"])
        for e in Calendar.from_ical(calendar.build(as_themselves(profile.user), T0 + timedelta(hours=1))).walk("VEVENT")
    ]
    assert again == uids  # stable, so a calendar app updates rather than duplicates


def test_an_area_worked_in_the_last_48_hours_is_flagged_with_when(patient):
    done_session(patient, T0)
    worked = schedule.recently_worked(as_themselves(patient), T0 + timedelta(hours=20))
    assert schedule.rest_warning(worked, "trapezius", "left") is not None
    assert schedule.rest_warning(worked, "trapezius", "right") is None
    assert schedule.recently_worked(as_themselves(patient), T0 + timedelta(hours=49)) == {}


def test_the_player_warns_but_does_not_forbid_an_area_worked_recently(client, patient):
    from care import safety

    done_session(patient, T0)
    with time_machine.travel(T0 + timedelta(hours=20), tick=False):
        safety.record(as_themselves(patient), {}, T0 + timedelta(hours=19))
        client.force_login(patient)
        response = client.get("/session/")
    assert response.status_code == 200
    steps = response.context["player"]["steps"]
    trapezius_left = next(s for s in steps if s["muscle"] == "trapezius" and s["side"] == "left")
    assert "You worked this area" in trapezius_left["recent_warning"]
    assert next(s for s in steps if s["muscle"] == "scalenes")["recent_warning"] is None


def test_a_due_date_follows_the_persons_time_zone(patient):
    profile = as_themselves(patient).profile()
    profile.time_zone = "Pacific/Auckland"
    profile.save()
    done_session(patient, T0)
    ics = Calendar.from_ical(calendar.build(as_themselves(profile.user), T0 + timedelta(hours=1)))
    first = next(iter(ics.walk("VEVENT")))
    assert str(first["DTSTART"].dt.tzinfo) == "Pacific/Auckland"


def test_the_calendar_feed_is_valid_icalendar_with_an_alarm(client, patient):
    done_session(patient, T0)
    profile = as_themselves(patient).profile()
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
    profile = as_themselves(patient).profile()
    old = calendar.feed_path(profile)
    client.force_login(patient)
    client.post("/settings/calendar/renew/")
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(calendar.feed_path(as_themselves(patient).profile())).status_code == 200


@pytest.fixture
def reminded(patient):
    profile = as_themselves(patient).profile()
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
    token = as_themselves(reminded).profile().unsubscribe_token
    assert client.get(f"/reminders/stop/{token}/").status_code == 200
    assert as_themselves(reminded).profile().reminders  # looking at the page changes nothing
    client.post(f"/reminders/stop/{token}/")
    assert not as_themselves(reminded).profile().reminders


def test_routines_follow_the_handout_and_the_finder():
    plan = routines.handout_plan()
    # the handout starts with #1 (trapezius), then #3 in the same chair before #2 at the wall
    assert [s.muscle for s in plan][:4] == ["trapezius", "trapezius", "sternocleidomastoid", "sternocleidomastoid"]
    assert StepPlan("suboccipitals", "", 90) in plan
    assert plan[-1].muscle == "suboccipitals"  # lying down comes last
    found = routines.finder_plan(["temple:left"])
    # the finder's first answer for the temple alone: the muscle whose pattern that one mark covers best
    assert found[0] == StepPlan("posterior-cervicals", "left", 90)
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

    profile = as_themselves(patient).profile()
    profile.time_zone = "Pacific/Kiritimati"
    profile.save()
    request = rf.get("/home/")
    request.user = patient
    seen = []
    PersonalTimeMiddleware(lambda r: seen.append(timezone.get_current_timezone_name()) or HttpResponse())(request)
    assert seen == ["Pacific/Kiritimati"]


def test_before_a_session_starts_it_says_which_areas_are_still_resting_and_when(client, patient):
    done_session(patient, T0)  # trapezius, left side
    client.force_login(patient)
    from care import safety

    safety.record(as_themselves(patient), {}, T0)
    with time_machine.travel(T0 + timedelta(hours=26), tick=False):
        client.post("/safety-check/quick/", {"next": "/session/"})  # "Nothing new" before the session
        page = client.get("/session/").content.decode()
    assert "You worked 1 of these areas yesterday morning: Trapezius (your left side)." in page


def test_home_while_resting_says_until_when_and_why(client, patient):
    done_session(patient, T0)
    client.force_login(patient)
    with time_machine.travel(T0 + timedelta(hours=3), tick=False):
        page = client.get("/home/").content.decode()
    assert "Rest until Wednesday 4 March" in page
    assert "Your last session was 2 hours ago." in page and "Muscles need 2 to 3 days to recover" in page
