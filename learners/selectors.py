"""Reads of a learner's own data. Each runs a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import F, Model, Prefetch, Sum
from django.db.models.functions import TruncWeek

from courses import rules as course_rules
from courses.models import Assignment, Path, PathStep, Skill
from courses.rules import Background, TargetRole, recommend_track

from .charts import week_chart
from .models import (
    AssignmentCompletion,
    CourseProgress,
    Enrollment,
    PortfolioProject,
    Profile,
    StudySession,
)
from .rules import (
    BACKFILL,
    Pace,
    goal_streak,
    pace,
    pace_multiplier,
    week_series,
    week_start,
)

# Apps whose rows can belong to a learner: ours, and allauth's e-mail addresses.
OWNER_APPS = ("learners", "account")


def profile_for(*, user) -> Profile:
    """The learner's profile, made on first use (accounts are created by allauth)."""
    profile, _ = Profile.objects.get_or_create(user=user)
    # A profile read back does not hold its user: without this, `profile.user` reads it again.
    profile.user = user
    return profile


def active_enrollment(*, user) -> Enrollment | None:
    """The learner's active enrolment, its path loaded (every caller shows the path)."""
    return (
        Enrollment.objects.filter(user=user, status=Enrollment.Status.ACTIVE)
        .select_related("path")
        .first()
    )


def recommended_path(*, profile: Profile) -> Path | None:
    """The first published path of the track the guide's sequencing gives this learner."""
    if not (profile.background and profile.target_role):
        return None
    track = recommend_track(Background(profile.background), TargetRole(profile.target_role))
    return Path.objects.published().filter(track=track).order_by("position", "pk").first()


def path_steps(*, path: Path, with_verdict_facts: bool = False) -> list[PathStep]:
    """The path's steps whose course is published, in order, course platform loaded;
    with `with_verdict_facts`, also each course's assignments and skills."""
    steps = (
        PathStep.objects.filter(path=path, course__published=True)
        .select_related("course__platform", "course__institution")
        .order_by("position")
    )
    if with_verdict_facts:
        steps = steps.prefetch_related(
            Prefetch("course__assignments", queryset=Assignment.objects.order_by("position")),
            "course__skills",
        )
    return list(steps)


def progress_by_course(*, user, course_ids) -> dict[int, CourseProgress]:
    return {
        progress.course_id: progress
        for progress in CourseProgress.objects.filter(user=user, course_id__in=course_ids)
    }


def owner_field(model: type[Model]) -> str | None:
    """The name of the model's foreign key to the user; None when it has none."""
    user_model = get_user_model()
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is user_model:
            return field.name
    return None


def owned_models() -> list[type[Model]]:
    """Every model whose rows belong to a learner (export and deletion cover exactly these)."""
    return [
        model
        for app_label in OWNER_APPS
        for model in apps.get_app_config(app_label).get_models()
        if owner_field(model)
    ]


def summed_hours(*querysets) -> Decimal:
    """The hours of all these querysets' rows together, in one query (UNION ALL of their sums;
    no query at all when each filters on an empty list)."""
    sums = [
        qs.order_by().values("user").annotate(total=Sum("hours")).values("total")
        for qs in querysets
    ]
    return sum((row["total"] for row in sums[0].union(*sums[1:], all=True)), Decimal(0))


def hours_on_day(*, user, day: dt.date) -> Decimal:
    """Hours the learner logged on `day`: study sessions and assignment work together."""
    return summed_hours(
        StudySession.objects.filter(user=user, day=day),
        AssignmentCompletion.objects.filter(user=user, day=day),
    )


def hours_by_week(*, user, since: dt.date) -> dict[dt.date, Decimal]:
    """Hours logged per week (keyed by its Monday) from `since` on, in one query: both logs
    grouped by week in SQL (UNION ALL), a row per week and log."""

    def weeks_of(model: type[Model]):
        return (
            model.objects.filter(user=user, day__gte=since)
            .order_by()
            .annotate(week=TruncWeek("day"))
            .values("week")
            .annotate(total=Sum("hours"))
            .values_list("week", "total")
        )

    weeks: dict[dt.date, Decimal] = defaultdict(Decimal)
    for week, total in weeks_of(StudySession).union(weeks_of(AssignmentCompletion), all=True):
        weeks[week] += total
    return dict(weeks)


RECENT_ITEMS = 6
CHART_WEEKS = 12


@dataclass(frozen=True)
class Activity:
    day: dt.date
    hours: Decimal
    what: str
    created_at: dt.datetime


def recent_activity(*, user, limit: int = RECENT_ITEMS) -> list[Activity]:
    """The latest study sessions and completed assignments, newest first (two queries)."""
    sessions = [
        Activity(s.day, s.hours, s.course.title if s.course else s.note or "Study", s.created_at)
        for s in StudySession.objects.filter(user=user).select_related("course")[:limit]
    ]
    completions = [
        Activity(c.day, c.hours, f"Completed “{c.assignment.title}”", c.created_at)
        for c in AssignmentCompletion.objects.filter(user=user).select_related("assignment")[:limit]
    ]
    items = sorted([*sessions, *completions], key=lambda a: (a.day, a.created_at), reverse=True)
    return items[:limit]


def logged_hours_on_courses(*, user, course_ids) -> Decimal:
    """Hours the learner logged against these courses: sessions and assignment work."""
    return summed_hours(
        StudySession.objects.filter(user=user, course_id__in=course_ids),
        AssignmentCompletion.objects.filter(user=user, assignment__course_id__in=course_ids),
    )


@dataclass(frozen=True)
class Week:
    """The learner's current week and the weeks before it, as the dashboard shows them."""

    pace: Pace
    series: list[tuple[dt.date, Decimal]]
    streak: int


def learner_week(*, profile: Profile, now: dt.datetime) -> Week:
    this_week = week_start(profile.local_today(now))
    # From the earliest day a learner may log, so a streak is never cut short.
    weeks = hours_by_week(user=profile.user, since=profile.joined_on - BACKFILL)
    goal = profile.weekly_goal_hours
    return Week(
        pace=pace(goal, weeks.get(this_week, Decimal(0)), now, profile.zone),
        series=week_series(weeks, this_week, CHART_WEEKS),
        streak=goal_streak(weeks, this_week, goal),
    )


def course_progress(*, user, course) -> CourseProgress | None:
    """The learner's standing in `course`; None until they first change it."""
    return CourseProgress.objects.filter(user=user, course=course).first()


def courses_in_progress(*, user) -> int:
    """How many courses the learner has in progress at once (one COUNT query)."""
    return CourseProgress.objects.filter(
        user=user, status=CourseProgress.Status.IN_PROGRESS
    ).count()


def assignment_checklist(*, user, course) -> list[tuple[Assignment, AssignmentCompletion | None]]:
    """The course's assignments in order, each with the learner's completion or None: two
    queries, however many assignments."""
    assignments = list(Assignment.objects.filter(course=course).order_by("position"))
    completions = {
        completion.assignment_id: completion
        for completion in AssignmentCompletion.objects.filter(user=user, assignment__course=course)
    }
    return [(assignment, completions.get(assignment.pk)) for assignment in assignments]


def projects_of(*, user) -> list[PortfolioProject]:
    """The learner's projects, latest edit first, with their skills (two queries)."""
    return list(PortfolioProject.objects.filter(user=user).prefetch_related("skills"))


DONE = (CourseProgress.Status.COMPLETED, CourseProgress.Status.CERTIFIED)


@dataclass(frozen=True)
class CheckReadiness:
    """One employer check: what evidences it and, for a gap, the path step that would teach it."""

    check: Skill
    completions: list[AssignmentCompletion]
    projects: list[PortfolioProject]
    next_step: PathStep | None

    @property
    def evidenced(self) -> bool:
        return bool(self.completions or self.projects)


def readiness_map(*, user) -> list[CheckReadiness]:
    """Every employer check in order, with its evidence and the next step towards it.

    The next step is the first course of the learner's active path, not yet completed, that
    teaches the check (None when there is none). Six queries, however much there is: a
    completion or project tagged with several checks comes back once for each.
    """
    checks = Skill.objects.filter(kind=Skill.Kind.EMPLOYER_CHECK).order_by("position", "name")
    completions = defaultdict(list)
    for completion in (
        AssignmentCompletion.objects.filter(
            user=user, assignment__skills__kind=Skill.Kind.EMPLOYER_CHECK
        )
        .annotate(check_id=F("assignment__skills"))
        .select_related("assignment__course")
        .order_by("-day", "assignment__title")
    ):
        completions[completion.check_id].append(completion)
    projects = defaultdict(list)
    for project in (
        PortfolioProject.objects.filter(user=user, skills__kind=Skill.Kind.EMPLOYER_CHECK)
        .annotate(check_id=F("skills"))
        .only("title", "public")
    ):
        projects[project.check_id].append(project)
    steps = (
        PathStep.objects.filter(
            path__enrollments__user=user,
            path__enrollments__status=Enrollment.Status.ACTIVE,
            course__published=True,
        )
        .select_related("course")
        .prefetch_related(Prefetch("course__skills", queryset=checks))
        .order_by("position")
    )
    done = set(
        CourseProgress.objects.filter(user=user, status__in=DONE).values_list(
            "course_id", flat=True
        )
    )
    next_steps: dict[int, PathStep] = {}
    for step in steps:
        if step.course_id not in done:
            for check in step.course.skills.all():
                next_steps.setdefault(check.pk, step)
    return [
        CheckReadiness(check, completions[check.pk], projects[check.pk], next_steps.get(check.pk))
        for check in checks
    ]


@dataclass(frozen=True)
class PublicPortfolio:
    """What a learner's public page shows: nothing that is not meant for recruiters."""

    profile: Profile
    path: Path | None
    steps_done: int
    steps_total: int
    certificates: list[CourseProgress]
    projects: list[PortfolioProject]


def public_portfolio(*, slug: str) -> PublicPortfolio | None:
    """The portfolio published at `slug`; None unless its learner turned it on."""
    profile = Profile.objects.filter(public_portfolio=True, public_slug=slug).first()
    if profile is None:
        return None
    user = profile.user_id
    enrollment = (
        Enrollment.objects.filter(user=user, status=Enrollment.Status.ACTIVE)
        .select_related("path")
        .first()
    )
    steps = path_steps(path=enrollment.path) if enrollment else []
    done = CourseProgress.objects.filter(
        user=user, status__in=DONE, course__in=[step.course_id for step in steps]
    ).count()
    certificates = (
        CourseProgress.objects.filter(user=user, status=CourseProgress.Status.CERTIFIED)
        .select_related("course")
        .order_by(F("certified_on").desc(nulls_last=True), "course__title")
    )
    projects = PortfolioProject.objects.filter(user=user, public=True).prefetch_related(
        "skills", "courses"
    )
    return PublicPortfolio(
        profile=profile,
        path=enrollment.path if enrollment else None,
        steps_done=done,
        steps_total=len(steps),
        certificates=list(certificates),
        projects=list(projects),
    )


def path_figures(*, profile: Profile, enrollment: Enrollment, today: dt.date) -> dict:
    """The active path's steps with their progress, what is done, and when the rest ends."""
    steps = path_steps(path=enrollment.path)
    progress = progress_by_course(user=profile.user, course_ids=[step.course_id for step in steps])
    done = [step for step in steps if (p := progress.get(step.course_id)) and p.is_done]
    remaining = [step for step in steps if step not in done]
    done_hours = sum((step.course.estimated_hours for step in done), Decimal(0))
    # The learner's own pace on finished courses stretches (or shrinks) the estimates left.
    multiplier = pace_multiplier(
        logged_hours_on_courses(user=profile.user, course_ids=[step.course_id for step in done]),
        done_hours,
    )
    items = [step.course.cost_item() for step in remaining]
    if multiplier:
        items = [replace(item, hours=item.hours * multiplier) for item in items]
    return {
        "steps": [(step, progress.get(step.course_id)) for step in steps],
        "steps_done": len(done),
        "hours_done": done_hours,
        "hours_total": sum((step.course.estimated_hours for step in steps), Decimal(0)),
        "pace_multiplier": multiplier,
        "projection": course_rules.project(items, profile.weekly_goal_hours, today),
    }


def dashboard_figures(*, profile: Profile, now: dt.datetime) -> dict:
    """Everything the dashboard shows but its form: the week, the chart, recent activity and,
    with an active path, its figures."""
    week = learner_week(profile=profile, now=now)
    enrollment = active_enrollment(user=profile.user)
    figures = {
        "profile": profile,
        "enrollment": enrollment,
        "week": week,
        "chart": week_chart(week.series, profile.weekly_goal_hours),
        "recent": recent_activity(user=profile.user),
    }
    if enrollment:
        figures |= path_figures(
            profile=profile, enrollment=enrollment, today=profile.local_today(now)
        )
    return figures
