"""The catalog's rules as pure functions: no database, no Django models."""

import math
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

Hours = int | float | Decimal | Fraction | str


class Workload(NamedTuple):
    label: str
    low_hours: int
    high_hours: int


# The guide: single-course certificates take 20–40 hours; Coursera specializations
# are listed at 80–160 hours (2–4 months at 10 h/week).
GUIDE_WORKLOADS = (
    Workload("A single-course certificate", 20, 40),
    Workload("A university specialization", 80, 160),
)


def _exact(value: Hours) -> Fraction:
    # Decimal strings such as "0.1" stay exact, so 1.5 h ÷ 0.5 h/week is 3 weeks, not 3.0000001.
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def weeks_to_finish(total_hours: Hours, hours_per_week: Hours) -> int:
    """Whole weeks needed to study `total_hours` at `hours_per_week` (a started week counts)."""
    per_week = _exact(hours_per_week)
    if per_week <= 0:
        raise ValueError("Hours per week must be more than 0.")
    total = _exact(total_hours)
    if total < 0:
        raise ValueError("Total hours cannot be negative.")
    return math.ceil(total / per_week)
