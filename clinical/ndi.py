"""The Neck Disability Index (NDI): ten questions on how neck pain gets in the way of daily life, each scored
0-5, a total out of 50 with the published bands, what to do when questions are left out, and when a change
is large enough to mean something.

The items are the instrument's own words and must not be reworded: a validated questionnaire loses its
validity when its items change. Translations must be published, validated ones (Vernon 2008 lists 22).

Terms of use: Vernon (1996) printed the NDI with the note that "its duplication and use is encouraged", and
the author's own summary asks for it at the start and every two weeks. No source read here forbids its use in
software; LOINC carries the items (panel 82226-2). Before a commercial release, confirm in writing with the
author or the distributor named at that time (see docs/ndi.md).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LazyStr = str | Promise  # a string marked for translation, translated when shown

ITEM_MAX = 5
MAX_TOTAL = 50  # ten items of 0-5

# A change of at least this many points (of 50) is flagged as meaningful. Young et al. (2009) found a minimal
# clinically important difference of 7.5 points but a minimal detectable change of 10.2, and advise using 10
# because 7.5 lies within measurement error; Cleland et al. (2008) found 19 percentage points (9.5 of 50). Its
# test-retest reliability is modest (ICC 0.50 in Cleland, 0.64 in Young), another reason for the cautious 10.
MEANINGFUL_CHANGE = 10

EVERY = timedelta(days=14)  # offered at the start and every two weeks (Vernon's guidance)

SOURCES = [
    {
        "title": "Vernon H, Mior S. The Neck Disability Index: a study of reliability and validity. "
        "J Manipulative Physiol Ther. 1991;14(7):409-415.",
        "url": "https://pubmed.ncbi.nlm.nih.gov/1834753/",
    },
    {
        "title": "Vernon H. The Neck Disability Index: state-of-the-art, 1991-2008. "
        "J Manipulative Physiol Ther. 2008;31(7):491-502.",
        "url": "https://doi.org/10.1016/j.jmpt.2008.08.006",
    },
    {
        "title": "Vernon H. The Neck Disability Index: patient assessment and outcome monitoring in whiplash. "
        "J Musculoskelet Pain. 1996;4(4):95-104.",
        "url": "https://doi.org/10.1300/J094v04n04_09",
    },
    {
        "title": "Young BA, Walker MJ, Strunce JB, et al. Responsiveness of the Neck Disability Index in patients "
        "with mechanical neck disorders. Spine J. 2009;9(10):802-808.",
        "url": "https://doi.org/10.1016/j.spinee.2009.06.002",
    },
    {
        "title": "Cleland JA, Childs JD, Whitman JM. Psychometric properties of the Neck Disability Index and "
        "Numeric Pain Rating Scale in patients with mechanical neck pain. Arch Phys Med Rehabil. 2008;89(1):69-74.",
        "url": "https://doi.org/10.1016/j.apmr.2007.08.126",
    },
    {
        "title": "Kose G, Hepguler S, Atamaz F, Oder G. A comparison of four disability scales for Turkish patients "
        "with neck pain. J Rehabil Med. 2007;39(5):358-362.",
        "url": "https://doi.org/10.2340/16501977-0060",
    },
]


@dataclass(frozen=True)
class Item:
    id: str  # stored with each answer: never renamed
    loinc: str  # the item's LOINC code (panel 82226-2)
    heading: LazyStr
    options: tuple[LazyStr, ...]  # six statements, scored 0 to 5 in this order
    answer_codes: tuple[str, ...]  # LOINC's answer code (LA...) of each statement, in the same order


def _item(item_id: str, loinc: str, heading: LazyStr, *answers: tuple[str, LazyStr]) -> Item:
    assert len(answers) == ITEM_MAX + 1, item_id
    return Item(item_id, loinc, heading, tuple(text for _code, text in answers), tuple(code for code, _ in answers))


# The items in LOINC's words (panel 82226-2 and its answer lists LL3898-5 to LL3907-4), checked statement by
# statement against the reference copy in tests/data/ndi-loinc.toml; that file says where the copy was read and
# the one place where the words shown differ from it (a stray word in LOINC's last recreation statement).
# Translators: the Neck Disability Index is a validated questionnaire. Use only a published, validated
# translation of its items; never translate them freely.
ITEMS: tuple[Item, ...] = (
    _item(
        "pain-intensity",
        "82227-0",
        pgettext_lazy("NDI", "Pain intensity"),
        ("LA25853-5", pgettext_lazy("NDI", "I have no pain at the moment.")),
        ("LA25854-3", pgettext_lazy("NDI", "The pain is very mild at the moment.")),
        ("LA25855-0", pgettext_lazy("NDI", "The pain is moderate at the moment.")),
        ("LA25856-8", pgettext_lazy("NDI", "The pain is fairly severe at the moment.")),
        ("LA25857-6", pgettext_lazy("NDI", "The pain is very severe at the moment.")),
        ("LA25858-4", pgettext_lazy("NDI", "The pain is the worst imaginable at the moment.")),
    ),
    _item(
        "personal-care",
        "82228-8",
        pgettext_lazy("NDI", "Personal care (washing, dressing, etc.)"),
        ("LA25859-2", pgettext_lazy("NDI", "I can look after myself normally without causing extra pain.")),
        ("LA25860-0", pgettext_lazy("NDI", "I can look after myself normally but it causes extra pain.")),
        ("LA25861-8", pgettext_lazy("NDI", "It is painful to look after myself and I am slow and careful.")),
        ("LA25862-6", pgettext_lazy("NDI", "I need some help but can manage most of my personal care.")),
        ("LA25863-4", pgettext_lazy("NDI", "I need help every day in most aspects of self-care.")),
        ("LA25864-2", pgettext_lazy("NDI", "I do not get dressed, I wash with difficulty and stay in bed.")),
    ),
    _item(
        "lifting",
        "82229-6",
        pgettext_lazy("NDI", "Lifting"),
        ("LA25865-9", pgettext_lazy("NDI", "I can lift heavy weights without extra pain.")),
        ("LA25866-7", pgettext_lazy("NDI", "I can lift heavy weights but it gives extra pain.")),
        (
            "LA25867-5",
            pgettext_lazy(
                "NDI",
                "Pain prevents me lifting heavy weights off the floor, but I can manage if they are conveniently placed, for example on a table.",
            ),
        ),
        (
            "LA25868-3",
            pgettext_lazy(
                "NDI",
                "Pain prevents me from lifting heavy weights but I can manage light to medium weights if they are conveniently positioned.",
            ),
        ),
        ("LA25869-1", pgettext_lazy("NDI", "I can only lift very light weights.")),
        ("LA25870-9", pgettext_lazy("NDI", "I cannot lift or carry anything.")),
    ),
    _item(
        "reading",
        "82230-4",
        pgettext_lazy("NDI", "Reading"),
        ("LA25871-7", pgettext_lazy("NDI", "I can read as much as I want to with no pain in my neck.")),
        ("LA25872-5", pgettext_lazy("NDI", "I can read as much as I want to with slight pain in my neck.")),
        ("LA25873-3", pgettext_lazy("NDI", "I can read as much as I want with moderate pain in my neck.")),
        ("LA25874-1", pgettext_lazy("NDI", "I can't read as much as I want because of moderate pain in my neck.")),
        ("LA25875-8", pgettext_lazy("NDI", "I can hardly read at all because of severe pain in my neck.")),
        ("LA25876-6", pgettext_lazy("NDI", "I can't read at all.")),
    ),
    _item(
        "headaches",
        "82231-2",
        pgettext_lazy("NDI", "Headaches"),
        ("LA25877-4", pgettext_lazy("NDI", "I have no headaches at all.")),
        ("LA26365-9", pgettext_lazy("NDI", "I have slight headaches, which come infrequently.")),
        ("LA26366-7", pgettext_lazy("NDI", "I have moderate headaches, which come infrequently.")),
        ("LA26367-5", pgettext_lazy("NDI", "I have moderate headaches, which come frequently.")),
        ("LA26368-3", pgettext_lazy("NDI", "I have severe headaches, which come frequently.")),
        ("LA26369-1", pgettext_lazy("NDI", "I have headaches almost all the time.")),
    ),
    _item(
        "concentration",
        "82232-0",
        pgettext_lazy("NDI", "Concentration"),
        ("LA25878-2", pgettext_lazy("NDI", "I can concentrate fully when I want to with no difficulty.")),
        ("LA25879-0", pgettext_lazy("NDI", "I can concentrate fully when I want to with slight difficulty.")),
        ("LA25880-8", pgettext_lazy("NDI", "I have a fair degree of difficulty in concentrating when I want to.")),
        ("LA25881-6", pgettext_lazy("NDI", "I have a lot of difficulty in concentrating when I want to.")),
        ("LA25882-4", pgettext_lazy("NDI", "I have a great deal of difficulty in concentrating when I want to.")),
        ("LA25883-2", pgettext_lazy("NDI", "I can't concentrate at all.")),
    ),
    _item(
        "work",
        "82233-8",
        pgettext_lazy("NDI", "Work"),
        ("LA25884-0", pgettext_lazy("NDI", "I can do as much work as I want to.")),
        ("LA25885-7", pgettext_lazy("NDI", "I can only do my usual work, but no more.")),
        ("LA25886-5", pgettext_lazy("NDI", "I can do most of my usual work, but no more.")),
        ("LA25887-3", pgettext_lazy("NDI", "I cannot do my usual work.")),
        ("LA25888-1", pgettext_lazy("NDI", "I can hardly do any work at all.")),
        ("LA25889-9", pgettext_lazy("NDI", "I can't do any work at all.")),
    ),
    _item(
        "driving",
        "82234-6",
        pgettext_lazy("NDI", "Driving"),
        ("LA25890-7", pgettext_lazy("NDI", "I can drive my car without any neck pain.")),
        ("LA25891-5", pgettext_lazy("NDI", "I can drive my car as long as I want with slight pain in my neck.")),
        ("LA25892-3", pgettext_lazy("NDI", "I can drive my car as long as I want with moderate pain in my neck.")),
        (
            "LA25893-1",
            pgettext_lazy("NDI", "I can't drive my car as long as I want because of moderate pain in my neck."),
        ),
        ("LA25894-9", pgettext_lazy("NDI", "I can hardly drive at all because of severe pain in my neck.")),
        ("LA25895-6", pgettext_lazy("NDI", "I can't drive my car at all.")),
    ),
    _item(
        "sleeping",
        "82235-3",
        pgettext_lazy("NDI", "Sleeping"),
        ("LA25896-4", pgettext_lazy("NDI", "I have no trouble sleeping.")),
        ("LA25897-2", pgettext_lazy("NDI", "My sleep is slightly disturbed (less than 1 hr sleepless).")),
        ("LA25898-0", pgettext_lazy("NDI", "My sleep is mildly disturbed (1-2 hrs sleepless).")),
        ("LA25899-8", pgettext_lazy("NDI", "My sleep is moderately disturbed (2-3 hrs sleepless).")),
        ("LA25900-4", pgettext_lazy("NDI", "My sleep is greatly disturbed (3-5 hrs sleepless).")),
        ("LA25901-2", pgettext_lazy("NDI", "My sleep is completely disturbed (5-7 hrs sleepless).")),
    ),
    _item(
        "recreation",
        "82236-1",
        pgettext_lazy("NDI", "Recreation"),
        (
            "LA25902-0",
            pgettext_lazy("NDI", "I am able to engage in all my recreation activities with no neck pain at all."),
        ),
        (
            "LA25903-8",
            pgettext_lazy("NDI", "I am able to engage in all my recreation activities, with some pain in my neck."),
        ),
        (
            "LA25904-6",
            pgettext_lazy(
                "NDI",
                "I am able to engage in most, but not all of my usual recreation activities because of pain in my neck.",
            ),
        ),
        (
            "LA25905-3",
            pgettext_lazy(
                "NDI", "I am able to engage in a few of my usual recreation activities because of pain in my neck."
            ),
        ),
        ("LA25906-1", pgettext_lazy("NDI", "I can hardly do any recreation activities because of pain in my neck.")),
        ("LA25907-9", pgettext_lazy("NDI", "I can't do any recreation activities at all.")),
    ),
)
ITEM_IDS = tuple(item.id for item in ITEMS)
BY_ID = {item.id: item for item in ITEMS}

# "I don't drive" is the usual reason an item is left out (Kose et al. 2007: 70% left driving out for reasons
# other than their neck); it counts as unanswered.
NOT_APPLICABLE = {"driving": _("I don't drive.")}

# The published bands on the 0-50 total (Vernon & Mior 1991; Vernon 2008): the lowest total of each band.
BANDS: tuple[tuple[int, str, LazyStr], ...] = (
    (0, "none", _("No disability")),
    (5, "mild", _("Mild disability")),
    (15, "moderate", _("Moderate disability")),
    (25, "severe", _("Severe disability")),
    (35, "complete", _("Complete disability")),
)

# Said beside a band name where the published name alone could alarm or mislead the person reading it.
BAND_NOTES: dict[str, LazyStr] = {
    "complete": _(
        "“Complete disability” is the name the questionnaire's authors give to its highest band of scores. It "
        "describes how much your neck pain gets in the way of daily life at the moment; it is not a diagnosis. "
        "Please show this result to your doctor or physiotherapist, who can help."
    ),
}


# What each band means for the person, in plain words (the bands' published names can sound harsher than meant).
BAND_MEANINGS: dict[str, LazyStr] = {
    "none": _("Your neck hardly gets in the way of daily life."),
    "mild": _("Your neck gets in the way of daily life a little."),
    "moderate": _("Your neck gets in the way of quite a few everyday things."),
    "severe": _("Your neck gets in the way of many everyday things at the moment."),
    "complete": _("Your neck gets in the way of most everyday things at the moment."),
}


@dataclass(frozen=True)
class Score:
    """The total out of 50, or none when two or more items were left out (then `missing` names them)."""

    total: Fraction | None
    answered: int
    missing: tuple[str, ...]

    @property
    def band(self) -> str | None:
        if self.total is None:
            return None
        return [key for low, key, _label in BANDS if self.total >= low][-1]

    @property
    def band_label(self) -> LazyStr | None:
        return next((label for _low, key, label in BANDS if key == self.band), None)

    @property
    def band_note(self) -> LazyStr | None:
        """A plain sentence for the person beside the band's published name, where it needs one."""
        return BAND_NOTES.get(self.band) if self.band else None

    @property
    def meaning(self) -> LazyStr | None:
        """What the band means in daily life, in plain words."""
        return BAND_MEANINGS.get(self.band) if self.band else None

    @property
    def shown(self) -> str:
        """The total as a person reads it: "12", or "25.6" when one item was left out."""
        if self.total is None:
            return ""
        return str(int(self.total)) if self.total.denominator == 1 else f"{float(self.total):.1f}"

    @property
    def percent(self) -> int | None:
        return None if self.total is None else round(self.total * 2)

    @property
    def missing_headings(self) -> list[LazyStr]:
        return [BY_ID[item_id].heading for item_id in self.missing]


def score(answers: Mapping[str, int | None]) -> Score:
    """Scores a set of answers (item id -> 0-5; a missing or None answer is unanswered). With one item left out
    the total is scaled to 50 (total x 50/45, the same as adding the mean of the answered items, Vernon's rule);
    with two or more there is no score."""
    given = {item_id: answers[item_id] for item_id in ITEM_IDS if answers.get(item_id) is not None}
    for item_id, value in given.items():
        if not isinstance(value, int) or not 0 <= value <= ITEM_MAX:
            raise ValueError(f"{item_id}: {value!r} is not 0-{ITEM_MAX}")
    missing = tuple(item_id for item_id in ITEM_IDS if item_id not in given)
    raw = sum(v for v in given.values() if v is not None)
    if len(missing) >= 2:
        return Score(None, len(given), missing)
    total = Fraction(raw * MAX_TOTAL, len(given) * ITEM_MAX)
    return Score(total, len(given), missing)


@dataclass(frozen=True)
class Change:
    points: Fraction  # later minus earlier: below zero is better
    meaningful: bool

    @property
    def better(self) -> bool:
        return self.points < 0

    @property
    def verdict(self) -> str:
        """ "better" or "worse" only when the change reaches MEANINGFUL_CHANGE (more than the score moves by chance
        from one time to the next); else "same"."""
        if not self.meaningful:
            return "same"
        return "better" if self.better else "worse"

    @property
    def shown(self) -> str:
        size = abs(self.points)
        return str(int(size)) if size.denominator == 1 else f"{float(size):.1f}"


def change(earlier: Score, later: Score) -> Change | None:
    """How far the total moved between two questionnaires; None when either has no score."""
    if earlier.total is None or later.total is None:
        return None
    points = later.total - earlier.total
    return Change(points, abs(points) >= MEANINGFUL_CHANGE)


def is_due(last_answered_at: datetime | None, now: datetime) -> bool:
    """Offered at the start and then every two weeks."""
    return last_answered_at is None or now - last_answered_at >= EVERY
