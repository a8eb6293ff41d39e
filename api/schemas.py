"""What the API reads and returns: types, and the site's own rules where a type would read
more than the forms do."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from courses.rules import BROKEN_CHARACTER, has_lone_surrogates
from learners.rules import parse_hours

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value):
    """Only YYYY-MM-DD: pydantic alone would also read a number as seconds since 1970."""
    if not (isinstance(value, dt.date) or (isinstance(value, str) and ISO_DAY.fullmatch(value))):
        raise ValueError("Give the day as YYYY-MM-DD, e.g. 2026-12-01.")
    return value


IsoDay = Annotated[dt.date, BeforeValidator(_iso_day)]


def _hours_as_typed(value):
    """Hours follow the forms' rule (ASCII decimals only, whatever their JSON type): pydantic
    alone would read "٣" as 3. JSON numbers arrive as Decimal (api.DecimalJSONParser), exact."""
    if isinstance(value, Decimal):
        value = str(value)
    if isinstance(value, str) and parse_hours(value) is None:
        raise ValueError('Give hours as a decimal, e.g. "1.25".')
    return value


# Hours are one type both ways: a decimal string with two decimals, e.g. "1.25"; a JSON number
# is read exactly as written, so 1.001 is refused as the forms refuse it (never rounded).
Hours = Annotated[
    Decimal,
    BeforeValidator(_hours_as_typed),
    PlainSerializer(lambda hours: f"{hours:.2f}", return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]+(\.[0-9]{1,2})?$",
            "examples": ["1.25"],
            "description": 'Hours as a decimal string, in quarter hours, e.g. "1.25".',
        }
    ),
]


def _text(value: str) -> str:
    if has_lone_surrogates(value):
        raise ValueError(BROKEN_CHARACTER)
    return value


# Every text the API reads: JSON can carry what no database column holds.
Text = Annotated[str, AfterValidator(_text)]


class Error(Schema):
    detail: str


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Messages by field; `__all__` for the input as a whole."
    )


class HoursIn(Schema):
    day: IsoDay = Field(description="Your local day, e.g. 2026-12-01.")
    hours: Hours
    course: Text | None = Field(None, description="The course's slug, as GET /courses gives it.")
    note: Text = ""


class HoursPatch(Schema):
    """What changes in a logged entry: the fields left out keep their value."""

    day: IsoDay | None = Field(None, description="Your local day, e.g. 2026-12-01.")
    hours: Hours | None = None
    course: Text | None = Field(
        None, description='The course\'s slug, as GET /courses gives it; "" for none.'
    )
    note: Text | None = None


class HoursOut(Schema):
    id: int
    day: dt.date
    hours: Hours
    course: str | None
    note: str


class HoursPage(Schema):
    items: list[HoursOut] = Field(description="Latest first.")
    next: str | None = Field(
        description="The next page's address (same filters, its cursor); null on the last page."
    )


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
    skipped: str | None = Field(
        None,
        description="Why the learner skipped it in their own plan (certificate, known, "
        "not_for_me); null when it counts.",
    )
    added: bool = Field(False, description="Added by the learner to their own plan.")


class ProgressOut(Schema):
    path: PathOut | None
    own_plan: bool = Field(
        False, description="The courses are the learner's own plan of the path, in their order."
    )
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


class GroupOut(Schema):
    id: int
    name: str
    description: str
    path: PathOut | None = Field(description="The path the group studies; null when none.")
    member_count: int
    you_own_it: bool


class MemberWeekOut(Schema):
    name: str = Field(description="The member's display name (never their e-mail address).")
    owner: bool
    shares_week: bool = Field(description="False: the member shares nothing but their name.")
    logged: float | None = Field(description="Hours this week; null when not shared.")
    goal: float | None = Field(description="Weekly hour goal; null when not shared.")
    goal_met: bool | None = Field(description="Null when not shared.")
    streak: int | None = Field(description="Weeks in a row with the goal met; null if not shared.")


class GroupWeekOut(Schema):
    id: int
    name: str
    total_hours: float = Field(description="This week's hours of the members who share theirs.")
    members: list[MemberWeekOut] = Field(description="Longest-standing member first.")
