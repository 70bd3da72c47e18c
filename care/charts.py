"""Progress charts as SVG files, drawn by pygal (no script: js=[]), shown with <img> under a CSP of their own.
Each chart has an accessible table of the same numbers on its page."""

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
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


def _day(moment: datetime) -> str:
    """An axis label in the person's own time zone (pygal hands over naive UTC times)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return date_format(timezone.localtime(aware), "j M")


def _timeline(height: int, top: int, y_labels: list[int], legend_columns: int) -> pygal.DateTimeLine:
    """A line chart over dates, as wide as a phone (so the labels' 13 units stay 12 CSS px or more)."""
    return pygal.DateTimeLine(
        js=[],
        style=STYLE,
        width=400,
        height=height,
        range=(0, top),
        include_x_axis=True,
        y_labels=y_labels,
        x_value_formatter=_day,
        x_label_rotation=0,
        show_minor_x_labels=False,
        x_labels_major_count=4,
        truncate_label=-1,
        legend_at_bottom=True,
        legend_at_bottom_columns=legend_columns,
        truncate_legend=-1,
        dots_size=3,
        disable_xml_declaration=True,
        print_values=False,
        tooltip_fancy_mode=False,
    )


def pain_chart(readings: Iterable[PainReading], start: datetime, end: datetime) -> str:
    """Pain from 0 to 10 over the period: before and after each session, and the diary."""
    chart = _timeline(height=280, top=10, y_labels=[0, 2, 4, 6, 8, 10], legend_columns=2)
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
        x_labels_major_count=4,
        x_label_rotation=0,
        disable_xml_declaration=True,
        tooltip_fancy_mode=False,
    )
    chart.x_labels = [_day(week) for week, _count in weeks]
    chart.x_labels_major = chart.x_labels[:: max(1, len(weeks) // 4)]
    chart.add(_("Sessions done in the week"), [count for _week, count in weeks])
    chart.add(_("The plan: one every 2 to 3 days"), [round(PLANNED_PER_WEEK, 1)] * len(weeks), secondary=False)
    return without_scripts(chart.render(is_unicode=True))


def areas_height(rows: int) -> int:
    return 80 + 34 * max(1, rows)


def areas_chart(areas: list[tuple[str, int, int]]) -> str:
    """The areas worked most in the period (name, times worked, tingling reports), most worked at the top."""
    chart = pygal.HorizontalBar(
        js=[],
        style=STYLE,
        width=400,
        height=areas_height(len(areas)),
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        truncate_legend=-1,
        disable_xml_declaration=True,
        tooltip_fancy_mode=False,
        print_values=True,
        print_zeroes=False,
        show_y_labels=True,
        y_labels_major_count=5,
        show_minor_y_labels=False,
    )
    chart.config.truncate_label = 20
    ordered = list(reversed(areas))  # pygal draws the first at the bottom; long names are cut (the table has them)
    chart.x_labels = [name for name, _worked, _nerve in ordered]
    chart.add(_("Times worked"), [worked for _name, worked, _nerve in ordered])
    chart.add(_("Tingling reported"), [nerve for _name, _worked, nerve in ordered])
    return without_scripts(chart.render(is_unicode=True))


def neck_chart(points: list[tuple[datetime, float]]) -> str:
    """The Neck Disability Index total (0-50) over time; lower is better. The bands are the y labels."""
    chart = _timeline(height=260, top=50, y_labels=[0, 5, 15, 25, 35, 50], legend_columns=1)
    chart.add(_("Score of 50 (lower is better)"), points, show_dots=True)
    return without_scripts(chart.render(is_unicode=True))
