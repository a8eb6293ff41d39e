"""Reads of staff's page "How learners use the catalog": counts per path and per course over
every learner, never one learner. It reads both apps, so it lives in neither."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from courses.models import Course, Path, PathStep
from courses.rules import RealHours
from courses.selectors import grouped_medians, stored_real_hours
from learners.models import AssignmentCompletion, CourseProgress, Enrollment, StudySession
from learners.selectors import DONE

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
class CatalogUsage:
    paths: list[PathUsage]
    courses: list[CourseUsage]


def catalog_usage(*, today: dt.date) -> CatalogUsage:
    """Learners per path and per course, in six grouped queries however many learners; the
    real hours as the beat task last computed them (courses.selectors.stored_real_hours)."""
    since = today - ACTIVE_WINDOW

    def logged_since(model) -> Exists:
        return Exists(model.objects.filter(user=OuterRef("user"), day__gte=since))

    def published_steps(path) -> QuerySet[PathStep]:
        return PathStep.objects.filter(path=path, course__published=True).order_by()

    steps_total = Subquery(
        published_steps(OuterRef("path")).values("path").annotate(total=Count("pk")).values("total")
    )
    steps_done = Subquery(
        CourseProgress.objects.filter(
            user=OuterRef("user"),
            status__in=DONE,
            course__in=published_steps(OuterRef(OuterRef("path"))).values("course"),
        )
        .order_by()
        .values("user")
        .annotate(done=Count("pk"))
        .values("done")
    )
    by_path = {
        row["path_id"]: row
        for row in Enrollment.objects.filter(status=Enrollment.Status.ACTIVE)
        .annotate(
            recent=logged_since(StudySession) | logged_since(AssignmentCompletion),
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
    }
    paths = [
        PathUsage(
            path, *(by_path.get(path.pk, {}).get(k, 0) for k in ("enrolled", "active", "finished"))
        )
        for path in Path.objects.order_by("position", "title")
    ]

    status = CourseProgress.Status
    by_course = {
        row["course_id"]: row
        for row in CourseProgress.objects.order_by()
        .values("course_id")
        .annotate(
            started=Count("pk", filter=~Q(status=status.PLANNED)),
            completed=Count("pk", filter=Q(status__in=DONE)),
            certified=Count("pk", filter=Q(status=status.CERTIFIED)),
        )
    }
    catalog = list(Course.objects.only("title", "estimated_hours", "published").order_by("title"))
    days = grouped_medians(
        CourseProgress.objects.filter(
            status__in=DONE, started_on__isnull=False, completed_on__isnull=False
        ).annotate(took=F("completed_on") - F("started_on")),
        "course_id",
        "took",
    )
    real = stored_real_hours(course.pk for course in catalog)
    courses = []
    for course in catalog:
        counts = by_course.get(course.pk, {})
        middle = days.get(course.pk, (None, 0))[0]
        courses.append(
            CourseUsage(
                course,
                counts.get("started", 0),
                counts.get("completed", 0),
                counts.get("certified", 0),
                None if middle is None else _days(middle),
                real.get(course.pk),
            )
        )
    return CatalogUsage(paths, courses)


def _days(span: dt.timedelta) -> Decimal:
    return (Decimal(span.total_seconds()) / 86400).quantize(Decimal("0.1"))
