"""The body views' shapes as content/body/<view>.toml writes them: outline, landmarks, regions, muscles, trigger
points, acupoints, the scale and the no-go zones. Read and checked by clinical.geometry."""

import math
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from clinical.paths import check_path, mirror_path

View = Literal["front", "back", "side"]
Side = Literal["left", "right"]

PathData = Annotated[str, AfterValidator(check_path)]
Slug = Annotated[str, AfterValidator(lambda s: s if re.fullmatch(r"[a-z][a-z0-9-]*", s) else _bad_slug(s))]


def _bad_slug(value: str) -> str:
    raise ValueError(f"'{value}' is not a lower-case id")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class XY(_Strict):
    x: float
    y: float


class Landmark(_Strict):
    """A bony landmark a person can feel: a point (C7) or a line (the collarbone); label_at places its name."""

    id: Slug
    label: str
    short: str | None = None  # the name written on the drawing, where space is tight
    point: XY | None = None
    path: PathData | None = None
    label_at: XY | None = None
    anchor: Literal["start", "middle", "end"] = "end"  # which end of the written name sits at label_at

    @model_validator(mode="after")
    def _one_shape(self) -> "Landmark":
        if (self.point is None) == (self.path is None):
            raise ValueError("a landmark needs either a point or a path")
        return self


class Scale(_Strict):
    """How many drawing units make a centimetre on the body, from a cited adult measure spanned on the
    drawing (so a ball, a fingertip and a gap of 2 cm are drawn and checked at their real size)."""

    units_per_cm: float = Field(gt=0)
    measure: str  # what the span is, in words
    cm: float = Field(gt=0)  # the adult measure, from the sources
    span: tuple[tuple[float, float], tuple[float, float]]  # its two ends on this drawing
    sources: list[str] = Field(min_length=1)

    def problem(self) -> str | None:
        """Why the span does not match the measure at this scale (more than 10% off), or None."""
        drawn = math.dist(*self.span) / self.units_per_cm
        if abs(drawn - self.cm) > 0.1 * self.cm:
            return f"the {self.measure} spans {drawn:.1f} cm at {self.units_per_cm} units per cm, not about {self.cm}"
        return None


class NoGo(_Strict):
    """A place a ball or fingertip must never press (the front of the throat, a pulse, the spine's bony
    bumps, breast tissue), drawn for the person's right (side = "right") and mirrored for the left, or
    across the midline (no side)."""

    id: Slug
    reason: str
    sources: list[str] = Field(min_length=1)
    path: PathData
    side: Literal["right"] | None = None
    # No part of a single drawn ball may lie over this zone, not only its pressing patch: a ball seen over the
    # spine reads as on it (two balls in a sock straddle it instead).
    whole_ball: bool = False


class HeldArm(_Strict):
    """The view's outline with the arm of the side worked held as a technique's words hold it (the arm resting
    in the lap, its elbow a little away from the side, so the armpit opens), for the close-up of that technique:
    `outline` replaces the view's outline, `over` (closed paths: a forearm across the body) is drawn on it, and
    `keep` are points a close-up crop keeps in sight so the arm shows."""

    outline: PathData
    over: list[PathData] = []
    keep: list[XY] = Field(default=[], max_length=8)


class RegionShape(_Strict):
    id: Slug
    side: Side | None = None
    path: PathData


class ViewGeometry(_Strict):
    view: View
    view_box: tuple[float, float, float, float]
    scale: Scale
    outline: PathData
    details: list[PathData] = []
    landmarks: list[Landmark] = []
    regions: list[RegionShape]
    muscles: dict[str, PathData] = {}
    trigger_points: dict[str, XY] = {}
    acupoints: dict[str, XY] = {}
    no_go: list[NoGo] = []
    # By a technique's hold ("arm-in-lap"): the body with that arm drawn as the words hold it (see HeldArm).
    held: dict[Literal["arm-in-lap"], HeldArm] = {}

    @property
    def middle(self) -> float:
        """The midline's x: the person's two sides mirror about it."""
        return self.view_box[0] + self.view_box[2] / 2

    def zones(self) -> list[tuple[NoGo, str]]:
        """Every no-go zone on both sides, with the side it is on ("right", "left" or "" for the midline)."""
        out: list[tuple[NoGo, str]] = []
        for zone in self.no_go:
            if zone.side is None:
                out.append((zone, ""))
            else:
                out.append((zone, "right"))
                out.append((zone.model_copy(update={"path": mirror_path(zone.path, self.middle)}), "left"))
        return out

    def shapes(self, region: str, side: Side | None = None) -> list[RegionShape]:
        """This view's shapes of a region, of one side (or unsided) when side is given."""
        return [s for s in self.regions if s.id == region and (side is None or s.side in (side, None))]
