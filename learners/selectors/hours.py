"""The learner's hours: by day and by week, the week against the goal, the year of study days
and the latest logs."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import F, Sum
from django.db.models.functions import TruncWeek

from ..charts import Heatmap, heatmap
from ..models import LoggedHours, Profile
from ..rules import (
    BACKFILL,
    BareMinimum,
    Pace,
    goal_streak,
    heatmap_first_day,
    pace,
    week_series,
    week_start,
)
from ..study_days import study_week_bare_minimum

RECENT_ITEMS = 6
CHART_WEEKS = 12


def _hours_totals(by, **filters):
    """(user id, key, hours) rows of the logs `filters` selects, study sessions and assignment
    work together, summed per learner by `by` (a date expression) in one query."""
    return (
        LoggedHours.objects.filter(**filters)
        .annotate(key=by)
        .values("user_id", "key")
        .annotate(total=Sum("hours"))
        .values_list("user_id", "key", "total")
    )


def _hours_grouped(*, user, by, **days) -> dict[dt.date, Decimal]:
    """One learner's hours on the days `days` filters (e.g. `day__gte=…`), summed by `by`."""
    return {key: total for _, key, total in _hours_totals(by, user=user, **days)}


def hours_by_day(*, user, since: dt.date) -> dict[dt.date, Decimal]:
    """Hours logged per local day from `since` on (one query)."""
    return _hours_grouped(user=user, by=F("day"), day__gte=since)


def hours_on_day(*, user, day: dt.date) -> Decimal:
    """Hours the learner logged on `day`: study sessions and assignment work together."""
    return _hours_grouped(user=user, by=F("day"), day=day).get(day, Decimal(0))


def hours_by_week(*, user, since: dt.date) -> dict[dt.date, Decimal]:
    """Hours logged per week, keyed by its Monday, from `since` on (one query)."""
    return _hours_grouped(user=user, by=TruncWeek("day"), day__gte=since)


def hours_by_week_of_each(*, user_ids: list[int], since: dt.date) -> dict[int, dict]:
    """Each learner's hours per week (keyed by Monday) from `since` on, by user id, in one
    grouped query: a study group's members' weeks."""
    weeks: dict[int, dict] = {user_id: {} for user_id in user_ids}
    for user_id, week, total in _hours_totals(
        TruncWeek("day"), user_id__in=user_ids, day__gte=since
    ):
        weeks[user_id][week] = total
    return weeks


def activity_heatmap(*, profile: Profile, now: dt.datetime) -> Heatmap:
    """The learner's year of study days up to their local today (one query)."""
    today = profile.local_today(now)
    return heatmap(hours_by_day(user=profile.user_id, since=heatmap_first_day(today)), today)


@dataclass(frozen=True)
class Activity:
    day: dt.date
    hours: Decimal
    what: str
    created_at: dt.datetime


def recent_activity(*, user) -> list[Activity]:
    """The latest RECENT_ITEMS study sessions and completed assignments, newest first (one
    query)."""
    latest = (
        LoggedHours.objects.filter(user=user)
        .order_by("-day", "-created_at")
        .values_list(
            "day", "hours", "created_at", "note", "assignment__title", "course__title", named=True
        )
    )
    return [
        Activity(
            day=row.day,
            hours=row.hours,
            what=(
                f"Completed “{row.assignment__title}”"
                if row.assignment__title
                else row.course__title or row.note or "Study"
            ),
            created_at=row.created_at,
        )
        for row in latest[:RECENT_ITEMS]
    ]


@dataclass(frozen=True)
class Week:
    """The learner's current week and the weeks before it, as the dashboard shows them."""

    pace: Pace
    series: list[tuple[dt.date, Decimal]]
    streak: int
    bare_minimum: BareMinimum | None  # what keeps the goal, when the week is behind


def learner_week(*, profile: Profile, now: dt.datetime) -> Week:
    # From the earliest day a learner may log, so a streak is never cut short (one query).
    weeks = hours_by_week(user=profile.user_id, since=profile.joined_on - BACKFILL)
    return week_of(profile, now, weeks)


def pace_and_streak(
    goal: Decimal, zone: ZoneInfo, now: dt.datetime, weeks: dict[dt.date, Decimal]
) -> tuple[Pace, int]:
    """The pace of the current week in `zone` against `goal`, and the streak of weeks met,
    from hours per week (keyed by Monday): what a study group sees of a member's week."""
    this_week = week_start(now.astimezone(zone).date())
    return (
        pace(goal, weeks.get(this_week, Decimal(0)), now, zone),
        goal_streak(weeks, this_week, goal),
    )


def week_of(profile: Profile, now: dt.datetime, weeks: dict[dt.date, Decimal]) -> Week:
    """The learner's week figures from their hours per week (keyed by Monday)."""
    today = profile.local_today(now)
    goal = profile.weekly_goal_hours
    week_pace, streak = pace_and_streak(goal, profile.zone, now, weeks)
    return Week(
        pace=week_pace,
        series=week_series(weeks, week_start(today), CHART_WEEKS),
        streak=streak,
        bare_minimum=study_week_bare_minimum(week_pace, today, profile.study_days),
    )


def bare_minimum(*, profile: Profile, now: dt.datetime) -> BareMinimum | None:
    """What keeps the learner's weekly goal from `now` on; None unless their week is behind.
    One query: this week's hours."""
    this_week = week_start(profile.local_today(now))
    weeks = hours_by_week(user=profile.user_id, since=this_week)
    return week_of(profile, now, weeks).bare_minimum
