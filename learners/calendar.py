"""A learner's study plan as an iCalendar feed, built with the `icalendar` package.

Pure: it is given what to show and returns the file's bytes, so that it is tested without the
database. The weekly study blocks recur in the learner's own time zone (with its VTIMEZONE),
so calendar apps keep them at the same local time across daylight-saving changes.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .rules import format_hours, wall_clock_instant, week_start
from .study_days import StudyBlock, block_hours

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class PlannedFinish:
    """A day something is projected to end on: a course of the path, or the learner's target."""

    key: str
    summary: str
    day: dt.date
    description: str = ""


def study_plan_calendar(
    *,
    owner: str,
    zone: ZoneInfo,
    blocks: Sequence[StudyBlock],
    finishes: Sequence[PlannedFinish],
    now: dt.datetime,
    domain: str,
    url: str,
) -> bytes:
    """The feed: each weekly study block at its local weekday and time, and an all-day event
    on each planned finish. `owner` makes the events' UIDs unique across learners; `domain`
    ends them, as RFC 5545 suggests."""
    calendar = Calendar.new(
        name="certguide study plan",
        description="Your weekly study blocks and the projected finish of your path.",
        prodid="-//certguide//study plan//EN",
        refresh_interval=dt.timedelta(hours=12),
        uid=f"study-plan-{owner}@{domain}",
        url=url,
    )
    # The blocks start in the week the feed is read: their recurrence carries them on.
    monday = week_start(now.astimezone(zone).date())
    goal = format_hours(sum((block_hours(block.length) for block in blocks), Decimal(0)))
    for block in blocks:
        start = wall_clock_instant(monday + block.weekday * DAY, block.starts_at, zone)
        event = Event.new(
            # One per weekday: changing the days or the goal updates a block, not adds one.
            uid=f"study-block-{block.weekday}-{owner}@{domain}",
            summary="Study block (certguide)",
            description=(
                f"{format_hours(block_hours(block.length))} h of your {goal} h weekly goal: "
                "log the hours you put in on certguide."
            ),
            start=start,
            end=start + block.length,
            stamp=now,
        )
        event.add("rrule", {"freq": "weekly"})
        calendar.add_component(event)
    for finish in finishes:
        calendar.add_component(
            Event.new(
                uid=f"finish-{finish.key}-{owner}@{domain}",
                summary=finish.summary,
                description=finish.description or None,
                start=finish.day,
                end=finish.day + DAY,
                stamp=now,
                transparency="TRANSPARENT",
            )
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
