from decimal import Decimal

from django import template

from learners.rules import MONTH_NAMES, format_hours

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours without trailing zeros: 1.5, 2, 0.25."""
    return format_hours(Decimal(value)) if value is not None else ""


@register.filter
def day_month_year(day) -> str:
    """ "1 Dec 2026", as the `date:"j M Y"` filter writes it, for pages that show a day per
    row: the date filter's general formatter costs more than the rest of such a row."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}" if day else ""
