"""How long a throttled client waits, from allauth-style rates, without the database."""

import pytest

from learners.rules import rate_period_seconds


@pytest.mark.parametrize(
    ("rates", "seconds"),
    [
        ("10/m/user", 60),
        ("5/300s/key", 300),
        ("10/m/ip,5/300s/key", 300),
        ("20/2h", 7200),
        ("1/d/user", 86400),
        ("", 60),
    ],
)
def test_the_wait_is_the_longest_period(rates, seconds):
    assert rate_period_seconds(rates) == seconds
