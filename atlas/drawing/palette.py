"""The drawings' colours, defined once: the standalone illustrations carry them in their own style sheet,
and the finder's inline body map gets them from /atlas/drawing.css, made here from the same palette (the
page's CSP forbids inline styles). Colour-blind-safe: orange for pain, blue for trigger points, green for
acupoints, purple for the muscle."""

PALETTE = {
    "skin": "#f4ebe2",
    "skin-line": "#a8978a",
    "detail": "#cdbdb0",
    "region-line": "#c9b8aa",
    "pain": "#d55e00",
    "pain-line": "#a34800",
    "pain-marked-line": "#8f3f00",
    "pain-hover": "#e69f00",
    "spread-fill": "#fde9d9",
    "muscle": "#cc79a7",
    "muscle-line": "#7a2e5c",
    "landmark": "#7d6d60",
    "landmark-map": "#8a7a6d",
    "label": "#5b5048",
    "caption": "#3b3029",
    "point": "#0b3d91",
    "acupoint": "#009e73",
    "acupoint-text": "#00593f",
}
C = PALETTE


def body_map_css() -> str:
    """The body map's colours and states, for the page's linked style sheet."""
    return (
        f".body-outline{{fill:{C['skin']};stroke:{C['skin-line']};stroke-width:1.5}}"
        f".body-details{{fill:none;stroke:{C['region-line']};stroke-width:1.2;stroke-linecap:round}}"
        f".region{{fill:{C['skin']};fill-opacity:0;stroke:{C['region-line']};stroke-width:1;stroke-dasharray:3 3}}"
        f'.region.is-marked,.region[aria-checked="true"]{{fill:{C["pain"]};fill-opacity:.6;'
        f"stroke:{C['pain-marked-line']};stroke-dasharray:none}}"
        ".region[tabindex]{cursor:pointer}"
        ".region-hit{fill:none;stroke:transparent;stroke-linejoin:round;pointer-events:stroke;cursor:pointer}"
        f".region[tabindex]:hover{{fill:{C['pain-hover']};fill-opacity:.3}}"
        f".region[tabindex]:focus-visible{{outline:none;stroke:{C['point']};stroke-width:3;stroke-dasharray:none}}"
        f".landmark-line{{fill:none;stroke:{C['landmark-map']};stroke-width:1.6;stroke-linecap:round}}"
        f".landmark-point{{fill:{C['landmark-map']}}}"
        f".landmark-label{{font:12.5px system-ui,sans-serif;fill:{C['label']};pointer-events:none}}"
        # progress: how often and how much each place hurt, five steps
        f".region.heat{{fill:{C['pain']};stroke:{C['pain-marked-line']};stroke-dasharray:none}}"
        ".heat-1{fill-opacity:.15}.heat-2{fill-opacity:.3}.heat-3{fill-opacity:.45}"
        ".heat-4{fill-opacity:.65}.heat-5{fill-opacity:.85}"
    )


# The position pictures: the ball, the wall and floor, the far limbs, the arrow.
PALETTE.update(
    {
        "ball": "#f0e442",
        "ball-line": "#6b6000",
        "prop": "#e4ddd5",
        "prop-line": "#a8978a",
        "far": "#e7d8ca",
        "hair": "#cbb8a8",  # the head seen from behind
        "arrow": "#0b3d91",
        # the working hand: a warmer, darker skin than the body it rests on, so it reads as a hand on top
        "hand": "#e2b896",
        "hand-line": "#6e4a33",
    }
)
