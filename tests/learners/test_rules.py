"""A learner's week, pace and streak, without the database."""

import datetime as dt
import zoneinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from learners.reminders import zone_week
from learners.rules import (
    HALF_HOUR,
    QUARTER_HOUR,
    TIME_ZONES,
    Pace,
    bare_minimum,
    day_problem,
    day_total_problem,
    days_left_in_week,
    elapsed_share,
    expected_by_now,
    format_hours,
    goal_streak,
    hours_by_week_of,
    hours_step_problem,
    local_week,
    pace,
    pace_multiplier,
    parse_hours,
    reminder_due_at,
    slot_passed,
    target_date_problem,
    target_horizon,
    target_status,
    time_zone_problem,
    week_bare_minimum,
    week_series,
    week_start,
)

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")  # UTC−8 in winter
KOLKATA = ZoneInfo("Asia/Kolkata")  # UTC+5:30
AUCKLAND = ZoneInfo("Pacific/Auckland")  # UTC+13 in (southern) summer


def at(*args, zone=UTC) -> dt.datetime:
    return dt.datetime(*args, tzinfo=zone)


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (dt.date(2026, 11, 23), dt.date(2026, 11, 23)),  # a Monday
        (dt.date(2026, 11, 29), dt.date(2026, 11, 23)),  # the Sunday after
        (dt.date(2027, 1, 1), dt.date(2026, 12, 28)),  # across the year
    ],
)
def test_a_week_starts_on_its_monday(day, monday):
    assert week_start(day) == monday


def test_the_week_is_the_learners_own():
    # Sunday 22:00 UTC is already Monday in Auckland and still Sunday in Los Angeles.
    now = at(2026, 11, 29, 22)

    assert local_week(now, AUCKLAND)[0] == at(2026, 11, 30, zone=AUCKLAND)
    assert local_week(now, LOS_ANGELES)[0] == at(2026, 11, 23, zone=LOS_ANGELES)


def test_half_the_week_is_thursday_noon():
    assert elapsed_share(at(2026, 11, 26, 12, zone=KOLKATA), KOLKATA) == Decimal("0.5")


def test_a_week_across_the_daylight_saving_change_has_169_hours():
    # Berlin falls back on Sunday 25 October 2026: that week lasts 169 hours.
    start, end = local_week(at(2026, 10, 21, 12, zone=BERLIN), BERLIN)

    assert end.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(hours=169)
    # 84.5 real hours after Monday 00:00 is exactly half of it.
    halfway = start.astimezone(UTC) + dt.timedelta(hours=84.5)
    assert elapsed_share(halfway, BERLIN) == Decimal("0.5")


def test_expected_hours_grow_with_the_week():
    goal = Decimal(7)

    assert expected_by_now(goal, at(2026, 11, 23, zone=BERLIN), BERLIN) == 0
    assert expected_by_now(goal, at(2026, 11, 26, 12, zone=BERLIN), BERLIN) == Decimal("3.50")
    assert expected_by_now(goal, at(2026, 11, 29, 23, 59, 59, zone=BERLIN), BERLIN) == Decimal(
        "7.00"
    )


@pytest.mark.parametrize(
    ("logged", "status", "behind"),
    [
        (Decimal(1), "Behind by 2.5 h", True),
        (Decimal("3.5"), "On track", False),
        (Decimal(5), "On track", False),
        (Decimal(7), "Goal met", False),
    ],
)
def test_pace_is_behind_when_logged_is_under_expected(logged, status, behind):
    thursday_noon = at(2026, 11, 26, 12, zone=BERLIN)

    result = pace(Decimal(7), logged, thursday_noon, BERLIN)

    assert (result.status, result.behind) == (status, behind)


def test_pace_figures_for_the_progress_bar():
    result = Pace(goal=Decimal(8), logged=Decimal(6), expected=Decimal(4))

    assert result.share_of_goal == 75
    assert result.left_this_week == 2
    assert Pace(goal=Decimal(8), logged=Decimal(12), expected=Decimal(8)).share_of_goal == 100


@pytest.mark.parametrize(
    ("zone", "utc_instant"),
    [
        # Thursday 18:00 local in each zone, as UTC.
        (LOS_ANGELES, at(2026, 11, 27, 2)),  # UTC−8
        (KOLKATA, at(2026, 11, 26, 12, 30)),  # UTC+5:30
        (AUCKLAND, at(2026, 11, 26, 5)),  # UTC+13
    ],
)
def test_the_reminder_slot_is_local(zone, utc_instant):
    assert reminder_due_at(dt.date(2026, 11, 23), 3, 18, zone) == utc_instant
    assert not slot_passed(utc_instant - dt.timedelta(seconds=1), zone, 3, 18)
    assert slot_passed(utc_instant, zone, 3, 18)


def test_the_slot_moves_with_daylight_saving():
    # Thursday 18:00 in Los Angeles: 01:00 UTC on Friday in summer time, 02:00 in winter.
    summer = reminder_due_at(dt.date(2026, 10, 26), 3, 18, LOS_ANGELES)
    winter = reminder_due_at(dt.date(2026, 11, 2), 3, 18, LOS_ANGELES)

    assert summer.astimezone(UTC) == at(2026, 10, 30, 1)
    assert winter.astimezone(UTC) == at(2026, 11, 6, 2)


def test_a_slot_in_the_spring_gap_falls_an_hour_later():
    # Berlin skips 02:00–03:00 on Sunday 28 March 2027.
    due = reminder_due_at(dt.date(2027, 3, 22), 6, 2, BERLIN)

    assert due.astimezone(UTC) == at(2027, 3, 28, 1)
    assert due.hour == 3


def test_the_week_series_has_twelve_weeks_oldest_first():
    this_week = dt.date(2026, 11, 23)
    series = week_series({this_week: Decimal(3), dt.date(2026, 9, 7): Decimal(5)}, this_week)

    assert len(series) == 12
    assert series[0] == (dt.date(2026, 9, 7), Decimal(5))
    assert series[-1] == (this_week, Decimal(3))
    assert series[5][1] == 0


def test_the_streak_counts_back_from_last_week():
    this_week = dt.date(2026, 11, 23)
    weeks = {
        this_week - dt.timedelta(weeks=n): Decimal(hours)
        for n, hours in enumerate([2, 8, 9, 8, 3, 8])
    }

    # This week is still under way (2 of 8): the three full weeks before it count.
    assert goal_streak(weeks, this_week, Decimal(8)) == 3
    weeks[this_week] = Decimal(8)
    assert goal_streak(weeks, this_week, Decimal(8)) == 4
    assert goal_streak({}, this_week, Decimal(8)) == 0


@pytest.mark.parametrize(
    ("logged", "estimated", "multiplier"),
    [
        (Decimal(39), Decimal(30), Decimal("1.30")),
        (Decimal(15), Decimal(30), Decimal("0.50")),
        (Decimal(3), Decimal(30), Decimal("0.50")),  # hours barely logged: bounded
        (Decimal(200), Decimal(30), Decimal(3)),
        (Decimal(0), Decimal(30), None),  # nothing logged yet
        (Decimal(10), Decimal(0), None),  # no course finished yet
    ],
)
def test_the_pace_multiplier_compares_real_hours_with_estimates(logged, estimated, multiplier):
    assert pace_multiplier(logged, estimated) == multiplier


TODAY = dt.date(2026, 11, 26)
JOINED = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (TODAY, None),
        (JOINED - dt.timedelta(days=365), None),  # a year before joining is still fine
        (TODAY + dt.timedelta(days=1), "That day has not come yet"),
        (JOINED - dt.timedelta(days=366), "more than a year before you joined"),
    ],
)
def test_which_days_can_be_logged(day, problem):
    result = day_problem(day, TODAY, JOINED)

    assert result is None if problem is None else problem in result


def test_a_day_holds_at_most_24_hours():
    assert day_total_problem(TODAY, Decimal(20), Decimal(4)) is None
    assert day_total_problem(TODAY, Decimal(20), Decimal("4.5")) == (
        "That makes 24.5 h on 26 Nov, and a day has 24: at most 4 h more fit."
    )


@pytest.mark.parametrize(
    ("value", "text"), [("1.50", "1.5"), ("2.00", "2"), ("0.25", "0.25"), ("10", "10")]
)
def test_hours_are_written_without_trailing_zeros(value, text):
    assert format_hours(Decimal(value)) == text


# Time zones


@pytest.mark.parametrize("name", ["Europe/Berlin", "UTC", "Asia/Kathmandu", "America/St_Johns"])
def test_a_time_zone_of_a_place_is_one_we_know(name):
    assert time_zone_problem(name) is None
    assert name in TIME_ZONES


@pytest.mark.parametrize("name", ["localtime", "Factory", "posixrules", "Mars/Base", "", "utc"])
def test_a_name_that_is_no_place_is_refused(name):
    assert time_zone_problem(name) == (
        f"“{name}” is not a time zone we know: pick one from the list, e.g. Europe/Berlin."
    )
    assert name not in TIME_ZONES


def test_the_time_zones_are_what_python_knows_but_the_names_of_no_place():
    assert set(TIME_ZONES) == zoneinfo.available_timezones() - {
        "localtime",
        "Factory",
        "posixrules",
    }
    assert list(TIME_ZONES) == sorted(TIME_ZONES)


# Hours as typed


@pytest.mark.parametrize(
    ("text", "hours"),
    [("1.5", "1.5"), ("2", "2"), (".25", "0.25"), ("3.", "3"), (" 7 ", "7"), ("-1", "-1")],
)
def test_hours_are_ascii_decimals(text, hours):
    assert parse_hours(text) == Decimal(hours)


@pytest.mark.parametrize(
    "text",
    [
        "٣",
        "３",
        "1٫5",
        "١٢",
        "1e1",
        "1E+5",
        "NaN",
        "Infinity",
        "1,5",
        "0x10",
        "1_0",
        "",
        ".",
        "1.2.3",
    ],
)
def test_anything_else_is_not_hours(text):
    assert parse_hours(text) is None


@pytest.mark.parametrize(
    ("hours", "step"),
    [("1.25", QUARTER_HOUR), ("0", QUARTER_HOUR), ("24", QUARTER_HOUR), ("7.5", HALF_HOUR)],
)
def test_hours_in_whole_steps_are_fine(hours, step):
    assert hours_step_problem(Decimal(hours), step) is None


@pytest.mark.parametrize(
    ("hours", "step", "problem"),
    [
        ("0.01", QUARTER_HOUR, "Give hours in steps of 0.25 h, e.g. 1.25."),
        ("1.3", QUARTER_HOUR, "Give hours in steps of 0.25 h, e.g. 1.25."),
        ("7.25", HALF_HOUR, "Give hours in steps of 0.5 h, e.g. 2.5."),
    ],
)
def test_hours_between_steps_are_refused(hours, step, problem):
    assert hours_step_problem(Decimal(hours), step) == problem


# --- A plan that recovers -----------------------------------------------------------------

TODAY = dt.date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        (dt.date(2026, 11, 25), "That day has passed: pick today or a day to come."),
        (TODAY, None),
        (dt.date(2031, 11, 26), None),
        (
            dt.date(2031, 11, 27),
            "That is more than 5 years away: pick a day up to 26 November 2031.",
        ),
    ],
)
def test_a_target_date_is_today_or_later_and_at_most_five_years_out(target, problem):
    assert target_date_problem(target, TODAY) == problem


def test_five_years_from_a_29_february_ends_on_the_28th():
    assert target_horizon(dt.date(2028, 2, 29)) == dt.date(2033, 2, 28)


@pytest.mark.parametrize(
    ("projected", "weeks_behind", "text", "may_reset"),
    [
        (dt.date(2027, 2, 1), 0, "On track", False),  # earlier than the target
        (dt.date(2027, 3, 1), 0, "On track", False),  # on the day
        (dt.date(2027, 3, 2), 1, "Behind by 1 week", False),
        (dt.date(2027, 3, 8), 1, "Behind by 1 week", False),  # exactly a week: no reset yet
        (dt.date(2027, 3, 9), 2, "Behind by 2 weeks", True),
        (dt.date(2027, 5, 24), 12, "Behind by 12 weeks", True),
    ],
)
def test_target_status_counts_whole_weeks_behind_rounded_up(
    projected, weeks_behind, text, may_reset
):
    status = target_status(dt.date(2027, 3, 1), projected)

    assert (status.weeks_behind, status.on_track, status.text, status.may_reset) == (
        weeks_behind,
        weeks_behind == 0,
        text,
        may_reset,
    )


def test_there_is_no_target_status_without_a_target():
    assert target_status(None, dt.date(2027, 3, 1)) is None


def test_the_days_left_run_from_today_to_sunday():
    assert days_left_in_week(TODAY) == (
        dt.date(2026, 11, 26),
        dt.date(2026, 11, 27),
        dt.date(2026, 11, 28),
        dt.date(2026, 11, 29),
    )
    assert days_left_in_week(dt.date(2026, 11, 29)) == (dt.date(2026, 11, 29),)
    assert len(days_left_in_week(dt.date(2026, 11, 23))) == 7


@pytest.mark.parametrize(
    ("missing", "today", "per_day", "text"),
    [
        ("6", TODAY, "1.5", "1.5 h a day on the 4 days left"),
        # 5 h over 3 days is 1.67 h: rounded up to the quarter hour, so doing it keeps the goal.
        ("5", dt.date(2026, 11, 27), "1.75", "1.75 h a day on the 3 days left"),
        ("6", dt.date(2026, 11, 28), "3", "3 h on Saturday and Sunday"),
        ("4", dt.date(2026, 11, 29), "4", "4 h on Sunday, the last day"),
        ("0.1", dt.date(2026, 11, 23), "0.25", "0.25 h a day on the 7 days left"),
    ],
)
def test_the_bare_minimum_spreads_the_missing_hours_over_the_days_left(
    missing, today, per_day, text
):
    minimum = bare_minimum(Decimal(missing), days_left_in_week(today))

    assert minimum.per_day == Decimal(per_day)
    assert minimum.reachable
    assert minimum.text == text


def test_a_bare_minimum_beyond_a_day_says_the_goal_is_out_of_reach():
    minimum = bare_minimum(Decimal(30), days_left_in_week(dt.date(2026, 11, 29)))

    assert not minimum.reachable
    assert minimum.text == "30 h are missing and only 1 day left: this week's goal is out of reach"


def test_there_is_no_bare_minimum_with_zero_days_left():
    assert bare_minimum(Decimal(5), ()) is None


@pytest.mark.parametrize("missing", ["0", "-2"])
def test_there_is_no_bare_minimum_once_the_goal_is_met(missing):
    assert bare_minimum(Decimal(missing), days_left_in_week(TODAY)) is None


def test_a_week_on_pace_needs_no_bare_minimum_and_one_behind_does():
    on_pace = Pace(goal=Decimal(8), logged=Decimal(5), expected=Decimal(4))
    behind = Pace(goal=Decimal(8), logged=Decimal(2), expected=Decimal(4))

    assert week_bare_minimum(on_pace, TODAY) is None
    assert week_bare_minimum(behind, TODAY).text == "1.5 h a day on the 4 days left"


def test_hours_per_day_add_up_to_their_weeks():
    days = {
        dt.date(2026, 11, 30): Decimal("1.5"),  # Monday
        dt.date(2026, 12, 6): Decimal(2),  # Sunday, same week
        dt.date(2026, 12, 7): Decimal("0.25"),  # the next Monday
    }

    assert hours_by_week_of(days) == {
        dt.date(2026, 11, 30): Decimal("3.5"),
        dt.date(2026, 12, 7): Decimal("0.25"),
    }
    assert hours_by_week_of({}) == {}


BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("local", "slots_passed", "later_slots_from"),
    [
        # Monday 07:30 in Berlin: learners whose slot is Monday 00:00 to 07:00, nobody else.
        (dt.datetime(2026, 11, 2, 7, 30, tzinfo=BERLIN), 8, 168),
        # From 08:00: the rest of Monday's slots as they pass, and every later slot at once.
        (dt.datetime(2026, 11, 2, 8, tzinfo=BERLIN), 9, 24),
        (dt.datetime(2026, 11, 2, 23, 59, tzinfo=BERLIN), 24, 24),
        # Tuesday: nobody.
        (dt.datetime(2026, 11, 3, 0, tzinfo=BERLIN), 0, 168),
    ],
    ids=["monday-7:30", "monday-8:00", "monday-23:59", "tuesday"],
)
def test_last_weeks_reminder_is_due_on_monday_at_a_monday_slot_or_from_8(
    local, slots_passed, later_slots_from
):
    week = zone_week("missed_last_week", local.astimezone(dt.UTC), BERLIN)

    assert (week.slots_passed, week.later_slots_from) == (slots_passed, later_slots_from)
    assert week.week_start == dt.date(2026, 10, 26)
