"""Progress charts as SVG files, drawn by pygal (no script: js=[]), shown with <img> under a CSP of their own.
Each chart has an accessible table of the same numbers on its page."""

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from html import escape
from statistics import mean

import pygal
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pygal.style import Style

from care.models import PainReading

# A chart file may style itself (pygal writes a <style> element) and load nothing.
CHART_CSP = {"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE], "frame-ancestors": [CSP.NONE]}

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#12393a",
    foreground_strong="#12393a",
    foreground_subtle="#c9d3d4",
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=12,
    colors=("#b35c00", "#1b6b6b", "#5b3f8c"),  # before, after, diary: told apart by shape and legend too
)
KIND_LABELS = {"before": _("Before a session"), "after": _("After a session"), "diary": _("Pain diary")}
DAILY_UP_TO = timedelta(days=92)  # longer periods show weekly averages, so the file stays small


def series(readings: Iterable[PainReading], start: datetime, end: datetime) -> dict[str, list[tuple[datetime, float]]]:
    """Points per kind of reading: each reading for up to three months, else the mean of each week."""
    points: dict[str, list[tuple[datetime, float]]] = {kind: [] for kind in KIND_LABELS}
    if end - start <= DAILY_UP_TO:
        for reading in readings:
            points[reading.kind].append((reading.recorded_at, float(reading.score)))
        return points
    weeks: dict[tuple[str, int], list[int]] = defaultdict(list)
    for reading in readings:
        weeks[(reading.kind, (reading.recorded_at - start).days // 7)].append(reading.score)
    for (kind, week), scores in sorted(weeks.items()):
        points[kind].append((start + timedelta(days=7 * week + 3), round(mean(scores), 1)))
    return points


def _local(moment: datetime) -> datetime:
    """A moment in the person's own time zone (pygal hands over naive UTC times)."""
    return timezone.localtime(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


YEAR = timedelta(days=365)
SHORTEST_AXIS = timedelta(days=3)  # so four labels on a single day of data still name four different days


def date_format_for(start: datetime, end: datetime) -> str:
    """How an axis from start to end names its dates: months and years when it spans more than a year, the day
    with its year when it crosses into another year, else the day alone."""
    if end - start > YEAR:
        return "M Y"
    return "j M Y" if _local(start).year != _local(end).year else "j M"


def axis(start: datetime, end: datetime, count: int = 4) -> tuple[datetime, datetime, list[datetime]]:
    """An axis for the dates from start to end: at least SHORTEST_AXIS wide around them (one day of data is not
    ten labels of the same day) and `count` evenly spaced label dates."""
    if end - start < SHORTEST_AXIS:
        middle = start + (end - start) / 2
        start, end = middle - SHORTEST_AXIS / 2, middle + SHORTEST_AXIS / 2
    step = (end - start) / (count - 1)
    return start, end, [start + step * n for n in range(count)]


def date_label(moment: datetime, pattern: str) -> str:
    return date_format(_local(moment), pattern)


def _timeline(
    height: int, top: int, y_labels: list[int], legend_columns: int, start: datetime, end: datetime
) -> pygal.DateTimeLine:
    """A line chart over the dates from start to end, as wide as a phone (so the labels' 13 units stay 12 CSS px
    or more), with years on its axis when it spans one."""
    start, end, labels = axis(start, end)
    pattern = date_format_for(start, end)
    chart = pygal.DateTimeLine(
        js=[],
        style=STYLE,
        width=400,
        height=height,
        range=(0, top),
        xrange=(start, end),
        margin_right=28,  # the last date label is centred on the edge
        include_x_axis=True,
        y_labels=y_labels,
        x_value_formatter=lambda moment: date_label(moment, pattern),
        x_label_rotation=0,
        truncate_label=-1,
        legend_at_bottom=True,
        legend_at_bottom_columns=legend_columns,
        truncate_legend=-1,
        dots_size=3,
        disable_xml_declaration=True,
        print_values=False,
        tooltip_fancy_mode=False,
    )
    chart.x_labels = labels
    return chart


def pain_chart(readings: Iterable[PainReading], start: datetime, end: datetime) -> str:
    """Pain from 0 to 10 over the period: before and after each session, and the diary."""
    chart = _timeline(height=280, top=10, y_labels=[0, 2, 4, 6, 8, 10], legend_columns=2, start=start, end=end)
    for kind, points in series(readings, start, end).items():
        chart.add(str(KIND_LABELS[kind]), points, show_dots=True, stroke=kind != "diary")
    return without_scripts(chart.render(is_unicode=True))


def without_scripts(svg: str) -> str:
    """pygal writes its settings in a <script> even with js=[]: an image never runs it, so it is dropped, with
    the comments, to keep the file small."""
    return re.sub(r"<!--.*?-->", "", re.sub(r"<script\b.*?</script>", "", svg, flags=re.S), flags=re.S)


def sessions_per_week(finished: Iterable[datetime], start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """Finished sessions counted by week of the period, the first week starting at `start`."""
    weeks = max(1, -(-(end - start).days // 7))
    counts = [0] * weeks
    for moment in finished:
        index = (moment - start).days // 7
        if 0 <= index < weeks:
            counts[index] += 1
    return [(start + timedelta(days=7 * n), count) for n, count in enumerate(counts)]


PLANNED_PER_WEEK = 7 / 2.5  # one session every 2 to 3 days


def sessions_chart(weeks: list[tuple[datetime, int]]) -> str:
    """Sessions done each week against the plan (a line at one every 2 to 3 days)."""
    chart = pygal.Bar(
        js=[],
        style=STYLE,
        width=400,
        height=260,
        range=(0, max(4, *(count for _week, count in weeks))),
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        truncate_legend=-1,
        truncate_label=-1,
        show_minor_x_labels=False,
        x_label_rotation=0,
        disable_xml_declaration=True,
        tooltip_fancy_mode=False,
    )
    pattern = date_format_for(weeks[0][0], weeks[-1][0] + timedelta(days=7))
    step = max(1, -(-len(weeks) // 4))  # four labels at most, each naming a different week (or month)
    chart.x_labels = [date_label(week, pattern) if n % step == 0 else "" for n, (week, _count) in enumerate(weeks)]
    chart.x_labels_major = [label for label in chart.x_labels if label]
    chart.add(_("Sessions done in the week"), [count for _week, count in weeks])
    chart.add(_("The plan: one every 2 to 3 days"), [round(PLANNED_PER_WEEK, 1)] * len(weeks), secondary=False)
    return without_scripts(chart.render(is_unicode=True))


AREA_ROW = 44  # a name on its own line, then its bar: full names fit a phone without being cut


def areas_height(rows: int) -> int:
    return 56 + AREA_ROW * max(1, rows)


def areas_chart(areas: list[tuple[str, int, int]]) -> str:
    """The areas worked most in the period (name, times worked, tingling reports), most worked first, each named
    in full above its bars. Drawn here rather than by pygal, whose side labels cut long names."""
    width, left, right = 400, 4, 40
    top = max([1, *(worked for _name, worked, _nerve in areas)])
    scale = (width - left - right) / top
    worked_colour, nerve_colour = STYLE.colors[1], STYLE.colors[0]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{areas_height(len(areas))}" '
        f'viewBox="0 0 {width} {areas_height(len(areas))}" font-family="system-ui, sans-serif" fill="#12393a">'
    ]
    for index, (name, worked, nerve) in enumerate(areas):
        y = 8 + AREA_ROW * index
        parts.append(f'<text x="{left}" y="{y + 13}" font-size="14">{escape(name)}</text>')
        bar = max(2, round(worked * scale))
        parts.append(f'<rect x="{left}" y="{y + 18}" width="{bar}" height="14" fill="{worked_colour}"/>')
        parts.append(f'<text x="{left + bar + 4}" y="{y + 30}" font-size="13">{worked}</text>')
        if nerve:
            mark = max(2, round(nerve * scale))
            parts.append(f'<rect x="{left}" y="{y + 33}" width="{mark}" height="5" fill="{nerve_colour}"/>')
    legend = 8 + AREA_ROW * max(1, len(areas)) + 10
    parts.append(f'<rect x="{left}" y="{legend}" width="14" height="14" fill="{worked_colour}"/>')
    parts.append(f'<text x="{left + 20}" y="{legend + 12}" font-size="14">{escape(_("Times worked"))}</text>')
    parts.append(f'<rect x="{left + 150}" y="{legend + 5}" width="14" height="5" fill="{nerve_colour}"/>')
    parts.append(
        f'<text x="{left + 170}" y="{legend + 12}" font-size="14">{escape(_("Tingling reported"))}</text></svg>'
    )
    return "".join(parts)


def neck_chart(points: list[tuple[datetime, float]]) -> str:
    """The Neck Disability Index total (0-50) over time; lower is better. The bands are the y labels."""
    now = timezone.now()
    start, end = (points[0][0], points[-1][0]) if points else (now, now)
    pad = max(timedelta(days=1), (end - start) / 20)  # the first and last dots clear of the chart's edges
    chart = _timeline(
        height=260, top=50, y_labels=[0, 5, 15, 25, 35, 50], legend_columns=1, start=start - pad, end=end + pad
    )
    chart.add(_("Score of 50 (lower is better)"), points, show_dots=True)
    return without_scripts(chart.render(is_unicode=True))
