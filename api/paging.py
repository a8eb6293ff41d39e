"""Pages of a list, latest first, by a cursor: the day and id of the last entry a page gave.

A cursor names a place in the list rather than an offset, so that an entry logged or deleted
between two calls neither repeats nor skips one."""

import datetime as dt
import re

CURSOR = re.compile(r"(\d{4}-\d{2}-\d{2})\.(\d{1,19})")
BAD_CURSOR = "This cursor was not given by the API: use the `next` link of the previous page."


def cursor_of(day: dt.date, pk: int) -> str:
    return f"{day.isoformat()}.{pk}"


def parse_cursor(cursor: str) -> tuple[dt.date, int] | None:
    """The (day, id) a cursor names, or None when it is not one the API gives."""
    match = CURSOR.fullmatch(cursor)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match[1]), int(match[2])
    except ValueError:
        return None
