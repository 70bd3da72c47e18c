"""The shapes of the JSON API. Region and muscle ids are those of vocabulary.json."""

from typing import Literal

from ninja import Schema

from clinical.schema import Level


class Error(Schema):
    detail: str


class InvalidRegion(Schema):
    detail: str
    invalid: list[str]
    valid: list[str]


class Region(Schema):
    id: str
    label: str
    view: str
    sided: bool


class Claim(Schema):
    text: str
    sources: list[str]


class Referral(Schema):
    essential: list[str]
    spillover: list[str]
    sources: list[str]


class TriggerPoint(Schema):
    id: str
    name: str
    view: str
    find: Claim
    referral: Referral
    acupoints: list[str]


class Acupoint(Schema):
    code: str
    pinyin: str
    english: str
    location: Claim


class Technique(Schema):
    position: str
    tool: str
    trigger_points: list[str]
    placement: Claim
    cues: list[Claim]
    nerve_sensation: Claim


class Video(Schema):
    topic: str
    url: str


class Source(Schema):
    key: str
    citation: str
    read: str
    supports: str
    url: str | None
    doi: str | None


class MuscleSummary(Schema):
    id: str
    label: str
    core: bool
    seed_rank: int | None
    summary: str
    url: str


class Muscle(MuscleSummary):
    actions: Claim
    posture: Claim
    trigger_points: list[TriggerPoint]
    acupoints: list[Acupoint]
    techniques: list[Technique]
    cautions: list[Claim]
    videos: list[Video]
    sources: list[Source]


class FinderResult(Schema):
    """A muscle whose trigger points refer pain to the regions. Results come most likely first; muscles with the
    same `place` are equally likely (1 + the number of muscles more likely), whatever their order in the list.
    `score` is the muscle's likelihood as a percentage of the most likely one's (rounded: only `place` tells a
    tie)."""

    muscle: str
    label: str
    score: int
    place: int
    side: str | None
    trigger_point: str
    reasons: list[str]
    essential: list[str]
    spillover: list[str]


class SourceRef(Schema):
    key: str
    citation: str
    url: str | None


class FinderWarning(Schema):
    """The marked places, or an answer (`chew:yes`), may point to the heart, an artery or a nerve. `level`: emergency (call an
    emergency number now), urgent (see a doctor today) or clinician (see a clinician before self-care).
    `text` names the emergency number of the signed-in person's country, or every number (999 UK, 112 EU, 911 US
    and Canada) when the country is not known."""

    id: str
    level: Level
    title: str
    text: str
    sources: list[SourceRef]


class FinderQuestion(Schema):
    """An optional follow-up question that tells apart the leading muscles; answer it as
    `answer=ID:yes` or `answer=ID:no`. `answer` is the one given, if any."""

    id: str
    text: str
    answer: Literal["yes", "no"] | None
    sources: list[SourceRef]


class FinderResults(Schema):
    regions: list[str]
    warnings: list[FinderWarning]
    questions: list[FinderQuestion]
    results: list[FinderResult]
