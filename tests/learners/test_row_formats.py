"""The cheap formats of a long list's rows write what Django's own tags and filters write."""

import datetime as dt

import pytest
from django.template.defaultfilters import date as date_filter

from learners.templatetags.rows import (
    day_month,
    day_month_year,
    weekday_day_month,
    weekday_day_month_year,
)

DAYS = [dt.date(2026, 1, 5), dt.date(2026, 12, 31), dt.date(2027, 2, 28)]


@pytest.mark.parametrize("day", [*DAYS, None])
def test_a_rows_day_is_written_as_the_date_filter_writes_it(day):
    assert weekday_day_month_year(day) == date_filter(day, "D j M Y")
    assert weekday_day_month(day) == date_filter(day, "D j M")
    assert day_month_year(day) == date_filter(day, "j M Y")
    assert day_month(day) == date_filter(day, "j M")
