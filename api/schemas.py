"""What the API reads and returns: types, and the site's own rules where a type would read
more than the forms do."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator

from learners.rules import parse_hours

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value):
    """Only YYYY-MM-DD: pydantic alone would also read a number as seconds since 1970."""
    if not (isinstance(value, dt.date) or (isinstance(value, str) and ISO_DAY.fullmatch(value))):
        raise ValueError("Give the day as YYYY-MM-DD, e.g. 2026-12-01.")
    return value


IsoDay = Annotated[dt.date, BeforeValidator(_iso_day)]


def _hours_as_typed(value):
    """Hours given as text follow the forms' rule (ASCII decimals only): pydantic alone would
    read "٣" as 3."""
    if isinstance(value, str) and parse_hours(value) is None:
        raise ValueError("Give hours as a number, e.g. 1.5.")
    return value


Hours = Annotated[Decimal, BeforeValidator(_hours_as_typed)]


class Error(Schema):
    detail: str


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Messages by field; `__all__` for the input as a whole."
    )


class HoursIn(Schema):
    day: IsoDay = Field(description="Your local day, e.g. 2026-12-01.")
    hours: Hours = Field(description="Hours studied, in quarter hours, e.g. 1.5.")
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
    estimated_hours: float | None = Field(description="Advertised hours; null when not known.")
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
    estimated_hours: float | None = Field(description="Advertised hours; null when not known.")
    rating: float | None
    url: str
