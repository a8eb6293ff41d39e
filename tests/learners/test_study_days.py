"""The study-day rules, without the database: how the weekly goal is shared among study blocks,
how the days are stored and named, and the bare minimum over the study days left."""

import datetime as dt
from decimal import Decimal

import pytest

from learners.rules import Pace
from learners.study_days import (
    StudyBlock,
    StudyDaysMinimum,
    block_hours,
    goal_quarters,
    joined,
    split_into_quarters,
    study_blocks,
    study_days_digits,
    study_days_from_digits,
    study_days_problem,
    study_days_text,
    study_week_bare_minimum,
)

TUE_THU_SAT = (1, 3, 5)
SEVEN = dt.time(19)
HOUR = dt.timedelta(hours=1)
MINUTES = dt.timedelta(minutes=1)
# Thursday 29 October 2026.
THURSDAY = dt.date(2026, 10, 29)


def blocks(goal: str, days=TUE_THU_SAT, starts_at=SEVEN, weekday=3, hour=18) -> list[StudyBlock]:
    return study_blocks(
        goal_hours=Decimal(goal),
        days=days,
        starts_at=starts_at,
        reminder_weekday=weekday,
        reminder_hour=hour,
    )


@pytest.mark.parametrize(
    ("quarters", "parts", "shares"),
    [
        (24, 3, [8, 8, 8]),  # 6 h over 3 days: 2 h each
        (20, 3, [7, 7, 6]),  # 5 h: 1h45, 1h45, 1h30
        (22, 3, [8, 7, 7]),  # 5.5 h: 2 h, 1h45, 1h45
        (2, 1, [2]),
        (2, 3, [1, 1, 0]),  # fewer quarters than days: the last gets nothing
    ],
)
def test_the_goal_is_split_in_quarter_hours_the_earlier_days_taking_what_is_left(
    quarters, parts, shares
):
    assert split_into_quarters(quarters, parts) == shares


@pytest.mark.parametrize("parts", range(1, 8))
def test_the_shares_always_add_up_to_the_goal_and_differ_by_a_quarter_at_most(parts):
    for quarters in range(2, 321):  # every goal from 0.5 to 80 h
        shares = split_into_quarters(quarters, parts)

        assert len(shares) == parts
        assert sum(shares) == quarters
        assert max(shares) - min(shares) <= 1
        assert shares == sorted(shares, reverse=True)


def test_goals_count_in_quarter_hours():
    assert [goal_quarters(Decimal(g)) for g in ("0.5", "6", "7.5", "80")] == [2, 24, 30, 320]


def test_picked_days_each_get_a_block_at_the_start_time():
    assert blocks("5") == [
        StudyBlock(1, SEVEN, 105 * MINUTES),
        StudyBlock(3, SEVEN, 105 * MINUTES),
        StudyBlock(5, SEVEN, 90 * MINUTES),
    ]
    assert [block.length for block in blocks("6")] == [2 * HOUR] * 3


@pytest.mark.parametrize("goal", ["0.5", "1", "5", "6", "7.5", "13.5", "21", "80"])
@pytest.mark.parametrize("days", [(0,), (1, 3, 5), (0, 1, 2, 3, 4, 5, 6), ()])
def test_the_blocks_add_up_to_the_goal_exactly(goal, days):
    total = sum((block.length for block in blocks(goal, days=days)), dt.timedelta())

    assert total == dt.timedelta(hours=float(goal))


@pytest.mark.parametrize(
    ("goal", "weekdays", "length"),
    [
        ("0.5", [3], 30 * MINUTES),
        ("2", [3], 2 * HOUR),
        ("3", [3, 4], 90 * MINUTES),
        ("10", [3, 4, 5, 6, 0], 2 * HOUR),  # Thursday to Monday
        ("14", [3, 4, 5, 6, 0, 1, 2], 2 * HOUR),
    ],
)
def test_without_picked_days_blocks_of_at_most_two_hours_follow_the_reminder_slot(
    goal, weekdays, length
):
    result = blocks(goal, days=())

    assert [block.weekday for block in result] == weekdays
    assert {block.starts_at for block in result} == {dt.time(18)}
    assert {block.length for block in result} == {length}


def test_over_fourteen_hours_without_picked_days_every_day_gets_a_longer_block():
    result = blocks("20", days=())

    assert len(result) == 7
    assert [block.length for block in result] == [3 * HOUR] * 3 + [165 * MINUTES] * 4


def test_a_day_whose_share_is_nothing_gets_no_block():
    assert blocks("0.5") == [StudyBlock(1, SEVEN, 15 * MINUTES), StudyBlock(3, SEVEN, 15 * MINUTES)]


def test_a_block_length_reads_in_hours():
    assert block_hours(105 * MINUTES) == Decimal("1.75")


def test_days_are_stored_as_ordered_digits_each_once():
    assert study_days_digits([5, 1, 3, 1]) == "135"
    assert study_days_digits([]) == ""
    assert study_days_from_digits("135") == TUE_THU_SAT
    assert study_days_from_digits("") == ()


def test_days_are_named_in_a_sentence():
    assert joined([]) == ""
    assert joined(["Tue"]) == "Tue"
    assert joined(["Tue", "Thu"]) == "Tue and Thu"
    assert joined(["Tue", "Thu", "Sat"]) == "Tue, Thu and Sat"
    assert study_days_text(TUE_THU_SAT, SEVEN) == "Tue, Thu and Sat at 19:00"
    assert study_days_text((0,), dt.time(7, 30)) == "Mon at 07:30"
    assert study_days_text((), SEVEN) == ""
    assert study_days_text(TUE_THU_SAT, None) == ""


@pytest.mark.parametrize(
    ("goal", "days", "problem"),
    [
        ("6", TUE_THU_SAT, None),
        ("0.5", (), None),
        ("0.5", (0, 1), None),
        ("0.5", (0, 1, 2), "A weekly goal of 0.5 h fills at most 2 days with a quarter hour each"),
        (
            "80",
            (0, 1, 2),
            "A weekly goal of 80 h is more than 24 h a day over 3 days: tick more days.",
        ),
        ("72", (0, 1, 2), None),
    ],
)
def test_a_goal_that_cannot_be_shared_among_the_days_is_named(goal, days, problem):
    found = study_days_problem(Decimal(goal), days)

    assert found == problem or (problem and found.startswith(problem))


def behind(left: str) -> Pace:
    """A week behind pace with `left` hours of its goal still to log."""
    return Pace(goal=Decimal(left), logged=Decimal(0), expected=Decimal(left))


def test_the_bare_minimum_is_spread_over_the_study_days_left():
    minimum = study_week_bare_minimum(behind("4"), THURSDAY, TUE_THU_SAT)

    assert isinstance(minimum, StudyDaysMinimum)
    assert minimum.days == (THURSDAY, dt.date(2026, 10, 31))
    assert minimum.text == "2 h on each of your study days left (Thursday and Saturday)"


def test_on_the_last_study_day_the_bare_minimum_names_it():
    minimum = study_week_bare_minimum(behind("3"), dt.date(2026, 10, 30), TUE_THU_SAT)

    assert minimum.text == "3 h on Saturday (your last study day)"


def test_with_no_study_day_left_the_bare_minimum_is_over_every_day_left():
    minimum = study_week_bare_minimum(behind("4"), THURSDAY, (0, 1))

    assert minimum.text == "1 h a day on the 4 days left"


def test_a_bare_minimum_beyond_a_day_on_the_study_days_falls_back_to_every_day_left():
    # 30 h on Saturday alone is out of reach; over Thursday to Sunday it is 7.5 h a day.
    minimum = study_week_bare_minimum(behind("30"), THURSDAY, (5,))

    assert minimum.text == "7.5 h a day on the 4 days left"


def test_a_week_on_pace_has_no_bare_minimum_whatever_the_days():
    on_pace = Pace(goal=Decimal(8), logged=Decimal(4), expected=Decimal(4))

    assert study_week_bare_minimum(on_pace, THURSDAY, TUE_THU_SAT) is None
