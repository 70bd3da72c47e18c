"""The text a screen reader hears for a muscle illustration, from the same content as the drawing."""

from functools import cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from atlas.drawing.layout import Panel, panels_of, zones_of
from clinical.content import content
from clinical.geometry import geometry
from clinical.regions import PHRASES
from clinical.techniques import LEANS, POSES, PRESS


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def join_words(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def describe(muscle_id: str, panels: list[Panel], only: int | None = None) -> str:
    info = content().muscles[muscle_id]
    main = list(dict.fromkeys(p.view.view for p in panels if p.main))
    extra = list(dict.fromkeys(p.view.view for p in panels if not p.main))
    views = {"front": _("the front"), "back": _("the back"), "side": _("the side")}
    seen = join_words([str(views[v]) for v in main])
    text = [
        _("%(muscle)s, drawn on the right side of the body, seen from %(seen)s.") % {"muscle": info.label, "seen": seen}
    ]
    if "front" in main:
        text.append(_("In the front view the person's right side is on your left."))
    if extra:
        more = join_words([str(views[v]) for v in extra])
        text.append(_("Smaller drawings from %(views)s show more pain zones.") % {"views": more})
    for number, point in enumerate(info.content.trigger_points, start=1):
        if only is not None and number != only:
            continue
        essential = join_words([str(PHRASES[r]) for r in point.referral.essential])
        sentence = _("Trigger point %(number)d, %(point)s. The pain is mostly felt in these places: %(places)s.") % {
            "number": number,
            "point": lower_first(point.name),
            "places": essential,
        }
        if point.referral.spillover:
            spill = join_words([str(PHRASES[r]) for r in point.referral.spillover])
            sentence += " " + _("It may spread to these places too: %(places)s.") % {"places": spill}
        if point.acupoints:
            codes = join_words([link.code for link in point.acupoints])
            sentence += " " + _("Nearby acupoint: %(codes)s.") % {"codes": codes}
        text.append(sentence)
    text.append(_("Solid shading: where the pain usually is. Striped shading: where it may spread."))
    return " ".join(text)


def muscle_description(muscle_id: str, point: int | None = None) -> str:
    """The drawing said in words: the text alternative for an <img> of muscle_svg (of one trigger point's
    pain when `point`, counted from 1, is given)."""
    return _muscle_description(muscle_id, point, get_language())


@cache
def _muscle_description(muscle_id: str, point: int | None, language: str) -> str:  # once per language
    return describe(muscle_id, panels_of(muscle_id, zones_of(muscle_id)), point)


def stage_words(muscle_id: str, index: int = 0) -> list[str]:
    """A technique's three still pictures (position.STAGES) said in words: get into position, put the ball or
    hand on the spot, lean or press. The atlas's step-by-step panels and the printed handout both use them."""
    info = content().muscles[muscle_id]
    technique = info.content.techniques[index]
    pose = geometry().pose_of(muscle_id, index)
    point = next(p for p in info.content.trigger_points if p.id == technique.trigger_points[0])
    put = {
        "ball": _("Put the ball on the spot: %(spot)s."),
        "fingers": _("Put the fingertips of the other hand on the spot: %(spot)s."),
        "pincer": _("Take the muscle between thumb and fingers: %(spot)s."),
    }[technique.tool] % {"spot": lower_first(point.name)}
    last = LEANS.get(pose.id) if technique.tool == "ball" else PRESS[technique.tool]
    return [str(POSES[pose.id]), put, str(last)]
