"""What the catalog asks about a learner: their weekly study hours (the setting
CATALOG_LEARNER_WEEKLY_HOURS names this function; courses.views calls it)."""

from decimal import Decimal

from .models import Profile


def learner_weekly_hours(user) -> Decimal | None:
    """The signed-in `user`'s weekly goal; None before they have a profile. One query, read
    through `user.profile`, so that the layout's theme then reads the same row for free."""
    try:
        return user.profile.weekly_goal_hours
    except Profile.DoesNotExist:
        return None
