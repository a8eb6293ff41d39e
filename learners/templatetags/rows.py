"""Cheap forms of what a long list's rows show: a day without the date filter's general
formatter, an address without a reverse per row. Each writes what Django's own would."""

from django import template
from django.urls import reverse

from learners import rules

register = template.Library()


@register.filter
def day_month_year(day) -> str:
    """ "1 Dec 2026", as `date:"j M Y"` writes it (which costs more than the rest of a row)."""
    return f"{rules.day_month(day)} {day.year}" if day else ""


@register.filter
def weekday_day_month_year(day) -> str:
    """ "Tue 1 Dec 2026", as `date:"D j M Y"` writes it."""
    return f"{rules.WEEKDAY_NAMES[day.weekday()]} {day_month_year(day)}" if day else ""


@register.filter
def day_month(day) -> str:
    """ "1 Dec", as `date:"j M"` writes it."""
    return rules.day_month(day) if day else ""


# A key no row has (digits: valid as an id and as a slug), reversed in place of each row's own.
ROW_KEY = "987654321987"


@register.simple_tag(takes_context=True)
def row_url(context, name: str, key: int | str) -> str:
    """`{% url name key %}` for a row of a long list, `key` an id or a slug: the address is
    reversed once per page render and each row's key put in its place (reversing costs more
    than the rest of a row). Ids and slugs need no quoting: the key goes in as it is."""
    reversed_once = context.render_context.setdefault("row_urls", {})
    if name not in reversed_once:
        reversed_once[name] = reverse(name, args=[ROW_KEY])
    return reversed_once[name].replace(ROW_KEY, str(key))
