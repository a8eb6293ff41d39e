"""What the API reads and returns. Types only: the rules are the site's forms'."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value):
    """Only YYYY-MM-DD: pydantic alone would also read a number as seconds since 1970."""
    if not (isinstance(value, dt.date) or (isinstance(value, str) and ISO_DAY.fullmatch(value))):
        raise ValueError("Give the day as YYYY-MM-DD, e.g. 2026-12-01.")
    return value


IsoDay = Annotated[dt.date, BeforeValidator(_iso_day)]


class Error(Schema):
    detail: str


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Messages by field; `__all__` for the input as a whole."
    )


class HoursIn(Schema):
    day: IsoDay = Field(description="Your local day, e.g. 2026-12-01.")
    hours: Decimal = Field(description="Hours studied, e.g. 1.5 (at most two decimals).")
    course: str | None = Field(None, description="The course's slug, as GET /courses gives it.")
    note: str = ""


class HoursOut(Schema):
    id: int
    day: dt.date
    hours: float
    course: str | None
    note: str


class BareMinimumOut(Schema):
    hours_a_day: float = Field(description="Hours on each day left, in quarter hours.")
    days_left: int = Field(description="Days left in the week, today included.")
    reachable: bool = Field(description="False when it would take more than 24 h a day.")
    text: str = Field(examples=["1.5 h a day on the 4 days left"])


class WeekOut(Schema):
    week_start: dt.date = Field(description="Monday of your current local week.")
    goal: float
    logged: float
    expected_by_now: float = Field(description="Hours a learner on pace would have by now.")
    behind: bool
    status: str
    bare_minimum: BareMinimumOut | None = Field(
        None, description="What keeps this week's goal when the week is behind; null otherwise."
    )


class PathOut(Schema):
    slug: str
    title: str


class CourseProgressOut(Schema):
    slug: str
    title: str
    estimated_hours: float
    status: str
    started_on: dt.date | None
    completed_on: dt.date | None


class ProgressOut(Schema):
    path: PathOut | None
    courses: list[CourseProgressOut]


class CourseOut(Schema):
    slug: str
    title: str
    platform: str
    institution: str | None
    level: str
    estimated_hours: float
    rating: float | None
    url: str
