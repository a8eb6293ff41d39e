"""Where the learner stands on their active path: its steps, what is done and left, their own
pace, the projection and their target."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch, QuerySet, Sum

from courses import rules as course_rules
from courses import selectors as course_selectors
from courses.models import Assignment, Path, PathStep

from .. import rules
from ..models import CourseProgress, Enrollment, LoggedHours, PlanReset, Profile
from .profile import active_enrollment

# What a plan shows of each step's course and what `Course.cost_item` reads.
PLAN_STEP_COLUMNS = (
    "course__title",
    "course__slug",
    "course__estimated_hours",
    "course__price_model",
    "course__one_time_fee_usd",
    "course__audit_free",
    "course__platform__name",
    "course__platform__subscription_min_usd",
    "course__platform__subscription_max_usd",
)


def published_steps(path) -> QuerySet[PathStep]:
    """The steps of `path` (a path or its id) whose course is published, in order."""
    return PathStep.objects.filter(path=path, course__published=True).order_by("position")


def path_steps(*, path: Path, with_verdict_facts: bool = False) -> list[PathStep]:
    """The path's steps whose course is published, in order, course platform loaded;
    with `with_verdict_facts`, also each course's assignments and skills."""
    steps = published_steps(path).select_related("course__platform", "course__institution")
    if with_verdict_facts:
        steps = steps.prefetch_related(
            Prefetch("course__assignments", queryset=Assignment.objects.order_by("position")),
            "course__skills",
        )
    return list(steps)


@dataclass(frozen=True)
class PathStanding:
    """The active path's steps, the learner's progress on each step's course (absent before
    any), and the steps done and left."""

    user: object  # the learner, or their id
    path: Path
    steps: list[PathStep]
    progress: dict[int, CourseProgress]  # by course id
    done: list[PathStep]
    remaining: list[PathStep]

    def status_of(self, step: PathStep) -> CourseProgress.Status:
        progress = self.progress.get(step.course_id)
        return CourseProgress.Status(progress.status if progress else "planned")

    @property
    def done_hours(self) -> Decimal:
        """The advertised hours of the courses done."""
        return sum((step.course.estimated_hours for step in self.done), Decimal(0))

    @cached_property
    def multiplier(self) -> Decimal | None:
        """The learner's own pace on the courses done, which stretches (or shrinks) the
        estimates left: read on first use (one query, none before a course is done), so that
        what shows only the steps reads no hours."""
        logged = LoggedHours.objects.filter(
            user=self.user, course__in=[step.course_id for step in self.done]
        ).aggregate(total=Sum("hours"))["total"]
        return rules.pace_multiplier(logged or Decimal(0), self.done_hours)

    def plan(self) -> course_selectors.PathPlan:
        """What is left, as cost items at the learner's own pace, each counting the hours
        learners really took where there is a median (as the beat task last stored it)."""
        return course_selectors.path_plan((step.course for step in self.remaining), self.multiplier)


def path_standing(*, user, enrollment: Enrollment) -> PathStanding:
    """Where the learner stands on `enrollment`'s path. Two queries: the published steps with
    the columns of PLAN_STEP_COLUMNS, and the learner's progress on their courses (a third for
    their pace, when used)."""
    steps = list(
        published_steps(enrollment.path_id)
        .select_related("course__platform")
        .only(*PLAN_STEP_COLUMNS)
    )
    progress = {
        row.course_id: row
        for row in CourseProgress.objects.filter(
            user=user, course__in=[step.course_id for step in steps]
        )
    }
    finished = {course_id for course_id, row in progress.items() if row.is_done}
    done = [step for step in steps if step.course_id in finished]
    remaining = [step for step in steps if step.course_id not in finished]
    return PathStanding(user, enrollment.path, steps, progress, done, remaining)


def path_figures(*, profile: Profile, enrollment: Enrollment, today: dt.date) -> dict:
    """The active path's steps with their progress, what is done, when the rest ends at the
    learner's own pace, and how that stands against their target date. Three queries at most
    and one for the stored real-hours medians."""
    standing = path_standing(user=profile.user_id, enrollment=enrollment)
    plan = standing.plan()
    projection = course_rules.project(plan.items, profile.weekly_goal_hours, today)
    return {
        "steps": [(step, standing.status_of(step)) for step in standing.steps],
        "steps_done": len(standing.done),
        "hours_done": standing.done_hours,
        "hours_total": sum((step.course.estimated_hours for step in standing.steps), Decimal(0)),
        "pace_multiplier": standing.multiplier,
        "plan": plan,
        "projection": projection,
        "target_status": rules.target_status(profile.target_finish_on, projection.finish),
    }


def target_status(*, profile: Profile, today: dt.date) -> rules.TargetStatus | None:
    """The learner's projected finish against their target; None without a target or a path."""
    if profile.target_finish_on is None:
        return None
    enrollment = active_enrollment(user=profile.user_id)
    if enrollment is None:
        return None
    return path_figures(profile=profile, enrollment=enrollment, today=today)["target_status"]


def latest_plan_reset(*, user) -> PlanReset | None:
    return PlanReset.objects.filter(user=user).first()
