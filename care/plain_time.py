"""When something happened, said as a person would ("5 minutes ago", "yesterday evening"), in the active time
zone (the person's own when signed in). Never "0 minutes ago"."""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext


def part_of_day(moment: datetime) -> str:
    hour = moment.hour
    if hour < 5:
        return "night"
    if hour < 12:
        return "morning"
    if hour < 17:
        return "afternoon"
    return "evening"


def _today(part: str) -> str:
    return {
        "night": pgettext("today", "early this morning"),
        "morning": pgettext("today", "this morning"),
        "afternoon": pgettext("today", "this afternoon"),
        "evening": pgettext("today", "this evening"),
    }[part]


def _yesterday(part: str) -> str:
    return {
        "night": _("early yesterday morning"),
        "morning": _("yesterday morning"),
        "afternoon": _("yesterday afternoon"),
        "evening": _("yesterday evening"),
    }[part]


def ago(moment: datetime, now: datetime | None = None) -> str:
    """A past moment in plain words, relative to now; a moment in the future (a device clock ahead) is "just now"."""
    now = now or timezone.now()
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return ngettext("%(count)d minute ago", "%(count)d minutes ago", minutes) % {"count": minutes}
    if seconds < 4 * 3600:
        hours = int(seconds // 3600)
        return ngettext("%(count)d hour ago", "%(count)d hours ago", hours) % {"count": hours}
    local, local_now = timezone.localtime(moment), timezone.localtime(now)
    days = (local_now.date() - local.date()).days
    if days == 0:
        return _today(part_of_day(local))
    if days == 1:
        return _yesterday(part_of_day(local))
    if days < 7:
        return _("on %(day)s %(part)s") % {
            "day": formats.date_format(local, "l"),
            "part": {
                "night": _("night"),
                "morning": _("morning"),
                "afternoon": _("afternoon"),
                "evening": _("evening"),
            }[part_of_day(local)],
        }
    if days < 300:
        return _("on %(date)s") % {"date": formats.date_format(local, "j F")}
    return _("on %(date)s") % {"date": formats.date_format(local, "j F Y")}


def duration(seconds: int) -> str:
    """A length of time as minutes and seconds ("3 min 39 s", "1 min", "45 s"), never "219 seconds"."""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    if minutes and rest:
        return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": rest}
    if minutes:
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(seconds)d s") % {"seconds": rest}
