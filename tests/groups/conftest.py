import datetime as dt

import pytest
from django.utils import timezone

from groups import services
from tests.learners import conftest as learner_fixtures
from tests.learners.factories import ProfileFactory

# The learners' fixtures, shared: Alice, Charlie and the guide's catalog.
alice, charlie, catalog = learner_fixtures.alice, learner_fixtures.charlie, learner_fixtures.catalog


@pytest.fixture
def bob(db):
    return ProfileFactory(user__username="bob").user


@pytest.fixture
def group(alice):
    """Alice's group, Bob in it sharing his week."""
    return services.group_start(
        user=alice,
        name="Evening learners",
        description="We meet on Thursdays.",
        path=None,
        now=timezone.now(),
    )


@pytest.fixture
def bob_in(group, bob):
    return services.group_join(user=bob, group_id=group.pk, shares_week=True)


def member(group, username, *, shares_week=True, **profile):
    """A new learner who joined `group`."""
    user = ProfileFactory(user__username=username, **profile).user
    services.group_join(user=user, group_id=group.pk, shares_week=shares_week)
    return user


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def check_in(membership, did: str):
    """`membership`'s check-in of this week (the server's local week), saying `did`."""
    return services.check_in_save(
        membership=membership, week_start=timezone.localdate(), did=did, next="", stuck=""
    )
