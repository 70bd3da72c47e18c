"""The text a screen reader hears for a muscle illustration, from the same content as the drawing."""

from atlas.drawing.layout import Panel, panels_of, zones_of
from clinical.content import content
from clinical.geometry import (
    VIEW_NAMES,
)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def join_words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe(muscle_id: str, panels: list[Panel]) -> str:
    info = content().muscles[muscle_id]
    regions = content().regions
    main = list(dict.fromkeys(p.view.view for p in panels if p.main))
    extra = list(dict.fromkeys(p.view.view for p in panels if not p.main))
    seen = join_words([f"from the {VIEW_NAMES[v]}" for v in main])
    text = [f"{info.label}, drawn on the right side of the body, seen {seen}."]
    if "front" in main:
        text.append("In the front view the person's right side is on your left.")
    if extra:
        text.append(f"Smaller drawings from the {join_words([VIEW_NAMES[v] for v in extra])} show more pain zones.")
    for number, point in enumerate(info.content.trigger_points, start=1):
        sentence = f"Trigger point {number}, {lower_first(point.name)}: pain mostly in the " + join_words(
            [lower_first(regions[r].label) for r in point.referral.essential]
        )
        if point.referral.spillover:
            sentence += ", sometimes spreading to the " + join_words(
                [lower_first(regions[r].label) for r in point.referral.spillover]
            )
        sentence += "."
        if point.acupoints:
            sentence += " Nearby acupoint: " + join_words([link.code for link in point.acupoints]) + "."
        text.append(sentence)
    text.append("Solid shading: where the pain usually is. Striped shading: where it may spread.")
    return " ".join(text)


def muscle_description(muscle_id: str) -> str:
    """The drawing said in words: the text alternative for an <img> of muscle_svg."""
    return describe(muscle_id, panels_of(muscle_id, zones_of(muscle_id)))
