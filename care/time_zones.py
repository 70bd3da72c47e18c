"""Time zones as a person picks them: grouped by region, named by city, the device's own offered first."""

import zoneinfo
from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _

from care.models import Profile

REGIONS = {
    "Africa": _("Africa"),
    "America": _("The Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific"),
}


def city(zone: str) -> str:
    """ "America/Argentina/Buenos_Aires" -> "Argentina – Buenos Aires"."""
    return " – ".join(part.replace("_", " ") for part in zone.split("/")[1:])


@cache
def grouped_choices() -> list:
    """Every current zone under its region, by city; old aliases ("US/Eastern", "GB") are left out. Read from
    the time zone database once per process (its labels are translated when shown)."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in REGIONS}
    for zone in zoneinfo.available_timezones():
        region = zone.split("/")[0]
        if region in groups and "/" in zone:
            groups[region].append((zone, city(zone)))
    return [("UTC", _("UTC (no time zone)"))] + [
        (REGIONS[region], sorted(zones, key=lambda choice: choice[1])) for region, zones in groups.items()
    ]


class TimeZoneForm(forms.ModelForm):
    """One field: the time zone, confirmed in one tap from what the device says."""

    time_zone = forms.ChoiceField(label=_("Your time zone"), choices=grouped_choices)

    class Meta:
        model = Profile
        fields = ["time_zone"]
