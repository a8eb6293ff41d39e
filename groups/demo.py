"""The demo's study group: the demo learner owns it, two other demo members are in it, and
each of the three has checked in this week. The setting DEMO_SEED_STEPS names
`seed_demo_group`, which learners' `seed_demo` calls; a second run adds nothing."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from learners.models import Profile, StudySession
from learners.rules import week_start

from . import services
from .models import CheckIn, Membership, StudyGroup

DEMO_GROUP_NAME = "Thursday evening ML"
DEMO_GROUP_DESCRIPTION = "We study after work and meet online on Thursdays at 19:00."
# (username, display name, weekly goal, shares their week, hours on each of the last days)
DEMO_MEMBERS = [
    ("demo-amara", "Amara", Decimal(5), True, [1, 0, 1.5, 2, 0, 1]),
    ("demo-jonas", "Jonas", Decimal(8), False, [2, 1, 0, 0, 1.5, 0]),
]
DEMO_CHECK_INS = {
    "demo": (
        "Finished the regularisation week and wrote up the house-prices error analysis.",
        "Start the churn project's baseline.",
        "How to pick the lasso penalty without leaking the test set.",
    ),
    "demo-amara": (
        "Two lectures on decision trees, and the first **assignment** handed in.",
        "Gradient boosting, and reading the house-prices write-up of our group.",
        "",
    ),
    "demo-jonas": (
        "Less than planned: a work deadline.",
        "Catch up on the pandas exercises at the weekend.",
        "Merging data frames on two keys.",
    ),
}


def _demo_member(username: str, name: str, goal: Decimal, days: list) -> object:
    """The demo member `username`, made with a few days of study if missing. They cannot log
    in (no usable password): they are there to be seen."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user:
        return user
    user = user_model.objects.create_user(username=username, email=f"{username}@certguide.local")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    profile = Profile.objects.create(
        user=user, display_name=name, weekly_goal_hours=goal, time_zone="Europe/Berlin"
    )
    today = profile.local_today(timezone.now())
    StudySession.objects.bulk_create(
        StudySession(user=user, day=today - dt.timedelta(days=back), hours=Decimal(str(hours)))
        for back, hours in enumerate(reversed(days))
        if hours
    )
    return user


def seed_demo_group(*, user) -> None:
    now = timezone.now()
    group = StudyGroup.objects.filter(owner=user, name=DEMO_GROUP_NAME).first()
    if group is None:
        group = services.group_start(
            user=user, name=DEMO_GROUP_NAME, description=DEMO_GROUP_DESCRIPTION, path=None, now=now
        )
    people = [user]
    for username, name, goal, shares, days in DEMO_MEMBERS:
        member = _demo_member(username, name, goal, days)
        services.group_join(user=member, group_id=group.pk, shares_week=shares)
        people.append(member)
    for person in people:
        membership = Membership.objects.get(group=group, user=person)
        monday = week_start(Profile.objects.get(user=person).local_today(now))
        if not CheckIn.objects.filter(group=group, user=person, week_start=monday).exists():
            did, next, stuck = DEMO_CHECK_INS[person.username]
            services.check_in_save(
                membership=membership, week_start=monday, did=did, next=next, stuck=stuck
            )
