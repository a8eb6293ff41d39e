"""The cheap formats of a long list's rows write what Django's own tags and filters write."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from learners.templatetags.rows import day_month, weekday_day_month_year

ROW_ADDRESSES = ("learners:edit_hours", "learners:delete_hours")
DAYS = [dt.date(2026, 1, 5), dt.date(2026, 12, 31), dt.date(2027, 2, 28)]


@pytest.mark.parametrize("day", [*DAYS, None])
def test_a_rows_day_is_written_as_the_date_filter_writes_it(day):
    assert weekday_day_month_year(day) == date_filter(day, "D j M Y")
    assert day_month(day) == date_filter(day, "j M")


def test_a_rows_address_is_the_one_url_reverses():
    template = Template(
        "{% load rows %}{% for pk in ids %}"
        "{% row_url 'learners:edit_hours' pk %} {% row_url 'learners:delete_hours' pk %};"
        "{% endfor %}"
    )
    ids = [1, 7, 98, 987654321987, 12345678901234]

    rendered = template.render(Context({"ids": ids}))

    def addresses(pk: int) -> str:
        edit, delete = (reverse(name, args=[pk]) for name in ROW_ADDRESSES)
        return f"{edit} {delete};"

    assert rendered == "".join(map(addresses, ids))


def test_a_rows_address_by_slug_is_the_one_url_reverses():
    template = Template(
        "{% load rows %}{% for slug in slugs %}{% row_url 'courses:detail' slug %};{% endfor %}"
    )
    slugs = ["ml-regression", "a_b-9", "987654321987", "x987654321987y"]

    rendered = template.render(Context({"slugs": slugs}))

    assert rendered == "".join(f"{reverse('courses:detail', args=[slug])};" for slug in slugs)
