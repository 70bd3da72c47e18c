"""The printed handout: the generic one (the seed handout's areas, #1 to the chest, illustrated) and a patient's
(the routine their clinic assigned, in its order, with the practitioner's notes and video links). Both are the
same template and drawings as the pages, turned into a tagged PDF by clinic.handout."""

from dataclasses import dataclass, field, replace
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from access.models import Clinic
from atlas.drawing.description import muscle_description
from atlas.drawing.overview import key_areas_svg
from atlas.drawing.position import STAGES, position_alt
from atlas.links import drawing_size, drawing_url, position_url
from atlas.sequences import stage_words
from care.assigned import AssignedStep, steps_of, video_host
from care.door import Patient
from care.models import DEFAULT_SECONDS, Routine
from clinic import overlay
from clinic.handout import PAPERS, Rendered, render_pdf
from clinic.qr import qr_svg
from clinical.content import content, content_version
from clinical.emergency import fill
from clinical.regions import PHRASES
from clinical.sides import BOTH_SIDES_AT_ONCE, STEP
from clinical.techniques import POSITIONS, TOOLS
from guide import ACUPUNCTURE_SOURCES

LEVELS = ("emergency", "urgent", "clinician")


@dataclass
class Handout:
    """What one printed handout says: who it is from and for, the areas in order, how often."""

    title: str
    steps: list[AssignedStep]
    interval_days: int | None = None  # None: the handout's "every 2 to 3 days"
    clinic: str = ""
    practitioner: str = ""
    patient: str = ""
    live_url: str = ""  # the QR that opens the routine as it is now (sign-in still required)
    live_label: str = ""
    ranks: dict[str, int] = field(default_factory=dict)  # the seed handout's numbers, on the generic one
    generic: bool = False  # the seed handout's opening too: why it hurts, posture, trigger points, the ball


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def generic() -> Handout:
    """The seed handout: #1 trapezius to #6 latissimus dorsi and teres minor, then the chest muscles, each area
    on both sides at the handout's default time."""
    steps, ranks = [], {}
    for rank, group in content().key_areas():
        for info in group:
            steps.append(AssignedStep(info.id, "" if info.id in BOTH_SIDES_AT_ONCE else "each", DEFAULT_SECONDS))
            ranks[info.id] = rank
    return Handout(
        title=_("Neck and upper-back pain: a self-care handout"),
        steps=steps,
        ranks=ranks,
        generic=True,
        live_url=site_url(reverse("guide:home")),
        live_label=_("This guide on your phone, with a timer for each area"),
    )


def for_patient(
    patient: Patient, routine: Routine | None, clinic: Clinic, practitioner: str, patient_name: str
) -> Handout:
    """The patient's handout: the routine their clinic assigned, or the handout's areas when none is yet. Its QR
    opens the routine's own page, which always shows the routine as it is now."""
    if routine is None:
        handout = generic()
        handout.live_url = site_url(reverse("care:routines"))
        handout.live_label = _("Your routines in unknot (sign in to see them)")
        handout.generic = False
    else:
        defaults = overlay.links(clinic.pk)  # the clinic's default video links, where an area has none of its own
        steps = [replace(s, video_url=s.video_url or overlay.video_for(defaults, s.muscle)) for s in steps_of(routine)]
        handout = Handout(
            title="",
            steps=steps,
            interval_days=routine.interval_days,
            live_url=site_url(reverse("care:routine_edit", args=[routine.pk])),
            live_label=_("Your routine as it is now, with a timer for each area (sign in to see it)"),
        )
    handout.title = _("Your self-care routine from %(clinic)s") % {"clinic": clinic.name}
    handout.clinic, handout.practitioner, handout.patient = clinic.name, practitioner, patient_name
    return handout


def _area(number: int, step: AssignedStep, rank: int | None) -> dict:
    info = content().muscles[step.muscle]
    technique = info.content.techniques[0]
    side = "left" if step.side == "left" else "right"
    words = stage_words(step.muscle, 0)
    worked = [p for p in info.content.trigger_points if p.id in technique.trigger_points]
    side_words = _("each side in turn") if step.side == "each" else str(STEP[step.side]).lower()
    return {
        "number": number,
        "rank": rank,
        "label": info.label,
        "side": side_words,
        "seconds": step.seconds,
        "drawing": {
            "url": drawing_url(step.muscle),
            "alt": muscle_description(step.muscle),
            **drawing_size(step.muscle),
        },
        "points": [
            {
                "number": n,
                "name": point.name,
                "find": point.find.text,
                "essential": [PHRASES[r] for r in point.referral.essential],
                "spillover": [PHRASES[r] for r in point.referral.spillover],
                "acupoints": [link.code for link in point.acupoints],
                "worked": point in worked,
            }
            for n, point in enumerate(info.content.trigger_points, start=1)
        ],
        "how": f"{TOOLS[technique.tool]}, {POSITIONS[technique.position]}",
        "stages": [
            {"url": position_url(step.muscle, 0, side, stage), "text": text}
            for stage, text in zip(STAGES, words, strict=True)
        ],
        "stages_alt": position_alt(step.muscle, 0, step.side if step.side in ("left", "right") else "both"),
        "placement": technique.placement.text,
        "cues": [cue.text for cue in technique.cues],
        "nerve_sensation": technique.nerve_sensation.text,
        "note": step.note,
        "video": _video(step.video_url, info.label) if step.video_url else None,
    }


def _video(url: str, label: str) -> dict:
    return {
        "url": url,
        "host": video_host(url),
        "qr": qr_svg(url, _("QR code: the video for %(muscle)s, %(url)s") % {"muscle": label, "url": url}),
    }


def context(handout: Handout, paper: str) -> dict:
    safety = content().rules
    return {
        "handout": handout,
        "paper": PAPERS[paper],
        "lang": get_language() or settings.LANGUAGE_CODE,
        "areas": [
            _area(number, step, handout.ranks.get(step.muscle)) for number, step in enumerate(handout.steps, start=1)
        ],
        "key_areas": _key_areas(),
        "live_qr": qr_svg(
            handout.live_url, _("QR code: %(what)s, %(url)s") % {"what": handout.live_label, "url": handout.live_url}
        ),
        "nerve_sensation": safety.nerve_sensation,
        "not_a_diagnosis": safety.not_a_diagnosis,
        "levels": [
            {"id": level, "flags": [fill(flag.sign, None) for flag in safety.red_flags if flag.urgency == level]}
            for level in LEVELS
        ],
        "emergency_words": fill("{emergency}", None),
        "sources_url": site_url(reverse("guide:sources")),
        # for the guide's own sections (guide/_understanding.html)
        "content_version": content_version(),
        "acupuncture_sources": ACUPUNCTURE_SOURCES,
    }


def _key_areas() -> SafeString:
    # the guide's drawing of the handout's numbers, as a picture with its words (its links are for the screen)
    svg = key_areas_svg().replace('role="group"', 'role="img"', 1)
    return mark_safe(svg)  # noqa: S308 - our own SVG, every text escaped


def html(handout: Handout, paper: str = "a4") -> str:
    return render_to_string("clinic/handout.html", context(handout, paper))


def render(handout: Handout, paper: str = "a4") -> Rendered:
    """The handout as a tagged PDF (clinic.handout.HandoutUnavailable when this server cannot make PDFs)."""
    return render_pdf(html(handout, paper))


def generic_pdf(paper: str) -> bytes:
    """The generic handout, made once per paper, language, content release and site address on each server:
    it is the same for everyone, and a stack of prints should not cost a render each."""
    return _generic_pdf(paper, get_language() or "", content_version(), settings.SITE_URL)


@lru_cache(maxsize=8)
def _generic_pdf(paper: str, language: str, version: str, site: str) -> bytes:
    return render(generic(), paper).pdf
