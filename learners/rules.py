"""A learner's week, pace and streak as pure functions: no database, no Django models.

A week is an ISO week (Monday to Sunday) in the learner's own time zone. Logged days are
local dates, so a week's hours are the hours of the days from its Monday to its Sunday.
"""

import datetime as dt
import functools
import re
import zoneinfo
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from courses.rules import weeks_to_finish

WEEK = dt.timedelta(days=7)

# Names Python finds in the system's tz database that name no place: `localtime` links to the
# server's own clock (a learner's week would follow the server), `Factory` is the placeholder
# of machines with no zone set, `posixrules` the template for POSIX TZ strings (Python leaves
# it out already: listed so that the rule does not lean on that). Case matters, as in the tz
# database.
NOT_A_PLACE = frozenset({"localtime", "Factory", "posixrules"})
# The zones a learner may pick, sorted: the list the forms offer is the list they accept.
TIME_ZONES = tuple(sorted(zoneinfo.available_timezones() - NOT_A_PLACE))
_KNOWN_ZONES = frozenset(TIME_ZONES)


def time_zone_problem(name: str) -> str | None:
    """Why `name` cannot be a learner's time zone, or None when it is one we offer."""
    if name in _KNOWN_ZONES:
        return None
    return f"“{name}” is not a time zone we know: pick one from the list, e.g. Europe/Berlin."


HOURS = Decimal("0.01")


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week `day` falls in."""
    return day - dt.timedelta(days=day.weekday())


def hours_by_week_of(hours_by_day: Mapping[dt.date, Decimal]) -> dict[dt.date, Decimal]:
    """Hours per day added up per week, keyed by its Monday."""
    # By ordinal, for a dashboard adds up every day since the learner joined: day 1 (1 January
    # of year 1) is a Monday, so a day's Monday is `ordinal - (ordinal - 1) % 7`.
    weeks: dict[int, Decimal] = {}
    for day, hours in hours_by_day.items():
        ordinal = day.toordinal()
        monday = ordinal - (ordinal - 1) % 7
        weeks[monday] = weeks.get(monday, 0) + hours
    return {dt.date.fromordinal(monday): hours for monday, hours in weeks.items()}


def local_week(now: dt.datetime, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The instants the learner's current week starts and ends (Monday 00:00 local, twice).

    Across a daylight-saving change the week is 167 or 169 hours long, as the learner lives it.
    """
    monday = week_start(now.astimezone(zone).date())
    start = dt.datetime.combine(monday, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(monday + WEEK, dt.time(), tzinfo=zone)
    return start, end


def elapsed_share(now: dt.datetime, zone: ZoneInfo) -> Decimal:
    """How much of the learner's week has gone by, from 0 to 1."""
    start, end = local_week(now, zone)
    # Aware datetimes in one zone subtract by wall clock: compare instants in UTC instead.
    gone = now.astimezone(dt.UTC) - start.astimezone(dt.UTC)
    length = end.astimezone(dt.UTC) - start.astimezone(dt.UTC)
    return Decimal(gone.total_seconds()) / Decimal(length.total_seconds())


def expected_by_now(goal: Decimal, now: dt.datetime, zone: ZoneInfo) -> Decimal:
    """The hours a learner on pace would have logged by `now`: the goal times the week gone."""
    return (goal * elapsed_share(now, zone)).quantize(HOURS, ROUND_HALF_UP)


@dataclass(frozen=True)
class Pace:
    goal: Decimal
    logged: Decimal
    expected: Decimal

    @property
    def behind(self) -> bool:
        return self.logged < self.expected

    @property
    def behind_by(self) -> Decimal:
        return max(self.expected - self.logged, Decimal(0))

    @property
    def goal_met(self) -> bool:
        return self.logged >= self.goal

    @property
    def left_this_week(self) -> Decimal:
        return max(self.goal - self.logged, Decimal(0))

    @property
    def share_of_goal(self) -> int:
        """Percent of the week's goal logged, capped at 100 (for a progress bar)."""
        if self.goal <= 0:
            return 100
        return min(int(self.logged * 100 / self.goal), 100)

    @property
    def status(self) -> str:
        if self.goal_met:
            return "Goal met"
        if self.behind:
            return f"Behind by {_hours(self.behind_by)} h"
        return "On track"


def _hours(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), ROUND_HALF_UP).normalize():f}"


# A page writes the same few values many times (a year of days, most of them 0 h).
@functools.lru_cache(maxsize=512)
def format_hours(value: Decimal) -> str:
    """1.5, 2, 0.25: hours as a person writes them, no trailing zeros."""
    return f"{value.quantize(HOURS, ROUND_HALF_UP).normalize():f}"


def pace(goal: Decimal, logged: Decimal, now: dt.datetime, zone: ZoneInfo) -> Pace:
    """Where the learner stands in their week: behind when logged < goal × week gone."""
    return Pace(goal=goal, logged=logged, expected=expected_by_now(goal, now, zone))


def reminder_due_at(monday: dt.date, weekday: int, hour: int, zone: ZoneInfo) -> dt.datetime:
    """The instant of the learner's reminder slot (local weekday and hour) in the week of
    `monday`."""
    return wall_clock_instant(monday + dt.timedelta(days=weekday), dt.time(hour), zone)


def wall_clock_instant(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The instant `zone`'s clocks show `time` on `day`; a time in a daylight-saving gap
    falls an hour later, as a wall clock would."""
    # Round-tripping through UTC moves a non-existent local time to the real one after it.
    return dt.datetime.combine(day, time, tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


def slot_passed(now: dt.datetime, zone: ZoneInfo, weekday: int, hour: int) -> bool:
    monday = week_start(now.astimezone(zone).date())
    return now >= reminder_due_at(monday, weekday, hour, zone)


def week_series(
    hours_by_week: Mapping[dt.date, Decimal], this_week: dt.date, weeks: int = 12
) -> list[tuple[dt.date, Decimal]]:
    """The last `weeks` weeks up to `this_week` (Mondays), oldest first, 0 where nothing."""
    mondays = [this_week - WEEK * back for back in range(weeks - 1, -1, -1)]
    return [(monday, hours_by_week.get(monday, Decimal(0))) for monday in mondays]


def goal_streak(hours_by_week: Mapping[dt.date, Decimal], this_week: dt.date, goal: Decimal) -> int:
    """Weeks in a row with the goal met, counting back from last week — and this week too once
    it is met (a week still under way does not break the streak)."""
    streak = 1 if hours_by_week.get(this_week, Decimal(0)) >= goal else 0
    monday = this_week - WEEK
    while hours_by_week.get(monday, Decimal(0)) >= goal:
        streak += 1
        monday -= WEEK
    return streak


# One unusual course (or hours not logged) must not swing a plan past these bounds.
PACE_MULTIPLIER_BOUNDS = (Decimal("0.5"), Decimal(3))


def pace_multiplier(logged_hours: Decimal, estimated_hours: Decimal) -> Decimal | None:
    """How the learner's real hours compare with the estimates of the courses they finished
    (1.3: they take 30 % longer), kept between 0.5 and 3. None until a finished course with
    logged hours gives something to compare."""
    if estimated_hours <= 0 or logged_hours <= 0:
        return None
    low, high = PACE_MULTIPLIER_BOUNDS
    ratio = min(max(logged_hours / estimated_hours, low), high)
    return ratio.quantize(HOURS, ROUND_HALF_UP)


# Hours as people type them: ASCII digits and at most one point. Python's Decimal would also
# read other scripts' digits ("٣" is 3), exponents and NaN; none of them is what a learner
# meant. A sign is let through so that "-1" meets the range's own message.
_HOURS_TEXT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
QUARTER_HOUR = Decimal("0.25")
HALF_HOUR = Decimal("0.5")


def parse_hours(text: str) -> Decimal | None:
    """`text` read as hours ("1.5", ".25", " 2 "); None when it is not an ASCII decimal."""
    text = text.strip()
    if not _HOURS_TEXT.fullmatch(text):
        return None
    return Decimal(text)


def hours_step_problem(hours: Decimal, step: Decimal) -> str | None:
    """Why `hours` is not a whole number of `step`s (a quarter hour for logged time, half an
    hour for a weekly goal), or None when it is."""
    if hours % step == 0:
        return None
    return f"Give hours in steps of {format_hours(step)} h, e.g. {format_hours(step * 5)}."


MAX_HOURS_A_DAY = Decimal(24)
# How far back a learner may log: their first year of study may predate the account.
BACKFILL = dt.timedelta(days=365)


def day_problem(day: dt.date, today: dt.date, joined_on: dt.date) -> str | None:
    """Why hours cannot be logged on `day` (the learner's local date), or None when they can."""
    if day > today:
        return "That day has not come yet: log hours on today or a day before."
    if day < joined_on - BACKFILL:
        return "That is more than a year before you joined: log recent work only."
    return None


def day_total_problem(day: dt.date, already: Decimal, adding: Decimal) -> str | None:
    """Why adding `adding` hours to a day that already has `already` would be too much."""
    total = already + adding
    if total > MAX_HOURS_A_DAY:
        return (
            f"That makes {_hours(total)} h on {day:%-d %b}, and a day has 24: "
            f"at most {_hours(max(MAX_HOURS_A_DAY - already, Decimal(0)))} h more fit."
        )
    return None


# The guide's advice: finish one course seriously before collecting more.
MOST_COURSES_AT_ONCE = 2


def time_ago(day: dt.date, today: dt.date) -> str:
    """How long before `today` the `day` was, in its largest whole unit: "today", "yesterday",
    "12 days ago", "3 months ago", "2 years ago". A day after `today` counts as today."""
    months = (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
    if months >= 12:
        count, unit = months // 12, "year"
    elif months >= 1:
        count, unit = months, "month"
    else:
        days = (today - day).days
        if days <= 0:
            return "today"
        if days == 1:
            return "yesterday"
        count, unit = days, "day"
    return f"{count} {unit}{'' if count == 1 else 's'} ago"


# --- A plan that recovers -----------------------------------------------------------------

# Further than this, a target is a wish, not a plan.
TARGET_HORIZON_YEARS = 5


def target_horizon(today: dt.date) -> dt.date:
    """The farthest target finish date allowed: the same day five years on."""
    try:
        return today.replace(year=today.year + TARGET_HORIZON_YEARS)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=today.year + TARGET_HORIZON_YEARS, day=28)


def target_date_problem(target: dt.date, today: dt.date) -> str | None:
    """Why `target` cannot be the learner's target finish date (their local `today`), or None."""
    if target < today:
        return "That day has passed: pick today or a day to come."
    horizon = target_horizon(today)
    if target > horizon:
        return (
            f"That is more than {TARGET_HORIZON_YEARS} years away: pick a day up to "
            f"{horizon:%-d %B %Y}."
        )
    return None


@dataclass(frozen=True)
class TargetStatus:
    target: dt.date
    projected: dt.date

    @property
    def weeks_behind(self) -> int:
        """Whole weeks (rounded up) the projected finish falls after the target; 0 when on
        track."""
        late = (self.projected - self.target).days
        return -(-late // 7) if late > 0 else 0

    @property
    def on_track(self) -> bool:
        return self.weeks_behind == 0

    @property
    def may_reset(self) -> bool:
        """More than a week behind: the plan is offered a reset to the projected finish."""
        return (self.projected - self.target).days > 7

    @property
    def text(self) -> str:
        if self.on_track:
            return "On track"
        return f"Behind by {self.weeks_behind} week{'' if self.weeks_behind == 1 else 's'}"


def target_status(target: dt.date | None, projected: dt.date | None) -> TargetStatus | None:
    """Where the projected finish stands against the learner's target; None without both."""
    if target is None or projected is None:
        return None
    return TargetStatus(target=target, projected=projected)


# Bare minimums are said in quarter hours, rounded up, so that doing them keeps the goal.
QUARTER_HOUR = Decimal("0.25")


@dataclass(frozen=True)
class BareMinimum:
    """What keeps the week's goal: `per_day` hours on each of `days` (local dates)."""

    missing: Decimal
    days: tuple[dt.date, ...]
    per_day: Decimal

    @property
    def reachable(self) -> bool:
        return self.per_day <= MAX_HOURS_A_DAY

    @property
    def text(self) -> str:
        hours = format_hours(self.per_day)
        if not self.reachable:
            return (
                f"{format_hours(self.missing)} h are missing and only "
                f"{len(self.days)} day{'' if len(self.days) == 1 else 's'} left: "
                "this week's goal is out of reach"
            )
        if len(self.days) == 1:
            return f"{hours} h on {self.days[0]:%A}, the last day"
        if len(self.days) == 2:
            return f"{hours} h on {self.days[0]:%A} and {self.days[1]:%A}"
        return f"{hours} h a day on the {len(self.days)} days left"


def days_left_in_week(today: dt.date) -> tuple[dt.date, ...]:
    """The learner's local days from `today` to Sunday, both included."""
    return tuple(today + dt.timedelta(days=n) for n in range(7 - today.weekday()))


def bare_minimum(missing: Decimal, days: tuple[dt.date, ...]) -> BareMinimum | None:
    """The least a day, spread evenly over `days`, that makes up the `missing` hours; None
    when nothing is missing or no day is left."""
    if missing <= 0 or not days:
        return None
    quarters = (missing / len(days) / QUARTER_HOUR).to_integral_value(rounding=ROUND_CEILING)
    return BareMinimum(missing=missing, days=days, per_day=quarters * QUARTER_HOUR)


def week_bare_minimum(week_pace: Pace, today: dt.date) -> BareMinimum | None:
    """The bare minimum of a week behind pace, over the days left from the local `today`."""
    if not week_pace.behind:
        return None
    return bare_minimum(week_pace.left_this_week, days_left_in_week(today))


# --- Activity heatmap -------------------------------------------------------------------

# Hours from which a day with any time logged takes a darker shade (as on GitHub, four shades).
ACTIVITY_THRESHOLDS = (Decimal(1), Decimal(2), Decimal(4))
HEATMAP_WEEKS = 53
# A heatmap titles 371 days: names looked up, not formatted through strftime for each.
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def activity_level(hours: Decimal) -> int:
    """The shade of a day with `hours` logged: 0 (none) to 4 (4 h or more)."""
    if hours <= 0:
        return 0
    return 1 + bisect_right(ACTIVITY_THRESHOLDS, hours)


def heatmap_first_day(today: dt.date, weeks: int = HEATMAP_WEEKS) -> dt.date:
    """The Monday `weeks - 1` weeks before today's week: the heatmap's first day."""
    return week_start(today) - WEEK * (weeks - 1)


def heatmap_days(today: dt.date, weeks: int = HEATMAP_WEEKS) -> list[dt.date]:
    """Every day from the heatmap's first day up to `today`."""
    first = heatmap_first_day(today, weeks)
    return [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]


def longest_streak(active: set[dt.date]) -> int:
    """The most days in a row among `active`."""
    days = {day.toordinal() for day in active}
    longest = 0
    for day in days:
        if day - 1 in days:
            continue  # counted from the first day of its run
        length = 1
        while day + length in days:
            length += 1
        longest = max(longest, length)
    return longest


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"


def activity_summary(hours_by_day: Mapping[dt.date, Decimal]) -> str:
    """The heatmap in words: "148 active days, longest streak 9 days"."""
    active = {day for day, hours in hours_by_day.items() if hours > 0}
    return (
        f"{_count(len(active), 'active day')}, "
        f"longest streak {_count(longest_streak(active), 'day')}"
    )


def day_month(day: dt.date) -> str:
    """ "1 Dec", as the `date:"j M"` filter writes it."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"


def weekday_day_month(day: dt.date) -> str:
    """ "Tue 1 Dec", as the `date:"D j M"` filter writes it."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day_month(day)}"


def day_title(day: dt.date, hours: Decimal) -> str:
    """ "Tue 1 Dec: 1.5 h", a day of the heatmap as its tooltip says it."""
    return f"{weekday_day_month(day)}: {format_hours(hours)} h"


# --- Path plan --------------------------------------------------------------------------


def course_finishes(
    hours: Sequence[Decimal], hours_per_week: Decimal, start: dt.date
) -> list[dt.date]:
    """When each course of a plan ends, taken one after another at `hours_per_week` from
    `start`: the day the hours of it and of every course before it are done (whole weeks, as
    the path's own projection counts them)."""
    finishes, total = [], Decimal(0)
    for course_hours in hours:
        total += course_hours
        finishes.append(start + WEEK * weeks_to_finish(total, hours_per_week))
    return finishes


# --- Calendar feed address --------------------------------------------------------------


def calendar_token(profile_id: int, secret: str) -> str:
    """The token of a feed's address: whose feed it is, and the secret that opens it."""
    return f"{profile_id}-{secret}"


def calendar_token_parts(token: str) -> tuple[int, str] | None:
    """(profile id, secret) of a token; None when it has not that form."""
    profile_id, _, secret = token.partition("-")
    # At most 18 digits: any id the database can hold, and nothing that overflows its column.
    if not (profile_id.isascii() and profile_id.isdigit() and len(profile_id) <= 18 and secret):
        return None
    return int(profile_id), secret


# --- Rate limits ------------------------------------------------------------------------

RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_PERIOD = re.compile(r"\d+/(\d*)([smhd])(?:/\w+)?")


def rate_period_seconds(rates: str) -> int:
    """The longest period of allauth-style rates ("10/m/user", "20/5m/ip,5/h/key") in seconds:
    a client told to retry after it finds its allowance back."""
    periods = [
        int(count or 1) * RATE_UNITS[unit]
        for count, unit in RATE_PERIOD.findall(rates.replace(" ", ""))
    ]
    return max(periods, default=RATE_UNITS["m"])
