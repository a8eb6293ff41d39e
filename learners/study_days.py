"""The learner's study days: which weekdays they study and at what time, the weekly blocks
that add up to their goal, and how the days are named in the bare minimum and the reminder.

Pure functions, tested without the database. Weekdays are numbered as Python does, Monday 0.
"""

import datetime as dt
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .rules import (
    QUARTER_HOUR,
    WEEKDAY_NAMES,
    BareMinimum,
    Pace,
    bare_minimum,
    format_hours,
    week_bare_minimum,
)

QUARTER = dt.timedelta(minutes=15)
# Without picked days, the goal is cut into blocks of at most this, on consecutive days.
LONGEST_UNPICKED_BLOCK = dt.timedelta(hours=2)


def study_days_from_digits(stored: str) -> tuple[int, ...]:
    """The weekdays a profile stores as digits in order, e.g. "135": Tuesday, Thursday and
    Saturday."""
    return tuple(int(digit) for digit in stored)


def study_days_digits(days: Collection[int]) -> str:
    """How a profile stores the weekdays: their digits in order, each once ("" for none)."""
    return "".join(str(day) for day in sorted(set(days)))


def goal_quarters(goal_hours: Decimal) -> int:
    """The weekly goal in quarter hours, to the nearest one (goals come in half hours)."""
    return round(goal_hours * 4)


def split_into_quarters(quarters: int, parts: int) -> list[int]:
    """`quarters` cut into `parts` blocks of whole quarter hours that add up to it exactly and
    differ by at most one quarter: the earlier blocks take the quarters left over, so 20
    quarters (5 h) in 3 give 7, 7 and 6 (1h45, 1h45, 1h30). A part gets 0 when there are
    fewer quarters than parts."""
    whole, extra = divmod(quarters, parts)
    return [whole + 1] * extra + [whole] * (parts - extra)


@dataclass(frozen=True)
class StudyBlock:
    """A weekly study block: from the local `starts_at` on `weekday`, for `length`."""

    weekday: int
    starts_at: dt.time
    length: dt.timedelta


def study_blocks(
    *,
    goal_hours: Decimal,
    days: Sequence[int],
    starts_at: dt.time | None,
    reminder_weekday: int,
    reminder_hour: int,
) -> list[StudyBlock]:
    """The learner's weekly study blocks, adding up to their weekly goal in quarter hours.

    With picked `days`, one block on each at `starts_at`, the goal shared among them. Without,
    blocks of at most two hours on consecutive days from the reminder slot (Thursday 18:00,
    then Friday 18:00…); a goal over 14 hours fills all seven days with longer blocks.
    A day whose share is nothing (more days than quarter hours) gets no block."""
    quarters = goal_quarters(goal_hours)
    if not days or starts_at is None:
        count = min(7, max(1, math.ceil(quarters * QUARTER / LONGEST_UNPICKED_BLOCK)))
        days = [(reminder_weekday + offset) % 7 for offset in range(count)]
        starts_at = dt.time(reminder_hour)
    return [
        StudyBlock(day, starts_at, share * QUARTER)
        for day, share in zip(days, split_into_quarters(quarters, len(days)), strict=True)
        if share
    ]


def joined(names: Sequence[str]) -> str:
    """Names in a sentence: "Tue", "Tue and Thu", "Tue, Thu and Sat"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def study_days_text(days: Sequence[int], starts_at: dt.time | None) -> str:
    """The picked days and time as the reminder names them: "Tue, Thu and Sat at 19:00";
    "" when none are picked."""
    if not days or starts_at is None:
        return ""
    return f"{joined([WEEKDAY_NAMES[day] for day in days])} at {starts_at:%H:%M}"


def block_hours(length: dt.timedelta) -> Decimal:
    """A block's length in hours: 1h45 is 1.75."""
    return length // QUARTER * QUARTER_HOUR


def study_days_problem(goal_hours: Decimal, days: Sequence[int]) -> str | None:
    """Why the weekly goal cannot be shared among the picked `days` in quarter hours of at
    most a day each; None when it can (or no day is picked)."""
    quarters, goal = goal_quarters(goal_hours), format_hours(goal_hours)
    if len(days) > quarters:
        return (
            f"A weekly goal of {goal} h fills at most {quarters} days with a quarter hour each: "
            "tick fewer days or raise your goal."
        )
    if days and max(split_into_quarters(quarters, len(days))) * QUARTER > dt.timedelta(days=1):
        return (
            f"A weekly goal of {goal} h is more than 24 h a day over {len(days)} "
            f"day{'' if len(days) == 1 else 's'}: tick more days."
        )
    return None


@dataclass(frozen=True)
class StudyDaysMinimum(BareMinimum):
    """The bare minimum spread over the learner's study days left this week."""

    @property
    def text(self) -> str:
        hours = format_hours(self.per_day)
        if len(self.days) == 1:
            return f"{hours} h on {self.days[0]:%A} (your last study day)"
        names = joined([f"{day:%A}" for day in self.days])
        return f"{hours} h on each of your study days left ({names})"


def study_week_bare_minimum(
    week_pace: Pace, today: dt.date, study_days: Collection[int]
) -> BareMinimum | None:
    """What keeps a week behind pace: spread over the study days left from the local `today`
    when that is within a day's hours, otherwise (or with no study day left) over every day
    left, as without picked days."""
    minimum = week_bare_minimum(week_pace, today)
    if minimum is None:
        return None
    left = tuple(day for day in minimum.days if day.weekday() in study_days)
    on_study_days = bare_minimum(minimum.missing, left)
    if on_study_days is None or not on_study_days.reachable:
        return minimum
    return StudyDaysMinimum(on_study_days.missing, on_study_days.days, on_study_days.per_day)
