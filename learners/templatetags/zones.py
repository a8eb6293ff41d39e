from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from learners.rules import TIME_ZONES

register = template.Library()


@register.simple_tag
def time_zone_options() -> SafeString:
    """The ~600 zones a learner may pick, as <option>s: one string built in Python, because a
    template loop over them cost more than the rest of the settings form together (and
    Django's escape, which also marks each string safe, half as much again)."""
    return mark_safe("".join(f'<option value="{escape(zone)}"></option>' for zone in TIME_ZONES))
