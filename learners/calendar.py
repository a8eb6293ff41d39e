"""A learner's study plan as an iCalendar feed, built with the `icalendar` package.

Pure: it is given what to show and returns the file's bytes, so that it is tested without the
database. The weekly study block recurs in the learner's own time zone (with its VTIMEZONE),
so calendar apps keep it at the same local hour across daylight-saving changes.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .rules import reminder_due_at, week_start

STUDY_BLOCK = dt.timedelta(hours=1)
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
    weekday: int,
    hour: int,
    finishes: Sequence[PlannedFinish],
    now: dt.datetime,
    domain: str,
    url: str,
) -> bytes:
    """The feed: a weekly study block at the learner's reminder slot (weekday and local
    hour), and an all-day event on each planned finish. `owner` makes the events' UIDs unique
    across learners; `domain` ends them, as RFC 5545 suggests."""
    calendar = Calendar.new(
        name="certguide study plan",
        description="Your weekly study block and the projected finish of your path.",
        prodid="-//certguide//study plan//EN",
        refresh_interval=dt.timedelta(hours=12),
        uid=f"study-plan-{owner}@{domain}",
        url=url,
    )
    # The block starts in the week the feed is read: its recurrence carries it on from there.
    start = reminder_due_at(week_start(now.astimezone(zone).date()), weekday, hour, zone)
    block = Event.new(
        uid=f"study-block-{owner}@{domain}",
        summary="Study block (certguide)",
        description="Your weekly study slot: log the hours you put in on certguide.",
        start=start,
        end=start + STUDY_BLOCK,
        stamp=now,
    )
    block.add("rrule", {"freq": "weekly"})
    calendar.add_component(block)
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
