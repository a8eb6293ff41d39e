"""Prices and links as the catalog pages show them."""

from decimal import Decimal

from django import template

from courses.models import Course
from courses.rules import PriceRange, web_link_problem

register = template.Library()


@register.filter
def usd(amount: Decimal) -> str:
    """$49, $1,250, $49.50: cents only when there are some."""
    return f"${amount:,.0f}" if amount == amount.to_integral_value() else f"${amount:,.2f}"


@register.filter
def usd_range(price: PriceRange) -> str:
    """$343–553, or $49 when both ends are the same."""
    if price.low == price.high:
        return usd(price.low)
    return f"{usd(price.low)}–{usd(price.high).removeprefix('$')}"


@register.filter
def certificate_price(course: Course) -> str:
    """What the certificate costs: a subscription per month, a one-time fee, or nothing."""
    if course.price_model == Course.PriceModel.FREE:
        return "Free certificate"
    if course.price_model == Course.PriceModel.NOT_KNOWN:
        return "Price not known"
    if course.price_model == Course.PriceModel.ONE_TIME:
        kind = "exam fee" if course.is_exam else "one-time fee"
        return f"{usd(course.one_time_fee_usd)} {kind}"
    subscription = course.platform.subscription_range
    if subscription is None:
        return f"{course.platform} subscription (price not listed)"
    return f"{usd_range(subscription)} a month ({course.platform} subscription)"


@register.filter
def web_link(url: str) -> str:
    """The link when it is http(s) with nothing hidden in it, else "": rows made without
    validation (the catalog loader, `.create()`) may hold anything, and URLField allows ftp."""
    return url if web_link_problem(url) is None else ""
