"""The JSON API, version 1: regions, muscles and the finder, described at /api/v1/openapi.json."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from ninja import NinjaAPI, Query, Status

from api import schemas
from api.care import router as care_router
from api.diary import router as diary_router
from atlas import finder as finding
from atlas.forms import FinderForm
from clinical import triage
from clinical.content import MuscleInfo, content
from clinical.emergency import fill, numbers_of
from clinical.regions import LABELS

api = NinjaAPI(
    title="unknot API",
    version="1",
    description="Trigger-point content and the finder of unknot. Region and muscle ids are those of the "
    "project's vocabulary; acupoints use WHO standard codes.\n\n"
    "Breaking change (November 2026): the lists of my routines and my sessions come a page at a time as "
    "`{items, count}`, with `limit` (at most 200) and `offset`; they were plain arrays cut at 100 or 200. "
    'Numbers must be JSON numbers (`"5"` and `true` are refused with 422), and times from a device must be '
    "within the last 30 days and at most 5 minutes ahead.",
    urls_namespace="api",
    docs_url="/docs",
)


def _register_routers() -> None:

    api.add_router("/", care_router)
    api.add_router("/", diary_router)


def cacheable(response: HttpResponse) -> None:
    """Content changes only with a release, so anyone may cache these answers for a while."""

    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)


def _summary(info: MuscleInfo) -> dict:
    return {
        "id": info.id,
        "label": info.label,
        "core": info.core,
        "seed_rank": info.seed_rank,
        "summary": info.content.summary.text,
        "url": reverse("atlas:muscle", args=[info.id]),
    }


@api.get("/regions", response=list[schemas.Region], tags=["atlas"], summary="Body regions where a person can feel pain")
def regions(request: HttpRequest, response: HttpResponse) -> Any:
    cacheable(response)
    return [
        {"id": region.id, "label": str(LABELS[region.id]), "view": region.view, "sided": region.sided}
        for region in content().regions.values()
    ]


@api.get(
    "/muscles", response=list[schemas.MuscleSummary], tags=["atlas"], summary="The muscles, in the handout's order"
)
def muscles(request: HttpRequest, response: HttpResponse) -> Any:
    cacheable(response)
    return [_summary(info) for info in content().muscles.values()]


@api.get(
    "/muscles/{muscle_id}",
    response={200: schemas.Muscle, 404: schemas.Error},
    tags=["atlas"],
    url_name="muscle",
    summary="One muscle with its trigger points, referral zones, acupoints, technique, cautions and sources",
)
def muscle(request: HttpRequest, response: HttpResponse, muscle_id: str) -> Any:
    data = content()
    info = data.muscles.get(muscle_id)
    if info is None:
        return Status(404, {"detail": f"No muscle has the id '{muscle_id}'. Valid ids: {', '.join(data.muscles)}."})
    cacheable(response)
    model = info.content
    codes = {link.code for point in model.trigger_points for link in point.acupoints}
    sources = {source.key: source for source in data.sources_of(model)}
    for code in codes:
        sources.update({source.key: source for source in data.sources_of(data.acupoints[code])})
    return {
        **_summary(info),
        "actions": model.actions.model_dump(),
        "posture": model.posture.model_dump(),
        "trigger_points": [
            {**point.model_dump(exclude={"acupoints"}), "acupoints": [link.code for link in point.acupoints]}
            for point in model.trigger_points
        ],
        "acupoints": [data.acupoints[code].model_dump() for code in sorted(codes)],
        "techniques": [technique.model_dump() for technique in model.techniques],
        # public and cached alike for everyone: the number to call is every number, emergency first
        "cautions": [{**caution.model_dump(), "text": fill(caution.text)} for caution in model.cautions],
        # A video topic without a link is not shown: never a dead link.
        "videos": [{"topic": video.topic, "url": str(video.url)} for video in model.videos if video.url],
        "sources": [
            {**source.model_dump(mode="json"), "url": str(source.url) if source.url else None}
            for source in sorted(sources.values(), key=lambda s: s.key)
        ],
    }


@api.get(
    "/finder",
    response={200: schemas.FinderResults, 400: schemas.InvalidRegion},
    tags=["atlas"],
    summary="Muscles whose trigger points refer pain to the given regions, most likely first",
    description="Give each region where it hurts as `region=ID`, with an optional side: `region=temple:left`. "
    "`warnings` (most severe first, `[]` when calm) say when the pattern may come from the heart, an artery or "
    "a nerve; show them before the muscles, and start no session from an answer with an `emergency` or "
    "`urgent` warning. `most=ID[:SIDE]`, one of the regions, says where it hurts most; it weighs more. "
    "Muscles with the same `place` are equally likely: show them as such, not the first as the answer. "
    "`questions` (at most two, often none) are optional follow-ups that tell the leading muscles apart, first "
    "those that tell apart the muscles sharing first place; answer "
    "each as `answer=ID:yes` or `answer=ID:no` (repeatable). An answer nudges muscles up or down, never out of "
    "the list, and never hides a warning, but an answer that may be a red-flag sign adds one (`answer=chew:yes`: "
    "jaw pain on chewing over 50, `urgent`), which holds a start like any other; if one question is answered "
    "twice the last answer counts. Unknown answers get 400.",
)
def finder(
    request: HttpRequest,
    response: HttpResponse,
    region: Query[list[str]] = None,  # type: ignore[assignment]
    most: str | None = None,
    answer: Query[list[str]] = None,  # type: ignore[assignment]
) -> Any:
    # The query as documented above, read by the form the finder page uses.
    form = FinderForm(request.GET)
    refused = form.refusal()
    if refused:
        field, error = refused
        params = error.params or {}
        words = {"invalid": ", ".join(params["invalid"]), "valid": ", ".join(params["valid"])}
        return _refused(REFUSED[field, error.code or ""] % words, params["invalid"], params["valid"])
    marks, worst, answers = form.cleaned_data["region"], form.cleaned_data["most"], form.cleaned_data["answer"]
    ranked = finding.rank(marks, most=worst, answers=answers)
    # Asked from the ranking before any answer (each result's fit), so an answered question stays in the list.
    asked = finding.questions_for(ranked)
    data = content()
    numbers = numbers_of(request)  # a signed-in person's own emergency number, else every one
    cacheable(response)
    if numbers.known:
        patch_cache_control(response, private=True)
    return {
        "regions": [str(mark) for mark in marks],
        "questions": [
            {
                "id": question.id,
                "text": question.text,
                "answer": ("yes" if answers[question.id] else "no") if question.id in answers else None,
                "sources": [_source_out(s) for s in data.sources_of(question)],
            }
            for question in asked
        ],
        "warnings": [
            {
                "id": warning.id,
                "level": warning.level,
                "title": warning.rule.title,
                "text": numbers.fill(warning.rule.text),
                "sources": [_source_out(s) for s in warning.sources],
            }
            for warning in triage.warnings_for(marks, answers)
        ],
        "results": [
            {
                "muscle": result.muscle.id,
                "label": result.muscle.label,
                "score": result.score,
                "place": result.place,
                "side": result.side,
                "trigger_point": result.trigger_point.id,
                "reasons": result.reasons,
                "essential": [str(mark) for mark in result.essential],
                "spillover": [str(mark) for mark in result.spillover],
            }
            for result in ranked
        ],
    }


# The finder's 400s name what was wrong and what would have been accepted (the form's error params).
REFUSED = {
    # the same body as every other 400 of the finder (InvalidRegion): nothing was invalid, here is what is valid
    ("region", "required"): "Give at least one region, e.g. ?region=temple:left",
    ("region", "unknown"): "Unknown region: %(invalid)s. Use a region id, optionally with ':left' or ':right'.",
    ("most", "not-marked"): "most must be one of the regions given: %(valid)s.",
    ("answer", "unknown"): "Unknown answer: %(invalid)s. Use a question id with ':yes' or ':no'.",
}


def _refused(detail: str, invalid: list[str], valid: list[str]) -> Status:
    """A 400 that names what was wrong and what would have been accepted."""
    return Status(400, {"detail": detail, "invalid": invalid, "valid": valid})


def _source_out(source: Any) -> dict:
    return {"key": source.key, "citation": source.citation, "url": str(source.url) if source.url else None}


_register_routers()
