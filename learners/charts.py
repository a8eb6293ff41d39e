"""Geometry of the dashboard's charts, drawn as server-side SVG: the 12-week bar chart and
the year of days (the activity heatmap)."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import NamedTuple

from django.utils.safestring import SafeString, mark_safe

from .rules import (
    MONTH_NAMES,
    activity_level,
    activity_summary,
    day_month,
    day_title,
    format_hours,
    heatmap_days,
)

WIDTH, HEIGHT = 900, 200
TOP, BOTTOM = 12, 24  # room for the goal label above and week labels below
GAP = 6


@dataclass(frozen=True)
class Bar:
    week: dt.date
    hours: Decimal
    x: float
    y: float
    width: float
    height: float
    goal_met: bool
    current: bool


@dataclass(frozen=True)
class WeekChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    goal: Decimal
    goal_y: float
    baseline_y: float

    @property
    def label_y(self) -> int:
        return self.height - 6

    @property
    def goal_label_y(self) -> float:
        return self.goal_y - 3

    @property
    def description(self) -> str:
        """The bars in words, for the chart's <desc>: "Week of 7 Sep: 2 h; …"."""
        return "; ".join(
            f"Week of {day_month(bar.week)}: {format_hours(bar.hours)} h" for bar in self.bars
        )

    @property
    def bars_svg(self) -> SafeString:
        """The bars, and a label under every other one and this week's, as one string of SVG
        (numbers and month names only: nothing to escape)."""
        parts = []
        for index, bar in enumerate(self.bars):
            classes = (
                "bar"
                + (" bar-met" if bar.goal_met else "")
                + (" bar-current" if bar.current else "")
            )
            parts.append(
                f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" '
                f'class="{classes}"></rect>'
            )
            if index % 2 == 0 or bar.current:
                parts.append(
                    f'<text x="{bar.x}" y="{self.label_y}" class="chart-label">'
                    f"{day_month(bar.week)}</text>"
                )
        return mark_safe("\n".join(parts))


def week_chart(series: list[tuple[dt.date, Decimal]], goal: Decimal) -> WeekChart:
    """Bars for (Monday, hours) pairs, oldest first, scaled so the goal line always shows."""
    scale_top = max([goal, *(hours for _, hours in series)]) * Decimal("1.1") or Decimal(1)
    plot_height = HEIGHT - TOP - BOTTOM
    slot = WIDTH / len(series)

    def y_of(hours: Decimal) -> float:
        return round(TOP + plot_height * float(1 - hours / scale_top), 1)

    bars = tuple(
        Bar(
            week=week,
            hours=hours,
            x=round(index * slot + GAP / 2, 1),
            y=y_of(hours),
            width=round(slot - GAP, 1),
            height=round(HEIGHT - BOTTOM - y_of(hours), 1),
            goal_met=hours >= goal,
            current=index == len(series) - 1,
        )
        for index, (week, hours) in enumerate(series)
    )
    return WeekChart(WIDTH, HEIGHT, bars, goal, y_of(goal), HEIGHT - BOTTOM)


CELL, CELL_GAP = 11, 2
HEATMAP_LEFT, HEATMAP_TOP = 30, 16  # room for weekday labels and month labels
STEP = CELL + CELL_GAP


class DayCell(NamedTuple):
    """A day of the heatmap (a tuple: a year of them is made on every dashboard)."""

    day: dt.date
    x: int
    y: int
    level: int
    title: str


@dataclass(frozen=True)
class MonthLabel:
    text: str
    x: int


@dataclass(frozen=True)
class Heatmap:
    width: int
    height: int
    cells: tuple[DayCell, ...]
    months: tuple[MonthLabel, ...]
    summary: str
    cell: int = CELL
    month_y: int = HEATMAP_TOP - 5
    # Rows of Monday, Wednesday and Friday are labelled, as on GitHub.
    weekday_labels: tuple[tuple[str, int], ...] = tuple(
        (name, HEATMAP_TOP + row * STEP + CELL - 2)
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
    )

    @property
    def month_labels_svg(self) -> SafeString:
        """The month names above their columns as one string of SVG, like the cells."""
        return mark_safe(
            "".join(
                f'<text x="{month.x}" y="{self.month_y}" class="chart-label">{month.text}</text>'
                for month in self.months
            )
        )

    @property
    def weekday_labels_svg(self) -> SafeString:
        """The weekday names beside their rows as one string of SVG."""
        return mark_safe(
            "".join(
                f'<text x="0" y="{y}" class="chart-label">{name}</text>'
                for name, y in self.weekday_labels
            )
        )

    @property
    def cells_svg(self) -> SafeString:
        """The day squares as one string of SVG: 371 of them, built in one pass rather than
        by a template loop that renders each number through the localisation machinery."""
        size = self.cell
        return mark_safe(
            "".join(
                f'<rect x="{x}" y="{y}" width="{size}" height="{size}" '
                f'rx="2" class="day level-{level}"><title>{escape(title)}</title></rect>'
                for _, x, y, level, title in self.cells
            )
        )


def heatmap(hours_by_day: Mapping[dt.date, Decimal], today: dt.date) -> Heatmap:
    """A column per week (Monday on top) of the year up to `today`, each day shaded by hours."""
    days = heatmap_days(today)
    first = days[0]
    cells, months = [], []
    zero = Decimal(0)
    # The days run from a Monday: the nth is in column n // 7, row n % 7.
    for index, day in enumerate(days):
        hours = hours_by_day.get(day, zero)
        column, weekday = divmod(index, 7)
        x = HEATMAP_LEFT + column * STEP
        cells.append(
            DayCell(
                day, x, HEATMAP_TOP + weekday * STEP, activity_level(hours), day_title(day, hours)
            )
        )
        # A month is named above the first full column that starts in it.
        if weekday == 0 and day.day <= 7 and column > 0:
            months.append(MonthLabel(MONTH_NAMES[day.month - 1], x))
    columns = (days[-1] - first).days // 7 + 1
    shown = {day: hours for day, hours in hours_by_day.items() if day >= first}
    return Heatmap(
        width=HEATMAP_LEFT + columns * STEP,
        height=HEATMAP_TOP + 7 * STEP,
        cells=tuple(cells),
        months=tuple(months),
        summary=activity_summary(shown),
    )
