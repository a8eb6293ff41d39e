"""What the dashboard shows, but its forms: the week region (`#week`, which a logged hour
swaps alone) and, with an active path, the path's figures, target and last reset."""

import datetime as dt

from ..charts import heatmap, week_chart
from ..models import Profile
from ..rules import BACKFILL, heatmap_first_day, hours_by_week_of
from .hours import hours_by_day, recent_activity, week_of
from .path import latest_plan_reset, path_figures
from .plan import plan_offers
from .profile import active_enrollment


def week_figures(*, profile: Profile, now: dt.datetime) -> dict:
    """The week region: the week against the goal, the chart, the year of study days and the
    latest logs (two queries)."""
    today = profile.local_today(now)
    # One read of the learner's days serves the week's figures, the chart and the heatmap: from
    # the earliest day a learner may log (the streak), or the heatmap's first day if earlier.
    since = min(profile.joined_on - BACKFILL, heatmap_first_day(today))
    days = hours_by_day(user=profile.user_id, since=since)
    week = week_of(profile, now, hours_by_week_of(days))
    return {
        "week": week,
        "chart": week_chart(week.series, profile.weekly_goal_hours),
        "activity": heatmap(days, today),
        "recent": recent_activity(user=profile.user_id),
    }


def dashboard_figures(*, profile: Profile, now: dt.datetime) -> dict:
    """Everything the dashboard shows but its forms: the week region and, with an active path,
    its figures, target and last reset, and with the learner's own plan of it, the courses
    the path gained since (offered once)."""
    enrollment = active_enrollment(user=profile.user_id)
    figures = {"profile": profile, "enrollment": enrollment}
    figures |= week_figures(profile=profile, now=now)
    if enrollment:
        figures |= path_figures(
            profile=profile, enrollment=enrollment, today=profile.local_today(now)
        )
        figures["last_reset"] = latest_plan_reset(user=profile.user_id)
        if enrollment.has_plan:
            figures["offers"] = plan_offers(user=profile.user_id, path_id=enrollment.path_id)
    return figures
