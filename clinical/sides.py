"""The body's sides, in the users' words, in one place: a side is "left", "right", or "" for both at once
(a muscle worked on both sides together, such as the suboccipitals)."""

from typing import Literal

from django.utils.translation import gettext_lazy as _

Side = Literal["left", "right", ""]
SIDES: tuple[str, str] = ("left", "right")

LABEL = {"left": _("Left"), "right": _("Right"), "": _("Both at once")}  # forms and lists
STEP = {"left": _("Left side"), "right": _("Right side"), "": _("Both sides")}  # the session player
YOURS = {"left": _("your left side"), "right": _("your right side"), "both": _("both sides")}  # the finder

# Muscles worked on both sides at once (two balls in a sock under the skull).
BOTH_SIDES_AT_ONCE = frozenset({"suboccipitals"})
