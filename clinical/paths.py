"""SVG path data as the body geometry and the posed figures write it (absolute M, L, C, Q and Z only),
sampled into polylines so shapes can be tested (inside, distance) without a geometry library."""

import math
import re
from functools import cache
from itertools import pairwise

Point = tuple[float, float]
Polyline = list[Point]

_PATH_CHARS = re.compile(r"[MLCQZ0-9.,\s-]*")
_TOKENS = re.compile(r"[MLCQZ]|-?(?:\d+\.?\d*|\.\d+)")
_ARITY = {"M": 1, "L": 1, "Q": 2, "C": 3, "Z": 0}
_STEPS = 12  # samples per curve: plenty for point-in-shape tests at this drawing's scale


def parse_path(d: str) -> list[Polyline]:
    """Samples SVG path data (absolute M, L, C, Q, Z only) into one polyline per subpath.

    Raises ValueError for anything else, so the geometry stays simple enough to test without a geometry
    library (and every drawing tool can still read it)."""
    if not _PATH_CHARS.fullmatch(d):
        bad = sorted(set(re.sub(r"[MLCQZ0-9.,\s-]", "", d)))
        raise ValueError(f"only absolute M, L, C, Q and Z commands are allowed, found {''.join(bad)!r}")
    tokens = _TOKENS.findall(d)
    subpaths: list[Polyline] = []
    current: Polyline = []
    index, command = 0, None
    while index < len(tokens):
        token = tokens[index]
        if token in _ARITY:
            command = token
            index += 1
            if command == "Z":
                if not current:
                    raise ValueError("Z before any M")
                current.append(current[0])
                continue
        elif command is None or command == "Z":
            raise ValueError(f"number {token} without a command")
        numbers = tokens[index : index + 2 * _ARITY[command]]
        if len(numbers) < 2 * _ARITY[command] or any(n in _ARITY for n in numbers):
            raise ValueError(f"{command} needs {2 * _ARITY[command]} numbers")
        index += len(numbers)
        points = [(float(numbers[i]), float(numbers[i + 1])) for i in range(0, len(numbers), 2)]
        if command == "M":
            if len(current) > 1:
                subpaths.append(current)
            current = [points[0]]
            command = "L"  # further pairs after M are lines, as in SVG
            continue
        if not current:
            raise ValueError("a path must start with M")
        start = current[-1]
        if command == "L":
            current.append(points[0])
        elif command == "Q":
            (cx, cy), (ex, ey) = points
            for step in range(1, _STEPS + 1):
                t = step / _STEPS
                u = 1 - t
                current.append(
                    (u * u * start[0] + 2 * u * t * cx + t * t * ex, u * u * start[1] + 2 * u * t * cy + t * t * ey)
                )
        else:
            (ax, ay), (bx, by), (ex, ey) = points
            for step in range(1, _STEPS + 1):
                t = step / _STEPS
                u = 1 - t
                current.append(
                    (
                        u**3 * start[0] + 3 * u * u * t * ax + 3 * u * t * t * bx + t**3 * ex,
                        u**3 * start[1] + 3 * u * u * t * ay + 3 * u * t * t * by + t**3 * ey,
                    )
                )
    if len(current) > 1:
        subpaths.append(current)
    if not subpaths:
        raise ValueError("empty path")
    return subpaths


@cache
def _polylines(d: str) -> tuple[Polyline, ...]:
    return tuple(parse_path(d))


def point_in_path(x: float, y: float, d: str) -> bool:
    """Whether (x, y) lies inside the closed shape of path data d (even-odd rule, curves sampled)."""
    inside = False
    for line in _polylines(d):
        ring = [*line, line[0]] if line[0] != line[-1] else line
        for (x1, y1), (x2, y2) in pairwise(ring):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def point_in_any(x: float, y: float, d: str) -> bool:
    """Whether (x, y) lies inside any one of the subpaths of d: their union, where the even-odd rule would
    leave holes where parts overlap (a head drawn over its neck)."""
    return any(point_in_path(x, y, _line_path(line)) for line in _polylines(d))


def _line_path(line: Polyline) -> str:
    return "M " + " L ".join(f"{x} {y}" for x, y in line) + " Z"


def bbox(points: list[Point]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def path_points(d: str) -> list[Point]:
    return [p for line in _polylines(d) for p in line]


def check_path(d: str) -> str:
    """A pydantic validator: path data this module can read, unchanged."""
    parse_path(d)
    return d


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    ex, ey = bx - ax, by - ay
    length = ex * ex + ey * ey
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * ex + (py - ay) * ey) / length))
    return math.hypot(px - (ax + t * ex), py - (ay + t * ey))


def edge_distance(x: float, y: float, d: str) -> float:
    """The distance from (x, y) to the nearest edge of the shape of path data d."""
    best = math.inf
    for line in _polylines(d):
        ring = [*line, line[0]] if line[0] != line[-1] else line
        for a, b in pairwise(ring):
            best = min(best, _segment_distance((x, y), a, b))
    return best


def nearest_edge(x: float, y: float, d: str) -> tuple[Point, Point]:
    """The segment of the shape's outline nearest to (x, y)."""
    best: tuple[float, Point, Point] | None = None
    for line in _polylines(d):
        ring = [*line, line[0]] if line[0] != line[-1] else line
        for a, b in pairwise(ring):
            if a == b:
                continue
            gap = _segment_distance((x, y), a, b)
            if best is None or gap < best[0]:
                best = (gap, a, b)
    if best is None:
        raise ValueError("a shape without edges")
    return best[1], best[2]


def disc_touches(x: float, y: float, r: float, d: str) -> bool:
    """Whether a disc of radius r centred on (x, y) overlaps the closed shape of path data d."""
    return point_in_path(x, y, d) or edge_distance(x, y, d) < r


def mirror_path(d: str, middle: float) -> str:
    """The path data reflected about the vertical line x = middle (the person's other side)."""
    tokens = re.findall(r"[MLCQZ]|-?(?:\d+\.?\d*|\.\d+)", d)
    out: list[str] = []
    is_x = True
    for part in tokens:
        if part in _ARITY:
            out.append(part)
            is_x = True
            continue
        value = float(part)
        out.append(f"{round(2 * middle - value, 2):g}" if is_x else f"{value:g}")
        is_x = not is_x
    return " ".join(out)
