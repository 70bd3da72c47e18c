"""The session's words for a technique: what to put on the spot, what the timer calls the work, how to
start, what to move when a nerve complains. Chosen by the technique's tool and motion, so a pinch or a
fingertip step never says "ball"."""

import re

from django.utils.translation import gettext_lazy as _lazy

from clinical.schema import Technique

PUT = {
    "ball": _lazy("Put the ball on the spot."),
    "fingers": _lazy("Put your fingertips on the spot."),
    "pincer": _lazy("Take the muscle between your thumb and fingers."),
}
# The same, for the hand the words name (the position picture labels which hand it is on the side worked).
PUT_BY_HAND = {
    ("fingers", "other"): _lazy("Reach across with the other hand and put your fingertips on the spot."),
    ("fingers", "both"): _lazy("Put your hands behind your head and your fingertips on the spot."),
    ("thumb", "both"): _lazy("Lace your fingers behind your head and put your thumbs on the spot."),
    ("pincer", "other"): _lazy("With the other hand, take the muscle between your thumb and fingers."),
}
WORK = {  # the timer's word while the area is worked
    ("ball", "hold"): _lazy("Lean in and hold"),
    ("ball", "stroke"): _lazy("Roll slowly"),
    ("fingers", "hold"): _lazy("Press and hold"),
    ("fingers", "stroke"): _lazy("Small, slow strokes"),
    ("pincer", "hold"): _lazy("Squeeze gently and hold"),
    ("pincer", "stroke"): _lazy("Squeeze and roll gently"),
}
START = {
    "ball": _lazy("Start light. Lean in a little more as the spot softens."),
    "fingers": _lazy("Start light. Press a little more as the spot softens."),
    "pincer": _lazy("Start light. Squeeze a little more as the muscle softens."),
}
MOVE = {  # the nerve-sensation panel's heading
    "ball": _lazy("Move the ball"),
    "fingers": _lazy("Move your fingers"),
    "pincer": _lazy("Let go and move your grip"),
}
EQUIPMENT = {
    "ball": _lazy("a massage ball or a tennis ball"),
    "two-balls": _lazy("two tennis balls tied in a sock"),
    "hands": _lazy("your hands"),
}
PLACES = {
    "wall": _lazy("a wall"),
    "floor": _lazy("the floor"),
    "seated": _lazy("a chair"),
    "standing": _lazy("standing room"),
    "side-lying": _lazy("the floor"),
}

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def first_line(text: str) -> str:
    """The first sentence of an instruction: what a person reads while getting into position."""
    return _SENTENCE.split(text.strip(), maxsplit=1)[0]


def words_for(technique: Technique) -> dict[str, str]:
    tool, motion = technique.tool, technique.motion.kind
    grip = "thumb" if technique.pressed_with == "thumb" else tool
    return {
        "put": str(PUT_BY_HAND.get((grip, technique.hand or ""), PUT[tool])),
        "work": str(WORK[(tool, motion)]),
        "start": str(START[tool]),
        "move": str(MOVE[tool]),
        "first_line": first_line(technique.placement.text),
    }
