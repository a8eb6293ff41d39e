"""Where the learner stands on their active path: its steps, what is done and left, their own
pace, the projection and their target."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Sum

from courses import rules as course_rules
from courses import selectors as course_selectors
from courses.models import Assignment, Path, PathStep

from .. import plan_rules, rules
from ..models import CourseProgress, Enrollment, LoggedHours, PlanReset, PlanStep, Profile
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
    "course__program_type",
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
    """The active path's steps, or the learner's own plan of it (skipped steps included), the
    learner's progress on each step's course (absent before any), and what is done and left."""

    user: object  # the learner, or their id
    path: Path
    steps: list[PathStep | PlanStep]
    progress: dict[int, CourseProgress]  # by course id
    own_plan: bool = False

    @staticmethod
    def skipped_reason_of(step: PathStep | PlanStep) -> str:
        """Why the learner skipped the step of their own plan; "" for one that counts (and
        for every step of a path followed as staff keep it)."""
        return step.skipped_reason if isinstance(step, PlanStep) else ""

    @staticmethod
    def added(step: PathStep | PlanStep) -> bool:
        """Whether the learner added the step to their own plan."""
        return isinstance(step, PlanStep) and step.origin == PlanStep.Origin.ADDED

    def status_of(self, step: PathStep | PlanStep) -> CourseProgress.Status:
        progress = self.progress.get(step.course_id)
        return CourseProgress.Status(progress.status if progress else "planned")

    @cached_property
    def _left(self) -> plan_rules.StepsLeft:
        return plan_rules.steps_left(
            [
                plan_rules.StepState(
                    key=step.course_id,
                    hours=step.course.estimated_hours,
                    done=self.status_of(step) in CourseProgress.DONE,
                    skipped=bool(self.skipped_reason_of(step)),
                )
                for step in self.steps
            ]
        )

    def _steps_of(self, states: list[plan_rules.StepState]) -> list[PathStep | PlanStep]:
        keys = {state.key for state in states}
        return [step for step in self.steps if step.course_id in keys]

    @cached_property
    def counted(self) -> list[PathStep | PlanStep]:
        """The steps not skipped: the m of "n of m courses"."""
        return [step for step in self.steps if not self.skipped_reason_of(step)]

    @cached_property
    def skipped(self) -> list[PlanStep]:
        return [step for step in self.steps if self.skipped_reason_of(step)]

    @cached_property
    def done(self) -> list[PathStep | PlanStep]:
        return [step for step in self.counted if self.status_of(step) in CourseProgress.DONE]

    @property
    def remaining(self) -> list[PathStep | PlanStep]:
        """The steps left that the projection counts, in order (their hours are known)."""
        return self._steps_of(self._left.counted)

    @property
    def hours_unknown(self) -> list[PathStep | PlanStep]:
        """The steps left whose hours nobody knows: the projection names them, never guesses."""
        return self._steps_of(self._left.hours_unknown)

    @property
    def done_hours(self) -> Decimal:
        """The advertised hours of the courses done."""
        return sum((step.course.estimated_hours or 0 for step in self.done), Decimal(0))

    @property
    def total_hours(self) -> Decimal:
        """The advertised hours of the steps not skipped, as far as they are known."""
        return sum((step.course.estimated_hours or 0 for step in self.counted), Decimal(0))

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


# What a learner's own plan shows of each step besides its course.
OWN_STEP_COLUMNS = (
    "position",
    "why",
    "origin",
    "skipped_reason",
    "certificate_issuer",
    "certificate_url",
    "certificate_earned_on",
)


def own_plan_steps(*, user, path_id: int) -> QuerySet[PlanStep]:
    """The learner's own plan of the path, in order, each step's course with the columns of
    PLAN_STEP_COLUMNS and `on_path`: whether the path still has the course (one query)."""
    return (
        PlanStep.objects.filter(user=user, plan__path=path_id, course__published=True)
        .select_related("course__platform")
        .only(*PLAN_STEP_COLUMNS, *OWN_STEP_COLUMNS)
        .annotate(on_path=Exists(published_steps(path_id).filter(course=OuterRef("course"))))
        .order_by("position")
    )


def steps_to_take(*, user, enrollment: Enrollment) -> QuerySet[PathStep] | QuerySet[PlanStep]:
    """The steps the learner is to take, in their order, as a queryset to narrow: the path's
    published steps, or those of the learner's own plan of it that they did not skip."""
    if enrollment.has_plan:
        steps = PlanStep.objects.filter(user=user, plan__path=enrollment.path_id, skipped_reason="")
    else:
        steps = PathStep.objects.filter(path=enrollment.path_id)
    return steps.filter(course__published=True).order_by("position")


def path_standing(*, user, enrollment: Enrollment) -> PathStanding:
    """Where the learner stands on `enrollment`'s path, or on their own plan of it when they
    made one (`active_enrollment` says so). Two queries: the steps with the columns of
    PLAN_STEP_COLUMNS, and the learner's progress on their courses (a third for their pace,
    when used)."""
    if enrollment.has_plan:
        steps = list(own_plan_steps(user=user, path_id=enrollment.path_id))
    else:
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
    return PathStanding(user, enrollment.path, steps, progress, own_plan=enrollment.has_plan)


def path_figures(*, profile: Profile, enrollment: Enrollment, today: dt.date) -> dict:
    """The active path's steps with their progress, what is done, when the rest ends at the
    learner's own pace, and how that stands against their target date. Three queries at most
    and one for the stored real-hours medians."""
    standing = path_standing(user=profile.user_id, enrollment=enrollment)
    plan = standing.plan()
    projection = course_rules.project(plan.items, profile.weekly_goal_hours, today)
    return {
        "own_plan": standing.own_plan,
        "steps": [(step, standing.status_of(step)) for step in standing.steps],
        "steps_done": len(standing.done),
        "steps_total": len(standing.counted),
        "steps_skipped": len(standing.skipped),
        "hours_unknown": standing.hours_unknown,
        "hours_done": standing.done_hours,
        "hours_total": standing.total_hours,
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
