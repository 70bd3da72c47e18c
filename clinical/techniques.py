"""Plain words for the content's technique positions, tools and posed figures, marked for translation."""

from django.utils.translation import gettext_lazy as _lazy

POSITIONS = {
    "wall": _lazy("against a wall"),
    "floor": _lazy("lying on the floor"),
    "seated": _lazy("sitting"),
    "standing": _lazy("standing"),
    "side-lying": _lazy("lying on your side"),
}
TOOLS = {"ball": _lazy("Ball"), "fingers": _lazy("Fingers"), "pincer": _lazy("Pinch grip")}

# The position pictures said in words: the figure, then (for a ball) the way to lean.
POSES = {
    "wall-back": _lazy("Standing with your back to a wall, feet a small step away from it."),
    "wall-back-turned": _lazy(
        "Standing with your back to a wall, the body turned slightly so the shoulder you work presses back into it."
    ),
    "wall-front": _lazy("Standing facing a wall, feet a small step back from it."),
    "wall-side": _lazy("Standing side-on to a wall, the arm on that side raised and resting on the wall."),
    "floor-back": _lazy("Lying on your back on the floor, knees bent."),
    "seated": _lazy("Sitting upright on a chair."),
    "seated-behind": _lazy("Sitting upright on a stool, seen from behind."),
    "seated-turned": _lazy(
        "Sitting upright on a chair, the head turned away from the side you work and the chin tipped down a little."
    ),
}
LEANS = {
    "wall-back": _lazy("The arrow shows the way to lean: gently back into the wall."),
    "wall-back-turned": _lazy(
        "The arrows show the way to turn and lean: the shoulder you work round and back into the wall."
    ),
    "wall-front": _lazy("The arrow shows the way to lean: gently forward into the wall."),
    "wall-side": _lazy("The arrow shows the way to lean: gently sideways into the wall."),
    "floor-back": _lazy("The arrow shows your weight: let it sink slowly onto the ball."),
}
PRESS_IN = _lazy("The ringed dot shows the way to press: gently in from the side, with the fingertips.")
PRESS_THUMB = _lazy("The arrow shows the way to press: gently in, with the thumb.")
PRESS = {
    "fingers": _lazy("The arrow shows the way to press: gently in, with the fingertips."),
    "pincer": _lazy("Squeeze gently between thumb and fingers, then let go."),
}
