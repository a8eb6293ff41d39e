"""The calendar feed: the learner's study blocks, projected finishes and target date."""

import datetime as dt

from ..calendar import PlannedFinish
from ..models import Profile
from ..rules import course_finishes
from ..study_days import StudyBlock, study_blocks
from .path import path_standing
from .profile import active_enrollment


def calendar_profile(*, profile_id: int) -> Profile | None:
    """The profile whose calendar feed is asked for, its user loaded (the feed names them);
    None for a deactivated account."""
    return (
        Profile.objects.filter(pk=profile_id, user__is_active=True).select_related("user").first()
    )


def profile_study_blocks(profile: Profile) -> list[StudyBlock]:
    """The learner's weekly study blocks: on their study days, or from their reminder slot."""
    return study_blocks(
        goal_hours=profile.weekly_goal_hours,
        days=profile.study_days,
        starts_at=profile.study_starts_at,
        reminder_weekday=profile.reminder_weekday,
        reminder_hour=profile.reminder_hour,
    )


def planned_finishes(*, profile: Profile, now: dt.datetime) -> list[PlannedFinish]:
    """When each course left on the active path (or the learner's own plan of it: skipped
    steps left out, added ones in, in the learner's order) is projected to end, one after
    another at the learner's weekly goal and own pace, and the learner's target date (three
    queries). A step whose hours nobody knows gets no date."""
    finishes = []
    enrollment = active_enrollment(user=profile.user_id)
    if enrollment:
        standing = path_standing(user=profile.user_id, enrollment=enrollment)
        days = course_finishes(
            [item.hours for item in standing.plan().items],
            profile.weekly_goal_hours,
            profile.local_today(now),
        )
        finishes += [
            PlannedFinish(
                key=step.course.slug,
                summary=f"Projected finish: {step.course.title}",
                day=day,
                description=f"A course of your {'own plan of the ' if standing.own_plan else ''}"
                f"path “{standing.path.title}”.",
            )
            for step, day in zip(standing.remaining, days, strict=True)
        ]
    if profile.target_finish_on:
        finishes.append(
            PlannedFinish(
                key="target",
                summary="Your target finish date",
                day=profile.target_finish_on,
                description="The day you mean to finish your path by.",
            )
        )
    return finishes
