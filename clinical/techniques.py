"""Plain words for the content's technique positions and tools, marked for translation."""

from django.utils.translation import gettext_lazy as _lazy

POSITIONS = {
    "wall": _lazy("against a wall"),
    "floor": _lazy("lying on the floor"),
    "seated": _lazy("sitting"),
    "standing": _lazy("standing"),
    "side-lying": _lazy("lying on your side"),
}
TOOLS = {"ball": _lazy("Ball"), "fingers": _lazy("Fingers"), "pincer": _lazy("Pinch grip")}
