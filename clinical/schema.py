"""The schema of unknot's clinical content files (content/). Every clinical claim carries source keys."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, model_validator

View = Literal["front", "back", "side"]
SourceKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
RegionId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*$")]
# WHO standard codes: meridian abbreviation and point number (GB21, SI14, TE15, BL10, GV14, CV22...).
ACUPOINT_CODE_PATTERN = r"^(LU|LI|ST|SP|HT|SI|BL|KI|PC|TE|GB|LR|GV|CV)[1-9][0-9]?$"
AcupointCode = Annotated[str, StringConstraints(pattern=ACUPOINT_CODE_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Claim(Strict):
    """A piece of clinical content in plain words and the sources that support it."""

    text: Text
    sources: list[SourceKey] = Field(min_length=1)


class Referral(Strict):
    essential: list[RegionId] = Field(min_length=1)
    spillover: list[RegionId] = []
    # Where a knot may bring tingling or numbness rather than pain: said on the muscle page, not drawn as pain
    # and not ranked by the finder, which is about where it hurts.
    tingling: list[RegionId] = []
    sources: list[SourceKey] = Field(min_length=1)


class AcupointLink(Strict):
    code: AcupointCode
    sources: list[SourceKey] = Field(min_length=1)
    # Where the point lies from the trigger point, when it is near it rather than on it.
    distance: Text | None = None


class TriggerPoint(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
    name: Text
    find: Claim
    view: View
    referral: Referral
    acupoints: list[AcupointLink] = []


class Motion(Strict):
    """How the tool works the spot: `hold` (still, sustained pressure) or `stroke` (slow rolling or gliding
    along the muscle). It decides the session's cues and its timer's words; cited like any claim."""

    kind: Literal["hold", "stroke"]
    sources: list[SourceKey] = Field(min_length=1)


Hold = Literal[
    "head-turned-away",
    "head-tilted-towards",
    "chin-down",
    "arm-raised",
    "arms-across",
    "arm-in-lap",
    "body-turned-to-wall",
]


class Technique(Strict):
    position: Literal["wall", "floor", "seated", "standing", "side-lying"]
    tool: Literal["ball", "fingers", "pincer"]
    # The posed figure of content/body/poses.toml that shows it; by default the first of its position.
    pose: str | None = None
    # Two balls tied in a sock, one each side of the spine, pressed together (the suboccipitals).
    balls: Literal[1, 2] = 1
    # What presses for a hand technique: the fingertips, or the thumb (laced fingers behind the head).
    pressed_with: Literal["fingertips", "thumb"] = "fingertips"
    # The hand that works, for a hand technique, as its words name it: the other hand (across the body), the
    # hand of the side worked, or both (laced behind the head). `content check` holds it to the words.
    hand: Literal["other", "same", "both"] | None = None
    # How the words hold the head and the arm of the side worked; drawn in the position picture and checked
    # against the technique's words by `content check` (clinical/holds.py).
    hold: list[Hold] = []
    motion: Motion
    trigger_points: list[str] = Field(min_length=1)
    placement: Claim
    cues: list[Claim] = []
    nerve_sensation: Claim

    @model_validator(mode="after")
    def _balls_need_a_ball(self) -> "Technique":
        if self.balls == 2 and self.tool != "ball":
            raise ValueError("balls = 2 is for a ball technique only")
        if self.pressed_with == "thumb" and self.tool != "fingers":
            raise ValueError("pressed_with = 'thumb' is for a hand (fingers) technique only")
        if (self.hand is None) != (self.tool == "ball"):
            raise ValueError("hand is needed by a hand technique (fingers, pincer) and only by one")
        return self


class Video(Strict):
    topic: Text
    url: HttpUrl | None = None


class Muscle(Strict):
    id: RegionId
    name: Text
    summary: Claim
    actions: Claim
    posture: Claim
    trigger_points: list[TriggerPoint] = Field(min_length=1)
    techniques: list[Technique] = Field(min_length=1)
    cautions: list[Claim] = []
    # What keeps its trigger points coming back, and a gentle stretch where a source of weight supports one
    keeps_coming_back: Claim | None = None
    stretch: Claim | None = None
    videos: list[Video] = []
    # Short names people type ("scm"): the muscle's page answers them with a permanent redirect. Not ids: the
    # API and the finder know only the id.
    aliases: list[RegionId] = []


class Acupoint(Strict):
    code: AcupointCode
    pinyin: Text
    english: Text
    location: Claim


# What a source is. Anything but `lay` is a source of weight: a clinical claim must cite at least one.
# `reference` covers StatPearls, NHS and NICE CKS pages, MedLink and the like.
SourceKind = Literal["paper", "guideline", "textbook", "textbook-summary", "reference", "lay"]
SOURCE_KINDS: tuple[str, ...] = ("paper", "guideline", "textbook", "textbook-summary", "reference", "lay")


class Source(Strict):
    key: SourceKey
    citation: Text
    read: Text = Field(
        description="What was actually read, e.g. 'the NAMTPT symptom checker page summarising Travell & Simons'"
    )
    url: HttpUrl | None = None
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    supports: Text
    kind: SourceKind
    authors: Text = Field(description="The people or the organisation behind the source")
    year: Annotated[int, Field(ge=1900, le=2100)] | None = Field(
        default=None, description="Year of publication; left out when the page carries no date"
    )

    @property
    def of_weight(self) -> bool:
        """A paper, guideline, textbook or reference work: anything but a lay page."""
        return self.kind != "lay"


# How soon a person must see someone, most severe first: call an emergency number now, see a doctor
# today, or see a clinician before self-care. One list for red flags, finder warnings, the safety check
# and the API.
Level = Literal["emergency", "urgent", "clinician"]
LEVELS: tuple[str, ...] = ("emergency", "urgent", "clinician")
FlagId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]


class FlagGroup(Strict):
    """A body area of the safety check: its signs are asked together, with "none of these"."""

    id: FlagId
    title: Text


class FlagPart(Strict):
    """One of the questions a two-part sign is asked as ("you are under 20 or over 55"). Not a sign alone."""

    id: FlagId
    question: Text


class RedFlag(Strict):
    """One sign. `question` is how the safety page says whom it concerns; the check asks it as one tick, or,
    when the sign has `parts`, as each part, and the sign holds exactly when every part is ticked."""

    id: FlagId
    group: FlagId
    urgency: Level
    question: Text
    sign: Text
    why: Text
    sources: list[SourceKey] = Field(min_length=1)
    parts: list[FlagPart] = Field(default=[], max_length=3)

    def holds(self, answers: dict[str, bool]) -> bool:
        """Whether these answers (ids to yes or no) show this sign."""
        if self.parts:
            return all(answers.get(part.id, False) for part in self.parts)
        return bool(answers.get(self.id, False))


# Emergency and urgent numbers by country: a person's own, or all of them (emergency first) when the country
# is not known. `countries` are ISO 3166 codes ("EU" is a choice in Settings for any member state).
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class PhoneLine(Strict):
    number: Annotated[str, StringConstraints(pattern=r"^[0-9]{3}$")]
    kind: Literal["emergency", "urgent"]
    where: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)] = Field(
        description="Where it works, as shown beside the number: 'UK', 'EU'"
    )
    what: Text = Field(description="What it is for, in a short line")
    countries: list[CountryCode] = Field(min_length=1)
    sources: list[SourceKey] = Field(min_length=1)


class RetiredFlag(Strict):
    """A question no longer asked; kept so old answers still read as they were asked. Its id is never reused."""

    id: FlagId
    retired_in: int = Field(ge=2)
    question: Text
    sign: Text


class CheckLine(Strict):
    """One plain line of the safety check's summary. A yes opens its detailed signs (`flags`, asked as now);
    a line left alone answers each of them no. Screen 1 holds every emergency and urgent sign, screen 2 the
    rest, so the signs that need help now are never behind a second screen."""

    id: FlagId
    screen: Literal[1, 2]
    text: Text
    flags: list[FlagId] = Field(min_length=1)


MAX_LINES = 10  # a screen's summary lines: the first screen fits a phone with "None of these apply"


class Safety(Strict):
    red_flag_version: int = Field(ge=1)
    groups: list[FlagGroup] = Field(min_length=1)
    red_flags: list[RedFlag] = Field(min_length=1)
    check_lines: list[CheckLine] = Field(min_length=1)
    retired_flags: list[RetiredFlag] = []
    phone_lines: list[PhoneLine] = []
    nerve_sensation: Claim
    not_a_diagnosis: Claim
    general_cautions: list[Claim] = []
    correspondence_debate: Claim
    # What self-massage can and cannot do, and the whole-body factors to raise with a clinician (the guide)
    what_self_massage_can_do: Claim | None = None
    whole_body_factors: Claim | None = None

    @model_validator(mode="after")
    def _every_flag_on_one_line(self) -> "Safety":
        placed = [flag for line in self.check_lines for flag in line.flags]
        known = {flag.id: flag for flag in self.red_flags}
        if unknown := sorted(set(placed) - set(known)):
            raise ValueError(f"check_lines name flags that do not exist: {unknown}")
        if twice := sorted({flag for flag in placed if placed.count(flag) > 1}):
            raise ValueError(f"a flag may be on one check line only: {twice}")
        if missing := sorted(set(known) - set(placed)):
            raise ValueError(f"every red flag needs a check line: {missing}")
        late = sorted(
            flag
            for line in self.check_lines
            if line.screen == 2
            for flag in line.flags
            if known[flag].urgency != "clinician"
        )
        if late:
            raise ValueError(f"emergency and urgent signs belong on screen 1: {late}")
        for screen in (1, 2):
            if sum(line.screen == screen for line in self.check_lines) > MAX_LINES:
                raise ValueError(f"screen {screen} has more than {MAX_LINES} check lines")
        return self

    def lines(self, screen: int) -> list[CheckLine]:
        return [line for line in self.check_lines if line.screen == screen]


MarkPattern = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*(:(left|right|unsided))?$")]
# A follow-up answer as the finder's links carry it: QUESTION_ID:yes or QUESTION_ID:no ("chew:yes").
AnswerPattern = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*:(yes|no)$")]


class FinderWarning(Strict):
    """A pattern of marked places that can come from the heart, an artery or a nerve rather than muscle.

    It fires when every group in `when` matches at least one mark ("chest" matches either side or none;
    "chest:left" only the left) and every one of its `answers` was given ("chew:yes"). A rule that fires hides
    the rules it `supersedes`."""

    id: FlagId
    level: Level
    title: Text
    text: Text
    when: list[list[MarkPattern]] = []
    answers: list[AnswerPattern] = Field(
        default=[], description="Follow-up answers that must all have been given, as QUESTION_ID:yes|no"
    )
    flag: FlagId | None = Field(default=None, description="The red flag of safety.toml this warning asks about")
    not_me: Text | None = Field(
        default=None, description="Who may say an urgent warning is not about them, in their words ('I'm under 50')"
    )
    supersedes: list[FlagId] = []
    sources: list[SourceKey] = Field(min_length=1)

    @model_validator(mode="after")
    def _keyed(self) -> "FinderWarning":
        if not self.when and not self.answers:
            raise ValueError("a warning needs marked places (`when`), follow-up answers (`answers`) or both")
        return self


class Triage(Strict):
    warnings: list[FinderWarning] = Field(min_length=1)


class AnswerEffect(Strict):
    """What one answer does: nudges some muscles up (boost) or down (damp) a little, never out of the list."""

    effect: Literal["boost", "damp"]
    muscles: list[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*$")]] = Field(min_length=1)
    reason: Text | None = Field(default=None, description="Said beside a boosted muscle, in the patient's words")
    sources: list[SourceKey] = Field(min_length=1)
    may_indicate: list[FlagId] = Field(
        default=[],
        description="Red flags of safety.toml this answer may be a sign of; a warning in triage.toml keyed on the "
        "answer (its `answers` and `flag`) must raise each",
    )


class Question(Strict):
    """A follow-up question that helps tell apart the muscles at the top of the finder's list."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*$")]
    text: Text
    asked_when: list[list[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*$")]]] = Field(min_length=2)
    yes: AnswerEffect
    no: AnswerEffect | None = None


class Questions(Strict):
    questions: list[Question] = Field(min_length=1)
