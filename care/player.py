"""What the session player needs for each step, from the content, the plan and the person's recent work."""

import uuid
from datetime import datetime

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atlas.drawing.position import position_alt
from atlas.links import point_drawing_url, position_url
from care.coaching import EQUIPMENT, PLACES, words_for
from care.models import READY_ALLOWANCE, Routine, Session
from care.plain_time import ago
from care.routines import BOTH_SIDES_AT_ONCE, StepPlan, length_seconds
from care.schedule import rest_warning
from clinic import overlay
from clinic.overlay import video_host
from clinical.content import content
from clinical.sides import STEP, YOURS
from clinical.techniques import POSITIONS, TOOLS


def step_data(index: int, plan: StepPlan, worked: dict, now: datetime, own: tuple[str, str] = ("", "")) -> dict:
    """One area for the player; `own` is the practitioner's note and video link for it, if any."""
    info = content().muscles[plan.muscle]
    muscle = info.content
    technique = muscle.techniques[0]
    point = next(p for p in muscle.trigger_points if p.id == technique.trigger_points[0])
    last = rest_warning(worked, plan.muscle, plan.side)
    warning = None
    if last is not None:
        warning = _(
            "You worked this area %(when)s. Muscles need 2 to 3 days to recover: go gently, or skip it today."
        ) % {"when": ago(last, now)}
    return {
        "index": index,
        "muscle": plan.muscle,
        "label": info.label,
        "side": plan.side,
        "side_label": str(STEP[plan.side]),
        "seconds": plan.seconds,
        "drawing": point_drawing_url(point.id, plan.side),
        "drawing_alt": _("Where to press: %(point)s. %(find)s") % {"point": point.name, "find": point.find.text},
        # the position picture is drawn for one side; a step on both sides shows the right
        # the three stages as a loop, and still one under the other for reduced motion and print
        "picture": position_url(plan.muscle, 0, "left" if plan.side == "left" else "right", stage="loop"),
        "picture_stills": position_url(plan.muscle, 0, "left" if plan.side == "left" else "right", stage="stills"),
        "picture_alt": position_alt(plan.muscle, 0, plan.side or "both"),
        "muscle_url": reverse("atlas:muscle", args=[plan.muscle]),
        "point_name": point.name,
        "find": point.find.text,
        "how": f"{TOOLS[technique.tool]}, {POSITIONS[technique.position]}",
        "placement": technique.placement.text,
        "cues": [cue.text for cue in technique.cues],
        "nerve_sensation": technique.nerve_sensation.text,
        "recent_warning": warning,
        "tool": technique.tool,
        "motion": technique.motion.kind,
        "position": technique.position,
        "words": words_for(technique),
        "note": own[0],
        "video_url": own[1],
        "video_host": video_host(own[1]) if own[1] else "",
        "video_label": _("Video from your practitioner") if own[1] else "",
    }


def practitioners_words(routine: Routine | None) -> dict[tuple[str, str], tuple[str, str]]:
    """A clinic's routine's notes and video links by area (steps prefetched by the door's routine()): an area's
    own link, else the clinic's default for its muscle or its handout topic (clinic.overlay)."""
    if routine is None or not routine.clinic_id:
        return {}
    defaults = overlay.links(routine.clinic_id)
    found = {
        (s.muscle, s.side): (s.note, s.video_url or overlay.video_for(defaults, s.muscle)) for s in routine.steps.all()
    }
    return {area: words for area, words in found.items() if any(words)}


def player_context(
    request: HttpRequest,
    plan: list[StepPlan],
    *,
    routine: Routine | None = None,
    worked: dict | None = None,
    session: Session | None = None,
    end_signal: str = "both",
    ready_seconds: int = 0,
    spoken_cues: bool = False,
    time_zone: str = "",
    title: str | None = None,
    regions: list[str] | None = None,
) -> dict:
    now = datetime.now().astimezone()
    own = practitioners_words(routine)
    signed_in = request.user.is_authenticated
    session_id = str(session.pk) if session else str(uuid.uuid4())
    resume = None
    if session is not None:
        done = {}
        for event in session.events.exclude(kind="nerve"):
            done[str(event.step)] = {"kind": event.kind, "seconds": event.seconds}
        # started, even when pain before was skipped (None): the player carries on rather than asking it again
        resume = {"started": True, "pain_before": session.pain_before, "done": done}
    return {
        "signed_in": signed_in,
        "session_id": session_id,
        "csrf": get_token(request) if signed_in else "",
        "end_signal": end_signal,
        "ready_seconds": ready_seconds,  # 0: the timer waits for "I'm in position"
        "ready_allowance": READY_ALLOWANCE,  # what getting into position takes, for "time left"
        "spoken_cues": spoken_cues,
        "time_zone": time_zone,
        "home_url": reverse("care:home") if signed_in else reverse("guide:home"),
        "api": {
            "start": "/api/v1/sessions",
            "events": f"/api/v1/sessions/{session_id}/events",
            "finish": f"/api/v1/sessions/{session_id}/finish",
            "csrf": "/api/v1/csrf",
        },
        "routine": {
            "id": routine.pk if routine else None,
            "name": routine.name if routine else (title or _("The handout's routine")),
        },
        # the finder's places this session is made from: sent with its start, kept for the quick routine
        "regions": regions or [],
        "steps": [
            step_data(i, step, worked or {}, now, own.get((step.muscle, step.side), ("", "")))
            for i, step in enumerate(plan)
        ],
        "overview": overview(plan),
        "rested": rest_notice(plan, worked or {}, now),
        "resume": resume,
        # A copy kept for offline use opens later than it was made: the page then asks "Anything new?" itself
        # (it cannot reach the server's question). Kept copies are made without asking (care.gate, X-Unknot-Keep).
        "rendered_at": int(now.timestamp() * 1000),
        "ask_quick": request.headers.get("X-Unknot-Keep") == "1",
    }


def rest_notice(plan: list[StepPlan], worked: dict, now: datetime) -> str | None:
    """Before a session starts: which of its areas were worked in the last 48 hours, and when, in plain words."""
    rested: dict[str, datetime] = {}
    for step in plan:
        when = rest_warning(worked, step.muscle, step.side)
        if when is not None:
            name = f"{content().muscles[step.muscle].label} ({YOURS[step.side or 'both']})"
            rested[name] = max(when, rested.get(name, when))
    if not rested:
        return None
    return ngettext(
        "You worked %(count)d of these areas %(when)s: %(areas)s. Muscles need 2 to 3 days to recover: "
        "go gently on it, or skip it today.",
        "You worked %(count)d of these areas, most recently %(when)s: %(areas)s. Muscles need 2 to 3 days to "
        "recover: go gently on them, or skip them today.",
        len(rested),
    ) % {"count": len(rested), "when": ago(max(rested.values()), now), "areas": ", ".join(rested)}


def overview(plan: list[StepPlan]) -> dict:
    """What a person needs to know before the first step: how long, what to have, where to be, in order."""
    muscles = content().muscles
    techniques = [muscles[step.muscle].content.techniques[0] for step in plan]
    seconds = length_seconds(plan)
    equipment = []
    if any(t.tool == "ball" and s.muscle not in BOTH_SIDES_AT_ONCE for t, s in zip(techniques, plan, strict=True)):
        equipment.append(str(EQUIPMENT["ball"]))
    if any(s.muscle in BOTH_SIDES_AT_ONCE for s in plan):
        equipment.append(str(EQUIPMENT["two-balls"]))
    if any(t.tool != "ball" for t in techniques):
        equipment.append(str(EQUIPMENT["hands"]))
    places: list[str] = []
    for technique in techniques:
        place = str(PLACES[technique.position])
        if not places or places[-1] != place:
            places.append(place)
    return {"minutes": max(1, round(seconds / 60)), "seconds": seconds, "equipment": equipment, "places": places}
