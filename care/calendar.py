"""A private calendar feed (iCalendar, RFC 5545) of upcoming due sessions, at a secret, renewable URL."""

from datetime import datetime, timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from care import booking, door
from care.door import Patient
from care.models import Profile, new_calendar_token
from care.schedule import due

HORIZON = 4  # how many future due sessions the feed shows, every 2-3 days from the last
DEFAULT_LENGTH = timedelta(minutes=10)  # before a first session: the quick routine's at most ten minutes


def renew_token(profile: Profile) -> Profile:
    """A new secret link; the old one stops working at once."""
    profile.calendar_token = new_calendar_token()
    profile.save(update_fields=["calendar_token"])
    return profile


def build(patient: Patient, now: datetime) -> bytes:
    profile = patient.profile()
    cal = Calendar()
    cal.add("prodid", "-//unknot//self-care schedule//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("unknot: self-massage"))
    state = due(patient, now, profile)
    # the first event is the moment home shows; a session due now or never done is offered from today
    first = state.due_from if state.due_from and state.due_from > now else None
    if first is None:
        local_now = now.astimezone(profile.zone)
        first = datetime.combine(local_now.date(), profile.reminder_time, tzinfo=profile.zone)
        if first < local_now:
            first += timedelta(days=1)
    # Each event lasts as long as the session it books (the last one again) and links back to start it.
    upcoming = booking.next_session(patient)
    length = timedelta(seconds=upcoming.seconds) if upcoming else DEFAULT_LENGTH
    start_url = settings.SITE_URL + (upcoming.path if upcoming else reverse("care:quick"))
    for number in range(HORIZON):
        day = first.astimezone(profile.zone) + timedelta(days=2 * number)
        event = Event()
        event.add("uid", event_uid(profile, day))
        event.add("dtstamp", now)
        event.add("dtstart", day)
        event.add("dtend", day + length)
        event.add("summary", _("Self-massage session (due)"))
        event.add("url", start_url)
        event.add(
            "description",
            _(
                "Your next session is due: 2 to 3 days after the last. Start light, and no more than two minutes per area."
            )
            + "\n"
            + _("Start it: %(url)s") % {"url": start_url},
        )
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("Time for your self-massage session"))
        alarm.add("trigger", timedelta(minutes=0))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def event_uid(profile: Profile, day: datetime) -> str:
    """Stable for the same due day (a calendar app updates the event rather than adding another) and keyed with
    the site's secret, so it says nothing about who the person is."""
    digest = salted_hmac(
        "unknot.calendar.uid", f"{profile.user_id}:{day.date():%Y-%m-%d}", algorithm="sha256"
    ).hexdigest()
    return f"{digest[:32]}@unknot"


def feed_response(token: str, now: datetime) -> HttpResponse:
    patient = door.by_calendar_token(token)
    if patient is None:
        raise Http404("No such calendar.")
    response = HttpResponse(build(patient, now), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    response["Content-Disposition"] = 'inline; filename="unknot.ics"'
    return response


def feed_path(profile: Profile) -> str:
    return reverse("care:calendar", args=[profile.calendar_token])


def links(request: HttpRequest, profile: Profile) -> dict:
    """The feed's address to copy, and the same as webcal:// which opens the device's calendar app to subscribe."""
    feed = request.build_absolute_uri(feed_path(profile))
    return {"feed_url": feed, "webcal_url": "webcal://" + feed.split("://", 1)[1]}


__all__ = ["build", "feed_path", "feed_response", "links", "renew_token"]
