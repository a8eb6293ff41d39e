"""Writes of the staff statistics: the hourly count the admin page reads."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from courses.models import Course, Path

from . import selectors
from .models import CourseCounts, PathCounts, PlanAddedCounts, PlanSkipCounts


def renew_catalog_usage(*, now: dt.datetime) -> None:
    """Count learners per path and per course as of `now` and replace the stored counts, a
    row for every path and course (zeros included), and what learners' own plans skip (per
    course of a path and reason) and add, in one transaction: the page reads either the old
    counts or the new ones."""
    by_path = selectors.path_counts(today=timezone.localdate(now))
    by_course = selectors.course_counts()
    skips = selectors.plan_skip_counts()
    added = selectors.plan_added_counts()
    no_path = dict.fromkeys(PathCounts.FIGURES, 0)
    no_course = dict.fromkeys(CourseCounts.FIGURES, 0) | {"median_days": None}
    with transaction.atomic():
        PathCounts.objects.all().delete()
        PathCounts.objects.bulk_create(
            PathCounts(path_id=path_id, computed_at=now, **by_path.get(path_id, no_path))
            for path_id in Path.objects.values_list("pk", flat=True)
        )
        CourseCounts.objects.all().delete()
        CourseCounts.objects.bulk_create(
            CourseCounts(
                course_id=course_id, computed_at=now, **by_course.get(course_id, no_course)
            )
            for course_id in Course.objects.values_list("pk", flat=True)
        )
        PlanSkipCounts.objects.all().delete()
        PlanSkipCounts.objects.bulk_create(
            PlanSkipCounts(
                path_id=path_id, course_id=course_id, reason=reason, learners=count, computed_at=now
            )
            for path_id, course_id, reason, count in skips
        )
        PlanAddedCounts.objects.all().delete()
        PlanAddedCounts.objects.bulk_create(
            PlanAddedCounts(course_id=course_id, learners=count, computed_at=now)
            for course_id, count in added.items()
        )
