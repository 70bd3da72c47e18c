"""Marks: a body region of the vocabulary where a person feels pain, with an optional side ("temple:left")."""

from dataclasses import dataclass

from clinical.content import SIDES, Content, content

# At most this many places in one finder answer that a session is made from: more than the body map's everyday use,
# and few enough that the places kept for the quick routine (Profile.last_finder, 1,000 characters) always fit.
MAX_MARKS = 20


class UnknownRegion(ValueError):
    """A mark names no region of the vocabulary, or a side the region does not have."""

    def __init__(self, marks: list[str], valid: list[str]):
        self.marks = marks
        self.valid = valid
        super().__init__(f"unknown region: {', '.join(marks)}")


@dataclass(frozen=True, order=True)
class Mark:
    region: str
    side: str | None = None

    def __str__(self) -> str:
        return f"{self.region}:{self.side}" if self.side else self.region


def parse_marks(values: list[str], data: Content | None = None) -> list[Mark]:
    """Turns "temple:left"-style strings into marks; raises UnknownRegion for anything not in the vocabulary."""
    data = data or content()
    marks: list[Mark] = []
    unknown: list[str] = []
    for value in values:
        region, _sep, side = value.strip().partition(":")
        info = data.regions.get(region)
        if info is None or (side and (side not in SIDES or not info.sided)):
            unknown.append(value)
            continue
        mark = Mark(region, side or None)
        if mark not in marks:
            marks.append(mark)
    if unknown:
        raise UnknownRegion(unknown, valid_marks(data))
    return marks


def valid_marks(data: Content | None = None) -> list[str]:
    data = data or content()
    valid = []
    for region in data.regions.values():
        valid.append(region.id)
        if region.sided:
            valid.extend(f"{region.id}:{side}" for side in SIDES)
    return valid
