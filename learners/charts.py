"""Geometry of the dashboard's 12-week bar chart, drawn as server-side SVG."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

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
