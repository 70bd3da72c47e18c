"""A handout video topic's techniques step by step in pictures: get into position, put the ball or hand on the
spot, lean or press. Shown on the atlas (where the content links no video) and, with the clinic's own link for the
topic, on a patient's routine."""

from django.utils.translation import gettext as _

from atlas.drawing.description import lower_first
from atlas.drawing.position import HOLD_SENTENCES, STAGES, hand_words
from atlas.links import position_url
from clinical.content import content
from clinical.geometry import geometry
from clinical.techniques import LEANS, POSES, PRESS


def stage_words(muscle_id: str, index: int = 0) -> list[str]:
    """A technique's three still pictures (position.STAGES) said in words: get into position, put the ball or
    hand on the spot (naming the hand), lean or press. The step-by-step panels and the printed handout use them."""
    info = content().muscles[muscle_id]
    technique = info.content.techniques[index]
    pose = geometry().pose_of(muscle_id, index)
    point = next(p for p in info.content.trigger_points if p.id == technique.trigger_points[0])
    put = {
        "ball": _("Put the ball on the spot: %(spot)s."),
        "fingers": _("Put the thumbs on the spot, fingers laced behind your head: %(spot)s.")
        if technique.pressed_with == "thumb"
        else _("Put the fingertips of %(hand)s on the spot: %(spot)s."),
        "pincer": _("With %(hand)s take the muscle between thumb and fingers: %(spot)s."),
    }[technique.tool] % {"spot": lower_first(point.name), "hand": hand_words(technique.hand, "")}
    last = LEANS.get(pose.id) if technique.tool == "ball" else PRESS[technique.tool]
    held = [str(HOLD_SENTENCES[hold]) for hold in technique.hold if hold in HOLD_SENTENCES]
    return [" ".join([str(POSES[pose.id]), *held]), put, str(last)]


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
