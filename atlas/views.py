"""Atlas pages: the muscles in the handout's order, a page per muscle, and the finder."""

import hashlib
import re
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.csp import CSP
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override

from atlas import finder as finding
from atlas.drawing.bodymap import body_svg
from atlas.drawing.description import lower_first, muscle_description, stage_words
from atlas.drawing.muscle import muscle_svg
from atlas.drawing.palette import body_map_css
from atlas.drawing.point import trigger_point_svg
from atlas.drawing.position import HEIGHT as POSITION_HEIGHT
from atlas.drawing.position import STAGES, position_alt, position_svg
from atlas.drawing.position import WIDTH as POSITION_WIDTH
from atlas.drawing.posture import posture_svg
from atlas.drawing.thumbnail import muscle_thumbnail_svg
from atlas.forms import FinderForm
from atlas.links import drawing_size, drawing_url, position_url, thumbnail_url
from clinical import triage
from clinical.content import Content, content, content_version
from clinical.regions import LABELS, PHRASES, SIDE_LABELS, VIEW_LABELS, region_choices
from clinical.techniques import POSITIONS, TOOLS
from unknot.public import public_page


@public_page
def index(request: HttpRequest) -> HttpResponse:
    data = content()
    return render(
        request,
        "atlas/index.html",
        {"key_areas": data.key_areas(), "extended": data.extended_muscles(), "version": content_version()},
    )


@public_page
def acupoints(request: HttpRequest) -> HttpResponse:
    """The reference table of every acupuncture point the content names, with the trigger points at it."""
    data = content()
    at: dict[str, list[dict]] = {code: [] for code in data.acupoints}
    for info in data.muscles.values():
        for number, point in enumerate(info.content.trigger_points, start=1):
            for link in point.acupoints:
                at[link.code].append({"muscle": info, "number": number, "point": point})
    rows = [
        {"point": data.acupoints[code], "trigger_points": at[code]} for code in sorted(data.acupoints, key=_code_order)
    ]
    return render(request, "atlas/acupoints.html", {"rows": rows, "sources": _acupoint_sources(data)})


def _code_order(code: str) -> tuple[str, int]:
    match = re.match(r"([A-Z]+)(\d+)", code)
    return (match.group(1), int(match.group(2))) if match else (code, 0)


def _acupoint_sources(data: Content) -> list:
    sources = {}
    for point in data.acupoints.values():
        sources.update({s.key: s for s in data.sources_of(point)})
    return sorted(sources.values(), key=lambda source: source.citation.lower())


@public_page
def muscle(request: HttpRequest, muscle: str) -> HttpResponse:
    data = content()
    if muscle not in data.muscles and (known := data.muscle_for_alias(muscle.lower())):
        return redirect("atlas:muscle", known, permanent=True)  # a short name: /atlas/scm/
    info = data.muscles[_known_muscle(muscle)]
    ids = list(data.muscles)
    position = ids.index(muscle)
    return render(
        request,
        "atlas/muscle.html",
        {
            "info": info,
            "muscle": info.content,
            "page": muscle_page(info.id),
            "previous": data.muscles[ids[position - 1]] if position > 0 else None,
            "next": data.muscles[ids[position + 1]] if position + 1 < len(ids) else None,
            "work_url": f"{reverse('care:work_now')}?muscle={info.id}",
        },
    )


# Drawings are SVG files with their own stylesheet and no script; their URLs name the content version.
SVG_CSP = {"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE], "frame-ancestors": [CSP.NONE]}


def _svg(request: HttpRequest, svg: str) -> HttpResponse:
    """An SVG drawing; with the current content version in its URL, browsers may keep it for a year."""
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    if request.GET.get("v") == content_version():
        patch_cache_control(response, max_age=365 * 24 * 3600, immutable=True)
    return response


@public_page
def drawing_css(request: HttpRequest) -> HttpResponse:
    """The body map's colours, from the same palette as the illustrations; kept a year under a versioned URL."""
    response = HttpResponse(body_map_css(), content_type="text/css; charset=utf-8")
    if request.GET.get("v") == content_version():
        patch_cache_control(response, max_age=365 * 24 * 3600, immutable=True)
    return response


def _known_muscle(muscle: str) -> str:
    if muscle not in content().muscles:
        raise Http404(_("There is no muscle called “%(id)s” in the atlas.") % {"id": muscle})
    return muscle


@public_page
@csp_override(SVG_CSP)
def muscle_drawing(request: HttpRequest, muscle: str) -> HttpResponse:
    """A muscle's illustration: numbered trigger points, referral zones and acupoints; with ?point=N, the
    zones of trigger point N only."""
    points = content().muscles[_known_muscle(muscle)].content.trigger_points
    point = request.GET.get("point")
    if point is None:
        return _svg(request, muscle_svg(muscle))
    if not point.isdigit() or not 1 <= int(point) <= len(points):
        raise Http404(_("This muscle has no trigger point with that number."))
    return _svg(request, muscle_svg(muscle, int(point)))


@public_page
@csp_override(SVG_CSP)
def muscle_thumbnail(request: HttpRequest, muscle: str) -> HttpResponse:
    """The small picture of a muscle for lists (atlas index, finder results)."""
    side = "left" if request.GET.get("side") == "left" else "right"
    return _svg(request, muscle_thumbnail_svg(_known_muscle(muscle), side))


@public_page
@csp_override(SVG_CSP)
def trigger_point_drawing(request: HttpRequest, point: str) -> HttpResponse:
    """A close-up of one trigger point with its landmarks, for the session player (mirrored with side=left)."""
    if point not in content().trigger_points:
        raise Http404(_("There is no such trigger point in the atlas."))
    return _svg(request, trigger_point_svg(point, "left" if request.GET.get("side") == "left" else "right"))


@public_page
@csp_override(SVG_CSP)
def position_drawing(request: HttpRequest, muscle: str, number: int) -> HttpResponse:
    """A technique's position picture: the person in position, the ball or hand on the spot, the way to lean."""
    techniques = content().muscles[_known_muscle(muscle)].content.techniques
    if not 1 <= number <= len(techniques):
        raise Http404(_("This muscle has no technique with that number."))
    stage = request.GET.get("stage", "lean")
    if stage not in STAGES:
        raise Http404(_("There is no such step of the picture."))
    side = "left" if request.GET.get("side") == "left" else "right"
    return _svg(request, position_svg(muscle, number - 1, side, stage))


@public_page
@csp_override(SVG_CSP)
def posture_drawing(request: HttpRequest) -> HttpResponse:
    """The guide's posture drawing: upright, and head forward with the shoulders rounded."""
    return _svg(request, posture_svg())


def muscle_page(muscle_id: str) -> dict:
    """What a muscle page shows beyond the content itself: numbered points, zones in words, acupoints."""
    data = content()
    info = data.muscles[muscle_id]
    points = []
    acupoints = []
    for number, point in enumerate(info.content.trigger_points, start=1):
        points.append(
            {
                "number": number,
                "point": point,
                "drawing": drawing_url(muscle_id, number),
                "alt": muscle_description(muscle_id, number),
                "essential": [PHRASES[region] for region in point.referral.essential],
                "spillover": [PHRASES[region] for region in point.referral.spillover],
                "tingling": [PHRASES[region] for region in point.referral.tingling],
            }
        )
        for link in point.acupoints:
            acupoints.append(
                {
                    "number": number,
                    "point": data.acupoints[link.code],
                    "sources": link.sources,
                    "distance": link.distance,
                }
            )
    techniques = [
        {
            "technique": technique,
            "title": f"{TOOLS[technique.tool]}, {POSITIONS[technique.position]}",
            "numbers": [n + 1 for n, p in enumerate(info.content.trigger_points) if p.id in technique.trigger_points],
            "picture": {
                "url": position_url(muscle_id, index),
                "alt": position_alt(muscle_id, index),
                "width": POSITION_WIDTH,
                "height": POSITION_HEIGHT,
            },
        }
        for index, technique in enumerate(info.content.techniques)
    ]
    sources = {s.key: s for s in data.sources_of(info.content)}
    for link in (link for point in info.content.trigger_points for link in point.acupoints):
        sources.update({s.key: s for s in data.sources_of(data.acupoints[link.code])})
    return {
        "drawing": {"url": drawing_url(muscle_id), "alt": muscle_description(muscle_id), **drawing_size(muscle_id)},
        "points": points,
        "acupoints": acupoints,
        "techniques": techniques,
        "videos": [video for video in info.content.videos if video.url],
        "sequences": [sequence(str(video.topic)) for video in info.content.videos if not video.url],
        "sources": sorted(sources.values(), key=lambda source: source.citation.lower()),
    }


def sequence(topic: str) -> dict:
    """Until a practitioner links a video for a topic of the handout, its techniques step by step in pictures:
    get into position, put the ball or hand on the spot, lean or press. One technique per muscle of the topic."""
    data = content()
    muscles = [info for info in data.muscles.values() if any(str(v.topic) == topic for v in info.content.videos)]
    parts = []
    for info in muscles:
        words = stage_words(info.id, 0)
        parts.append(
            {
                "muscle": info,
                "steps": [
                    {"url": position_url(info.id, 0, stage=stage), "text": text, "alt": text}
                    for stage, text in zip(STAGES, words, strict=True)
                ],
            }
        )
    return {"topic": topic, "parts": parts}


@public_page
def finder(request: HttpRequest) -> HttpResponse:
    values = [value for value in request.GET.getlist("region") if value.strip()]
    context: dict = {
        "groups": region_choices(),
        "selected": set(values),
        # Any length of selection gets its own key: a hash, never a cut that two selections could share.
        "selection_key": hashlib.sha256(
            (
                "|".join(sorted(set(values)))
                + "#"
                + request.GET.get("most", "").strip()
                + "#"
                + "|".join(sorted(set(request.GET.getlist("answer"))))
            ).encode()
        ).hexdigest(),
        "searched": "region" in request.GET,
    }
    status = 200
    if context["searched"]:
        form = FinderForm(request.GET)
        refused = form.refusal()
        if refused:
            _field, error = refused
            context["error"] = error.message % (error.params or {})
            # Nothing marked is a question not yet asked, not a bad request.
            status = 200 if error.code == "required" else 400
        marks = form.marks()
        if marks:
            most = form.cleaned_data.get("most")
            answers = form.cleaned_data.get("answer") or {}
            context["most"] = str(most) if most else ""
            context["answers"] = {qid: "yes" if yes else "no" for qid, yes in answers.items()}
            context["marks"] = [
                {"mark": mark, "label": LABELS[mark.region], "side": SIDE_LABELS.get(mark.side or "")} for mark in marks
            ]
            # Worked out only when the page's fragment cache does not already hold this selection's answer.
            context["answer"] = SimpleLazyObject(lambda: answer_for(marks, most, answers))
    marked = frozenset(values) if status == 200 else frozenset()
    context["maps"] = [
        {"view": view, "label": label, "svg": mark_safe(body_svg(view, marked=marked, interactive=True))}  # noqa: S308 - our own escaped SVG
        for view, label in VIEW_LABELS.items()
    ]
    return render(request, "atlas/finder.html", context, status=status)


def answer_for(
    marks: list[finding.Mark], most: finding.Mark | None = None, answers: dict[str, bool] | None = None
) -> dict:
    """The finder's answer to these marks: the ranked muscles (equally likely ones say so), the follow-up
    questions that would tell the leading ones apart, then the warnings and what follows them."""
    ranked = finding.rank(marks, most=most, answers=answers)
    results = [
        {"result": result, "drawing": thumbnail_url(result.muscle.id, result.side), "tie": tie}
        for group in finding.places(ranked)
        for result, tie in zip(group, equally_likely(group), strict=True)
    ]
    # Asked from the ranking before any answer (each result's fit), so a question stays on the page once answered.
    questions = finding.questions_for(ranked)
    given = {qid: "yes" if yes else "no" for qid, yes in (answers or {}).items()}
    asked = [{"question": q, "given": given.get(q.id, "")} for q in questions]
    muscles, minutes = finding.session_size(ranked)
    return {
        "results": results,
        "questions": asked,
        "start": {"muscles": muscles, "minutes": minutes},
        **next_step(marks, answers or {}),
    }


def equally_likely(group: list[finding.Result]) -> list[str]:
    """For each muscle of a place, the words that say which others are just as likely ("" when alone)."""
    if len(group) == 1:
        return [""]
    return [
        _("Just as likely as %(muscles)s.")
        % {"muscles": finding.join_words([lower_first(str(o.muscle.label)) for o in group if o is not result])}
        for result in group
    ]


def next_step(marks: list[finding.Mark], answers: dict[str, bool]) -> dict:
    """The finder's warnings and what follows them: a routine from these marks, unless a warning holds it.

    The answers travel in every start link, so the player and the routine editor hold the start on the same
    warnings as this page (a "yes" to chewing raises one by itself)."""

    warnings = triage.warnings_for(marks, answers)
    held = triage.blocking(warnings)
    query = [("region", str(mark)) for mark in marks] + finding.answer_query(answers)
    context: dict = {
        "warnings": warnings,
        "held": held,
        "routine_url": f"{reverse('care:routine_new')}?{urlencode(query)}",
        "work_url": f"{reverse('care:work_now')}?{urlencode(query)}",
    }
    if held and all(w.level == "urgent" for w in held):
        acks = [("ack", w.id) for w in held]
        # "Not me" leads to the start itself, with or without an account, as "Start these" does.
        context["ack_url"] = f"{reverse('care:work_now')}?{urlencode(query + acks)}"
        context["ack_routine_url"] = f"{reverse('care:routine_new')}?{urlencode(query + acks)}"
        # Who may say "not me", in each warning's own words (the temple: under 50, or had this headache before).
        context["not_me"] = "; ".join(dict.fromkeys(w.rule.not_me for w in held if w.rule.not_me))
    return context
