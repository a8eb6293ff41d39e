"""The cursor of GET /hours, without the database."""

import datetime as dt

import pytest

from api.paging import cursor_of, parse_cursor


def test_a_cursor_names_the_day_and_id_it_was_made_from():
    assert parse_cursor(cursor_of(dt.date(2026, 11, 2), 42)) == (dt.date(2026, 11, 2), 42)


@pytest.mark.parametrize(
    "cursor", ["", "42", "2026-11-02", "2026-11-31.4", "2026-11-02.x", "2026-11-02.1" + "0" * 19]
)
def test_anything_else_is_not_a_cursor(cursor):
    assert parse_cursor(cursor) is None
