"""Which numbers to call: a person's own country's, or every one (emergency first) when it is not known.

The lines and the countries they serve are cited content (`phone_lines` in content/safety.toml). A text of
the content says "{emergency}" where it names the number to call; `fill` puts this person's number(s) there.
A person's country comes from Settings, or else from their time zone; a guest's is never known.
"""

from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.utils.translation import gettext as _

from clinical.content import EMERGENCY_PLACEHOLDER, content
from clinical.schema import PhoneLine

# Settings' choice for "somewhere else": every number is shown, as for a guest.
ANYWHERE = "XX"


@cache
def _zone_countries() -> dict[str, str]:
    """Time zone -> ISO country code, from the time zone database's own zone.tab (one country per zone)."""
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - tzdata is a dependency
        return {}
    countries = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) >= 3:
                countries[fields[2]] = fields[0]
    return countries


def country_of_zone(zone: str | None) -> str | None:
    """The country a time zone belongs to ("Europe/London" -> "GB"); None for UTC, an old alias ("US/Eastern",
    which Settings does not offer) or no zone at all."""
    return _zone_countries().get(zone or "")


def country_for(chosen: str | None, zone: str | None) -> str | None:
    """The country whose numbers a person sees: their choice in Settings wins, else their time zone's."""
    if chosen == ANYWHERE:
        return None
    return chosen or country_of_zone(zone)


@dataclass(frozen=True)
class Numbers:
    """The lines to show one person, emergency numbers first, and whether they are theirs or everyone's."""

    country: str | None
    lines: tuple[PhoneLine, ...]
    known: bool

    @property
    def emergency(self) -> list[PhoneLine]:
        return [line for line in self.lines if line.kind == "emergency"]

    @property
    def urgent(self) -> list[PhoneLine]:
        return [line for line in self.lines if line.kind == "urgent"]

    @property
    def words(self) -> str:
        """What fills "{emergency}": "999" for a person in the UK; for a guest every number with where it works."""
        lines = self.emergency
        if not lines:
            return _("your local emergency number")
        if self.known:
            return _(" or ").join(line.number for line in lines)
        # Not knowing where the person is, name every number we list and, for everywhere else, their own.
        named = [_("%(number)s (%(where)s)") % {"number": line.number, "where": line.where} for line in lines]
        return _("%(list)s or your local emergency number") % {"list": ", ".join(named)}

    @property
    def key(self) -> str:
        """For a fragment cache: pages that show numbers differ by this and nothing else of the person's."""
        return self.country if self.known and self.country else "all"

    def fill(self, text: str) -> str:
        return text.replace(EMERGENCY_PLACEHOLDER, self.words)


def numbers_for(country: str | None) -> Numbers:
    lines = content().rules.phone_lines
    own = [line for line in lines if country and country in line.countries]
    chosen = own if any(line.kind == "emergency" for line in own) else list(lines)
    ordered = sorted(chosen, key=lambda line: line.kind != "emergency")  # stable: content order within a kind
    return Numbers(country, tuple(ordered), known=chosen is own)


def numbers_of(request: object) -> Numbers:
    """The numbers for the person making this request (care's middleware sets `emergency_country`)."""
    return numbers_for(getattr(request, "emergency_country", None))


def fill(text: str, numbers: Numbers | None = None) -> str:
    """A content text with its "{emergency}" placeholder filled (every number when none are given)."""
    return (numbers or numbers_for(None)).fill(text)
