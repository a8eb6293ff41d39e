"""Reads of staff's page "How learners use the catalog": counts per path and per course over
every learner, never one learner. It reads both apps, so it lives in neither."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from courses.models import Course, Path
from courses.rules import RealHours
from courses.selectors import grouped_medians, stored_real_hours
from learners.models import CourseProgress, Enrollment, LoggedHours, PlanStep
from learners.selectors.path import published_steps

from .models import CourseCounts, PathCounts, PlanAddedCounts, PlanSkipCounts

ACTIVE_WINDOW = dt.timedelta(weeks=4)


@dataclass(frozen=True)
class PathUsage:
    path: Path
    enrolled: int
    active: int  # logged hours or an assignment in the last 4 weeks
    finished: int  # done with every published step


@dataclass(frozen=True)
class CourseUsage:
    course: Course
    started: int
    completed: int
    certified: int
    median_days: Decimal | None  # from start to completion, where both days are known
    real_hours: RealHours | None  # None below the number of completers the median needs


@dataclass(frozen=True)
class SkippedCourse:
    """A course of a path that learners' own plans skip: how many, by reason."""

    path: Path
    course: Course
    by_reason: dict[str, int]  # learners.PlanStep.SkipReason value → learners

    @property
    def total(self) -> int:
        return sum(self.by_reason.values())


# Programs learners add most: the page shows this many.
MOST_ADDED_SHOWN = 10


@dataclass(frozen=True)
class CatalogUsage:
    counted_at: dt.datetime | None  # None before the beat task's first count
    paths: list[PathUsage]
    courses: list[CourseUsage]
    skipped: list[SkippedCourse]
    most_added: list[PlanAddedCounts]


def path_counts(*, today: dt.date) -> dict[int, dict[str, int]]:
    """{path id: enrolled, active, finished} over every active enrolment, in one grouped
    query. Seconds at 50,000 learners: only the beat task's service calls it."""
    since = today - ACTIVE_WINDOW

    steps_total = Subquery(
        published_steps(OuterRef("path"))
        .order_by()
        .values("path")
        .annotate(total=Count("pk"))
        .values("total")
    )
    steps_done = Subquery(
        CourseProgress.objects.filter(
            user=OuterRef("user"),
            status__in=CourseProgress.DONE,
            course__in=published_steps(OuterRef(OuterRef("path"))).order_by().values("course"),
        )
        .order_by()
        .values("user")
        .annotate(done=Count("pk"))
        .values("done")
    )
    rows = (
        Enrollment.objects.filter(status=Enrollment.Status.ACTIVE)
        .annotate(
            recent=Exists(LoggedHours.objects.filter(user=OuterRef("user"), day__gte=since)),
            steps_total=Coalesce(steps_total, 0),
            steps_done=Coalesce(steps_done, 0),
        )
        .order_by()
        .values("path_id")
        .annotate(
            enrolled=Count("pk"),
            active=Count("pk", filter=Q(recent=True)),
            finished=Count("pk", filter=Q(steps_total__gt=0, steps_done__gte=F("steps_total"))),
        )
    )
    return {row.pop("path_id"): row for row in rows}


def course_counts() -> dict[int, dict]:
    """{course id: started, completed, certified, median_days} over every learner's progress,
    in two grouped queries. Only the beat task's service calls it."""
    status = CourseProgress.Status
    counts = {
        row.pop("course_id"): row | {"median_days": None}
        for row in CourseProgress.objects.order_by()
        .values("course_id")
        .annotate(
            started=Count("pk", filter=~Q(status=status.PLANNED)),
            completed=Count("pk", filter=Q(status__in=CourseProgress.DONE)),
            certified=Count("pk", filter=Q(status=status.CERTIFIED)),
        )
    }
    days = grouped_medians(
        CourseProgress.objects.filter(
            status__in=CourseProgress.DONE, started_on__isnull=False, completed_on__isnull=False
        ).annotate(took=F("completed_on") - F("started_on")),
        "course_id",
        "took",
    )
    for course_id, (middle, _) in days.items():
        counts[course_id]["median_days"] = _days(middle)
    return counts


def plan_skip_counts() -> list[dict]:
    """Learners skipping each course of a path in their own plan, by reason: rows of path_id,
    course_id, reason and learners, in one grouped query. Only the beat task calls it."""
    return list(
        PlanStep.objects.exclude(skipped_reason="")
        .filter(origin=PlanStep.Origin.OFFICIAL)
        .order_by()
        .values("plan__path_id", "course_id", "skipped_reason")
        .annotate(learners=Count("pk"))
        .values_list("plan__path_id", "course_id", "skipped_reason", "learners")
    )


def plan_added_counts() -> dict[int, int]:
    """{course id: learners who added it to their own plan}, in one grouped query."""
    return dict(
        PlanStep.objects.filter(origin=PlanStep.Origin.ADDED)
        .order_by()
        .values("course_id")
        .annotate(learners=Count("pk"))
        .values_list("course_id", "learners")
    )


def _skipped_courses() -> list[SkippedCourse]:
    """The stored skip counts, a row per course of a path, most skipped first (one query)."""
    rows = PlanSkipCounts.objects.select_related("path", "course").only(
        "reason", "learners", "path__title", "course__title"
    )
    grouped: dict[tuple[int, int], SkippedCourse] = {}
    for row in rows:
        key = (row.path_id, row.course_id)
        grouped.setdefault(key, SkippedCourse(row.path, row.course, {})).by_reason[row.reason] = (
            row.learners
        )
    return sorted(grouped.values(), key=lambda row: (row.path.title, -row.total, row.course.title))


def catalog_usage() -> CatalogUsage:
    """Every path and course with its counts as the beat task last made them (zero where it
    found none, or for what was added since), the real hours as last computed
    (courses.selectors.stored_real_hours), and what learners' own plans skip and add: seven
    small queries, however many learners."""
    paths = list(Path.objects.order_by("position", "title"))
    by_path = {row.path_id: row for row in PathCounts.objects.all()}
    catalog = list(Course.objects.only("title", "estimated_hours", "published").order_by("title"))
    by_course = {row.course_id: row for row in CourseCounts.objects.all()}
    real = stored_real_hours(course.pk for course in catalog)
    counted = [row.computed_at for row in [*by_path.values(), *by_course.values()]]
    return CatalogUsage(
        counted_at=max(counted, default=None),
        paths=[
            PathUsage(
                path,
                *(getattr(by_path.get(path.pk), name, 0) for name in PathCounts.FIGURES),
            )
            for path in paths
        ],
        courses=[
            CourseUsage(
                course,
                *(getattr(by_course.get(course.pk), name, 0) for name in CourseCounts.FIGURES),
                getattr(by_course.get(course.pk), "median_days", None),
                real.get(course.pk),
            )
            for course in catalog
        ],
        skipped=_skipped_courses(),
        most_added=list(
            PlanAddedCounts.objects.select_related("course")
            .only("learners", "course__title", "course__slug")
            .order_by("-learners", "course__title")[:MOST_ADDED_SHOWN]
        ),
    )


def _days(span: dt.timedelta) -> Decimal:
    return (Decimal(span.total_seconds()) / 86400).quantize(Decimal("0.1"))
