from decimal import Decimal

import pytest

from courses.rules import weeks_to_finish


@pytest.mark.parametrize(
    ("total", "per_week", "weeks"),
    [
        (160, 10, 16),
        (161, 10, 17),  # a started week counts
        (20, 6, 4),
        (0, 10, 0),
        (1.5, 0.5, 3),  # exact with decimal fractions
        (Decimal("0.3"), Decimal("0.1"), 3),
    ],
)
def test_weeks_to_finish_rounds_up_to_whole_weeks(total, per_week, weeks):
    assert weeks_to_finish(total, per_week) == weeks


@pytest.mark.parametrize("per_week", [0, -1, Decimal("-0.5")])
def test_weeks_to_finish_refuses_no_time(per_week):
    with pytest.raises(ValueError, match="more than 0"):
        weeks_to_finish(100, per_week)


def test_weeks_to_finish_refuses_negative_totals():
    with pytest.raises(ValueError, match="negative"):
        weeks_to_finish(-1, 5)
