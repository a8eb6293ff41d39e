"""What the catalog asks about a learner: their weekly study hours (the setting
CATALOG_LEARNER_WEEKLY_HOURS names this function; courses.views calls it)."""

from decimal import Decimal

from .models import Profile


def learner_weekly_hours(user) -> Decimal | None:
    """The signed-in `user`'s weekly goal; None before they have a profile. One query."""
    return Profile.objects.filter(user=user).values_list("weekly_goal_hours", flat=True).first()
