"""The activity heatmap's rules and geometry, and the path plan's finish dates: no database."""

import datetime as dt
from decimal import Decimal
from itertools import pairwise

import pytest

from learners.charts import heatmap
from learners.rules import (
    activity_level,
    activity_summary,
    calendar_token,
    calendar_token_parts,
    course_finishes,
    day_title,
    heatmap_days,
    longest_streak,
)

TUESDAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("hours", "level"),
    [
        ("0", 0),
        ("0.25", 1),
        ("0.99", 1),
        ("1", 2),
        ("1.99", 2),
        ("2", 3),
        ("3.75", 3),
        ("4", 4),
        ("24", 4),
    ],
)
def test_a_day_is_shaded_by_its_hours_in_five_buckets(hours, level):
    assert activity_level(Decimal(hours)) == level


def test_the_heatmap_runs_from_a_monday_53_weeks_back_to_today():
    days = heatmap_days(TUESDAY)

    assert days[0] == dt.date(2025, 12, 1)
    assert days[0].weekday() == 0
    assert days[-1] == TUESDAY
    assert len(days) == 52 * 7 + 2
    assert all(later - earlier == dt.timedelta(days=1) for earlier, later in pairwise(days))


def test_the_longest_streak_is_the_longest_run_of_consecutive_days():
    start = dt.date(2026, 3, 1)
    run_of_three = {start, start + dt.timedelta(1), start + dt.timedelta(2)}
    run_of_four = {dt.date(2026, 2, 26) + dt.timedelta(n) for n in range(4)}

    assert longest_streak(set()) == 0
    assert longest_streak({start}) == 1
    assert longest_streak(run_of_three) == 3
    assert longest_streak(run_of_three | {dt.date(2026, 5, 1)}) == 3
    # Across a month's end, and merged when runs touch.
    assert longest_streak(run_of_four | run_of_three) == 6


def test_the_summary_counts_active_days_and_the_longest_streak_in_words():
    days = {dt.date(2026, 11, n): Decimal("1.5") for n in range(1, 10)}
    days[dt.date(2026, 11, 20)] = Decimal("0.5")
    days[dt.date(2026, 11, 22)] = Decimal(0)

    assert activity_summary(days) == "10 active days, longest streak 9 days"
    assert activity_summary({TUESDAY: Decimal(1)}) == "1 active day, longest streak 1 day"
    assert activity_summary({}) == "0 active days, longest streak 0 days"


def test_a_day_title_says_the_day_and_its_hours():
    assert day_title(TUESDAY, Decimal("1.50")) == "Tue 1 Dec: 1.5 h"
    assert day_title(dt.date(2026, 11, 9), Decimal(0)) == "Mon 9 Nov: 0 h"


def test_the_heatmap_places_each_day_in_its_week_column_and_weekday_row():
    hours = {TUESDAY: Decimal("1.5"), dt.date(2025, 12, 1): Decimal(5)}

    chart = heatmap(hours, TUESDAY)

    first, last = chart.cells[0], chart.cells[-1]
    assert (first.day, first.level, first.title) == (dt.date(2025, 12, 1), 4, "Mon 1 Dec: 5 h")
    assert last.title == "Tue 1 Dec: 1.5 h" and last.level == 2
    # Last column, second row; the first cell at the top left of the grid.
    assert last.x == first.x + 52 * 13 and last.y == first.y + 13
    assert chart.width >= last.x + chart.cell
    assert chart.summary == "2 active days, longest streak 1 day"
    assert [month.text for month in chart.months][:2] == ["Jan", "Feb"]
    assert len({month.x for month in chart.months}) == len(chart.months)


def test_days_before_the_heatmap_do_not_count_in_its_summary():
    old = {dt.date(2024, 1, n): Decimal(2) for n in range(1, 20)}

    assert heatmap(old, TUESDAY).summary == "0 active days, longest streak 0 days"


def test_each_course_finishes_after_the_hours_of_those_before_it():
    start = dt.date(2026, 12, 1)

    finishes = course_finishes([Decimal(10), Decimal(25), Decimal("0.5")], Decimal(10), start)

    # 10 h → 1 week; 35 h → 4 weeks (a started week counts); 35.5 h → 4 weeks still.
    assert finishes == [dt.date(2026, 12, 8), dt.date(2026, 12, 29), dt.date(2026, 12, 29)]
    assert course_finishes([], Decimal(10), start) == []


@pytest.mark.parametrize(
    "token", ["", "abc", "-secret", "12-", "١٢-secret", "1" * 19 + "-secret", "12secret"]
)
def test_a_calendar_token_of_another_form_has_no_parts(token):
    assert calendar_token_parts(token) is None


def test_a_calendar_token_names_its_profile_and_secret():
    token = calendar_token(42, "a-b_c")

    assert token == "42-a-b_c"
    assert calendar_token_parts(token) == (42, "a-b_c")
