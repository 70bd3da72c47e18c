"""Booking the next session on the spot: a concrete time proposed on the summary, one tap to book it, the
reminder on, calendar events as long as the session with a link back to start it; home's week and its due-day
Start; a rest day that never names today once its due time has passed nor offers the areas that need rest."""

import re
import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from care import booking, calendar, recording, routines, safety, schedule
from care.door import as_themselves
from care.routines import StepPlan
from tests.safety_answers import answered_on_this_device

LONDON = ZoneInfo("Europe/London")
# Wednesday 2 December 2026, 17:53 in London (UTC in winter)
T0 = datetime(2026, 12, 2, 17, 53, tzinfo=UTC)
BOOK = reverse("care:book_next")


@pytest.fixture
def signed_in(client, patient):
    safety.record(as_themselves(patient), {}, T0 - timedelta(days=1))
    client.force_login(patient)
    answered_on_this_device(client)  # "Nothing new" just now: the player opens without the quick check
    return client


def profile_of(person):
    return as_themselves(person).profile()


def finished(person, start, plan=None, routine=None, minutes=7):
    plan = plan or routines.handout_plan()[:4]
    patient = as_themselves(person)
    session, _ = recording.start(patient, uuid.uuid4(), plan, 5, start, routine=routine, name="From the body map")
    for index, step in enumerate(plan):
        recording.record_event(
            patient, session, uuid.uuid4(), index, "done", step.seconds, start + timedelta(minutes=1)
        )
    return recording.finish(patient, session, 3, 360, start + timedelta(minutes=minutes))


# ---- the proposal -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ended", "proposed"),
    [("18:00:00", time(18, 0)), ("18:00:01", time(18, 30)), ("18:07:00", time(18, 30)), ("23:50:00", time(23, 30))],
)
def test_the_proposed_time_is_the_sessions_own_rounded_up_to_the_half_hour(ended, proposed):
    hour, minute, second = (int(part) for part in ended.split(":"))
    assert booking.proposed_time(datetime(2026, 12, 2, hour, minute, second, tzinfo=LONDON), LONDON) == proposed


def test_the_proposed_moment_is_the_due_day_never_before_48_hours(patient):
    session = finished(patient, T0)  # ends 18:00
    with time_machine.travel(T0 + timedelta(minutes=8), tick=False):
        done = booking.book(as_themselves(patient), session_id=str(session.pk), now=T0 + timedelta(minutes=8))
    assert done.at == datetime(2026, 12, 4, 18, 0, tzinfo=UTC)  # Friday, the due day, at the session's time
    assert done.at - session.finished_at >= timedelta(hours=48)


# ---- one tap on the summary -------------------------------------------------------------------------------------


def test_the_summary_offers_to_book_the_next_session_for_someone_signed_in(signed_in):
    response = signed_in.get(reverse("care:player"))
    page = response.content.decode()
    assert f'action="{BOOK}"' in page and "Yes, book it" in page and "Choose another time" in page
    assert 'name="remind" checked' in page and 'name="calendar" checked' in page


def test_a_guest_summary_has_no_booking_form(client):
    response = client.get("/")
    response.set_signed_cookie(safety.DEVICE_COOKIE, safety.device_value(), salt="safety")
    client.cookies[safety.DEVICE_COOKIE] = response.cookies[safety.DEVICE_COOKIE].value
    assert f'action="{BOOK}"' not in client.get(reverse("care:player")).content.decode()


def test_one_tap_books_the_due_day_at_the_sessions_time_with_the_reminder_on(signed_in, patient):
    session = finished(patient, T0)
    with time_machine.travel(T0 + timedelta(minutes=9), tick=False):
        response = signed_in.post(
            BOOK,
            {"session": str(session.pk), "time_zone": "Europe/London", "remind": "on", "calendar": "on"},
            follow=True,
        )
    profile = profile_of(patient)
    assert (profile.reminders, profile.reminder_time, profile.time_zone) == (True, time(18, 0), "Europe/London")
    page = response.content.decode()
    assert "Booked for Friday 4 December at 18:00. We will email you then." in page
    assert "Your next session is due on Friday 4 December at 18:00." in page
    assert f'href="webcal://testserver/calendar/{profile.calendar_token}.ics"' in page  # the calendar, offered first
    assert page.index("Add it to your calendar") < page.index('id="due-h"')


def test_another_time_can_be_chosen_on_the_due_day(signed_in, patient):
    session = finished(patient, T0)
    with time_machine.travel(T0 + timedelta(minutes=9), tick=False):
        signed_in.post(BOOK, {"session": str(session.pk), "time": "19:15", "remind": "on"})
        state = schedule.due(as_themselves(patient), T0 + timedelta(minutes=9))
    assert state.due_from == datetime(2026, 12, 4, 19, 15, tzinfo=UTC)


def test_a_time_that_is_not_one_changes_nothing(signed_in, patient):
    session = finished(patient, T0)
    response = signed_in.post(BOOK, {"session": str(session.pk), "time": "25:99", "remind": "on"}, follow=True)
    assert "Please give a time such as 18:00." in response.content.decode()
    assert profile_of(patient).reminders is False


def test_an_unknown_time_zone_is_not_kept(signed_in, patient):
    session = finished(patient, T0)
    signed_in.post(BOOK, {"session": str(session.pk), "time_zone": "Mars/Olympus", "remind": "on"})
    assert profile_of(patient).time_zone == "UTC"


def test_unticking_the_reminder_books_without_one(signed_in, patient):
    session = finished(patient, T0)
    signed_in.post(BOOK, {"session": str(session.pk)})
    assert profile_of(patient).reminders is False


def test_someone_elses_session_id_books_from_now_and_reveals_nothing(signed_in, patient, other_patient):
    theirs = finished(other_patient, T0 - timedelta(hours=3))
    mine = finished(patient, T0)
    with time_machine.travel(T0 + timedelta(minutes=9), tick=False):
        response = signed_in.post(BOOK, {"session": str(theirs.pk), "remind": "on"})
    assert response.status_code == 302
    assert schedule.due(as_themselves(patient), T0 + timedelta(minutes=9)).last == mine.finished_at


# ---- the calendar -----------------------------------------------------------------------------------------------


def test_calendar_events_start_at_the_booked_time_last_the_sessions_length_and_link_back_to_start_it(
    signed_in, client, patient
):
    plan = [StepPlan("trapezius", "left", 90), StepPlan("levator-scapulae", "left", 60)]
    routine = routines.save_routine(as_themselves(patient), "Neck", plan)
    session = finished(patient, T0, plan=plan, routine=routine)
    with time_machine.travel(T0 + timedelta(minutes=9), tick=False):
        signed_in.post(BOOK, {"session": str(session.pk), "time_zone": "Europe/London", "remind": "on"})
        feed = client.get(calendar.feed_path(profile_of(patient)))
    first = next(iter(Calendar.from_ical(feed.content).walk("VEVENT")))
    assert first.decoded("dtstart") == datetime(2026, 12, 4, 18, 0, tzinfo=LONDON)
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(seconds=90 + 20 + 60 + 20)
    start = reverse("care:play_routine", args=[routine.pk])
    assert str(first["URL"]).endswith(start) and start in str(first["DESCRIPTION"])


def test_a_session_without_a_routine_is_started_again_from_its_own_areas(signed_in, patient):
    plan = [StepPlan("scalenes", "right", 60)]
    session = finished(patient, T0, plan=plan)
    upcoming = booking.next_session(as_themselves(patient))
    assert upcoming.path == reverse("care:again", args=[session.pk])
    response = signed_in.get(upcoming.path)
    assert response.status_code == 200
    assert [(s["muscle"], s["side"], s["seconds"]) for s in response.context["player"]["steps"]] == [
        ("scalenes", "right", 60)
    ]


def test_nobody_else_can_start_a_session_again(client, patient, other_patient):
    theirs = finished(other_patient, T0)
    safety.record(as_themselves(patient), {}, T0)
    client.force_login(patient)
    answered_on_this_device(client)
    assert client.get(reverse("care:again", args=[theirs.pk])).status_code == 404


# ---- home -------------------------------------------------------------------------------------------------------


def home(client, at):
    with time_machine.travel(at, tick=False):
        return client.get(reverse("care:home")).content.decode()


def test_home_counts_the_week_from_the_locales_first_day(signed_in, patient):
    # "en" weeks start on Sunday: Sunday 29 Nov to Saturday 5 Dec 2026
    finished(patient, datetime(2026, 11, 30, 17, 53, tzinfo=UTC))  # Monday
    page = home(signed_in, datetime(2026, 11, 30, 19, 0, tzinfo=UTC))
    assert "1 of 3 this week" in page  # Monday, then due Wednesday and Friday (Sunday is next week)
    finished(patient, datetime(2026, 12, 2, 18, 0, tzinfo=UTC))  # Wednesday
    finished(patient, datetime(2026, 12, 4, 18, 10, tzinfo=UTC))  # Friday
    assert "3 of 3 this week" in home(signed_in, datetime(2026, 12, 5, 12, 0, tzinfo=UTC))


def test_on_the_due_day_home_has_one_big_start(signed_in, patient):
    finished(patient, T0)  # Wednesday, 7 minutes
    page = home(signed_in, datetime(2026, 12, 4, 18, 5, tzinfo=UTC))
    [start] = re.findall(r'<a class="button button-big button-wide" href="([^"]+)">Start · (\d+) min</a>', page)
    assert start[0] == booking.next_session(as_themselves(patient)).path
    assert int(start[1]) == booking.next_session(as_themselves(patient)).minutes


def test_rest_until_never_names_today_once_todays_due_time_has_passed(signed_in, patient):
    # ends Monday 20:00; the due time is 18:00: at 19:00 on Wednesday the rest lasts until Thursday 18:00
    finished(patient, datetime(2026, 11, 30, 19, 53, tzinfo=UTC))
    page = home(signed_in, datetime(2026, 12, 2, 19, 0, tzinfo=UTC))
    assert "Rest until Thursday 3 December" in page and "Wednesday" not in page.split('id="due-h"')[1][:80]
    # and on the due day before the due time, it says the time, not the day
    assert "Rest until 18:00 today" in home(signed_in, datetime(2026, 12, 3, 9, 0, tzinfo=UTC))


def test_the_rest_card_never_offers_the_areas_that_need_rest(signed_in, patient):
    worked = routines.handout_plan()[:4]
    finished(patient, T0, plan=worked)
    page = home(signed_in, T0 + timedelta(hours=3))
    assert "If you want to work other areas today" in page
    assert reverse("care:quick") not in page and f'href="{reverse("care:player")}"' not in page
    [url] = re.findall(r'href="(/session/now/\?[^"]+)">Areas that have rested', page)
    response = signed_in.get(url.replace("&amp;", "&"))
    offered = {(s["muscle"], s["side"]) for s in response.context["player"]["steps"]}
    assert offered and not offered & {(s.muscle, s.side) for s in worked}
    assert all(s["recent_warning"] is None for s in response.context["player"]["steps"])
