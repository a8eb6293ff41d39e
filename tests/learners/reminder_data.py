"""Learners and logs for the reminder tests, around the weeks of 26 October and 2 November 2026.

Europe leaves summer time on Sunday 25 October 2026 and the United States on Sunday 1 November,
so Berlin is UTC+1 in both weeks and Los Angeles UTC−7 in the first, UTC−8 in the second.
"""

import datetime as dt
from decimal import Decimal

import time_machine

from learners.models import Profile, StudySession

from .factories import ProfileFactory

UTC = dt.UTC
# Learners join well before the weeks the tests look at: reminders are only about weeks a
# learner was there for from the start.
JOINED = dt.datetime(2026, 9, 1, tzinfo=UTC)
MONDAY = dt.date(2026, 10, 26)
NEXT_MONDAY = dt.date(2026, 11, 2)
# Thursday 29 October 2026, 18:00 in Berlin: the default slot of a Berlin learner.
BERLIN_SLOT = dt.datetime(2026, 10, 29, 17, tzinfo=UTC)


def learner(**fields) -> Profile:
    """A learner who joined on JOINED: goal 8 h, Berlin, reminders on Thursdays at 18:00."""
    with time_machine.travel(JOINED, tick=False):
        return ProfileFactory(**fields)


def log(profile: Profile, day: dt.date, hours: str) -> StudySession:
    return StudySession.objects.create(user=profile.user, day=day, hours=Decimal(hours))
