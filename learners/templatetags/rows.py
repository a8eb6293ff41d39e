"""Cheap forms of the days a long list's rows show, without the date filter's general
formatter. Each writes what Django's own would."""

from django import template

from learners import rules

register = template.Library()


@register.filter
def day_month_year(day) -> str:
    """ "1 Dec 2026", as `date:"j M Y"` writes it (which costs more than the rest of a row)."""
    return f"{rules.day_month(day)} {day.year}" if day else ""


@register.filter
def weekday_day_month_year(day) -> str:
    """ "Tue 1 Dec 2026", as `date:"D j M Y"` writes it."""
    return f"{weekday_day_month(day)} {day.year}" if day else ""


@register.filter
def weekday_day_month(day) -> str:
    """ "Tue 1 Dec", as `date:"D j M"` writes it."""
    return rules.weekday_day_month(day) if day else ""


@register.filter
def day_month(day) -> str:
    """ "1 Dec", as `date:"j M"` writes it."""
    return rules.day_month(day) if day else ""
