"""Tells the catalog a signed-in learner's weekly hours without the catalog knowing learners."""

from decimal import Decimal
from functools import cache

from .models import Profile


def weekly_hours_middleware(get_response):
    def middleware(request):
        @cache
        def learner_weekly_hours() -> Decimal | None:
            """The learner's weekly goal, read only when a page asks (one query)."""
            if not request.user.is_authenticated:
                return None
            return (
                Profile.objects.filter(user=request.user)
                .values_list("weekly_goal_hours", flat=True)
                .first()
            )

        request.learner_weekly_hours = learner_weekly_hours
        return get_response(request)

    return middleware
