from decimal import Decimal

from django import template

from learners.rules import format_hours

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours without trailing zeros: 1.5, 2, 0.25."""
    return format_hours(Decimal(value)) if value is not None else ""
