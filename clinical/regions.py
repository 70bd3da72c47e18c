"""Plain words for the body regions of vocabulary.json, marked for translation.

The ids are a contract; these are how a patient reads them: a label for the map and the form, and a
phrase for the finder's reasons ("refers to your temple and the side of your neck").
"""

from django.utils.translation import gettext_lazy as _

from clinical.content import content
from clinical.sides import LABEL, SIDES

LABELS = {
    "vertex": _("Top of the head"),
    "forehead": _("Forehead"),
    "temple": _("Temple"),
    "around-eye": _("Around or behind the eye"),
    "cheek-jaw": _("Cheek, jaw or teeth"),
    "ear": _("In or around the ear"),
    "occiput": _("Base or back of the skull"),
    "back-of-neck": _("Back of the neck"),
    "side-of-neck": _("Side of the neck"),
    "front-of-neck": _("Front of the neck or throat"),
    "top-of-shoulder": _("Top of the shoulder"),
    "between-shoulder-blades": _("Between the shoulder blades"),
    "over-shoulder-blade": _("On the shoulder blade"),
    "below-shoulder-blade": _("Below the shoulder blade"),
    "back-of-shoulder": _("Back of the shoulder"),
    "side-of-shoulder": _("Outside of the shoulder"),
    "front-of-shoulder": _("Front of the shoulder"),
    "chest": _("Chest"),
    "upper-arm-front": _("Front of the upper arm"),
    "upper-arm-back": _("Back of the upper arm"),
    "outer-elbow": _("Outside of the elbow"),
    "forearm-thumb-side": _("Forearm, thumb side"),
    "forearm-little-finger-side": _("Forearm, little-finger side"),
    "hand-thumb-index": _("Thumb and index finger"),
    "hand-ring-little": _("Ring and little finger"),
    "side-of-chest": _("Side of the chest, below the armpit"),
    "wrist": _("Wrist"),
}

PHRASES = {
    "vertex": _("the top of your head"),
    "forehead": _("your forehead"),
    "temple": _("your temple"),
    "around-eye": _("around or behind your eye"),
    "cheek-jaw": _("your cheek, jaw or teeth"),
    "ear": _("your ear"),
    "occiput": _("the base of your skull"),
    "back-of-neck": _("the back of your neck"),
    "side-of-neck": _("the side of your neck"),
    "front-of-neck": _("the front of your neck"),
    "top-of-shoulder": _("the top of your shoulder"),
    "between-shoulder-blades": _("between your shoulder blades"),
    "over-shoulder-blade": _("your shoulder blade"),
    "below-shoulder-blade": _("below your shoulder blade"),
    "back-of-shoulder": _("the back of your shoulder"),
    "side-of-shoulder": _("the outside of your shoulder"),
    "front-of-shoulder": _("the front of your shoulder"),
    "chest": _("your chest"),
    "upper-arm-front": _("the front of your upper arm"),
    "upper-arm-back": _("the back of your upper arm"),
    "outer-elbow": _("the outside of your elbow"),
    "forearm-thumb-side": _("the thumb side of your forearm"),
    "forearm-little-finger-side": _("the little-finger side of your forearm"),
    "hand-thumb-index": _("your thumb and index finger"),
    "hand-ring-little": _("your ring and little fingers"),
    "side-of-chest": _("the side of your chest"),
    "wrist": _("your wrist"),
}

VIEW_LABELS = {"front": _("Front"), "back": _("Back"), "side": _("Side")}
SIDE_LABELS = {side: LABEL[side] for side in SIDES}


def region_choices() -> list[dict]:
    """The body map as a list (the finder's form, the pain diary): regions grouped by view, each with its sides."""

    groups: dict[str, list[dict]] = {view: [] for view in VIEW_LABELS}
    for region in content().regions.values():
        sides = [(f"{region.id}:{side}", SIDE_LABELS[side]) for side in ("left", "right")] if region.sided else []
        groups[region.view].append({"id": region.id, "label": LABELS[region.id], "sides": sides})
    return [{"view": view, "label": VIEW_LABELS[view], "regions": regions} for view, regions in groups.items()]
