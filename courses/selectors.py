"""Reads of the public catalog: what the catalog and path pages show.

Each function runs a fixed number of queries, however many courses or steps there are.
"""

import functools
import hashlib
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, Count, F, Max, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast

from .models import Assignment, Course, Institution, Path, PathStep, Platform, Skill

# Steps are shown only while their course is published.
PUBLISHED_STEP = Q(steps__course__published=True)


@dataclass(frozen=True)
class CourseFilters:
    """What the catalog is narrowed to; the defaults narrow nothing."""

    q: str = ""  # searched in title, summary and institution name
    platform: Platform | None = None
    institution: Institution | None = None
    program_type: str = ""
    level: str = ""
    skill: Skill | None = None
    non_programmer: bool = False
    free_to_audit: bool = False


def course_list(*, filters: CourseFilters) -> QuerySet[Course]:
    """Published courses matching `filters`, best rated first (unrated last)."""
    courses = (
        Course.objects.published()
        .select_related("platform", "institution")
        .order_by(F("rating").desc(nulls_last=True), "title")
    )
    if filters.q:
        courses = courses.filter(
            Q(title__icontains=filters.q)
            | Q(summary__icontains=filters.q)
            | Q(institution__name__icontains=filters.q)
        )
    exact = {
        "platform": filters.platform,
        "institution": filters.institution,
        "program_type": filters.program_type,
        "level": filters.level,
        "skills": filters.skill,
    }
    courses = courses.filter(**{field: value for field, value in exact.items() if value})
    if filters.non_programmer:
        courses = courses.filter(non_programmer_friendly=True)
    if filters.free_to_audit:
        courses = courses.filter(audit_free=True)
    return courses


def course_detail(*, slug: str) -> Course | None:
    """The published course at `slug` with its skills, assignments in order and published
    paths (as `published_paths`); None when there is none."""
    return (
        Course.objects.published()
        .select_related("platform", "institution")
        .prefetch_related(
            "skills",
            Prefetch("assignments", queryset=Assignment.objects.order_by("position")),
            Prefetch("paths", queryset=Path.objects.published(), to_attr="published_paths"),
        )
        .filter(slug=slug)
        .first()
    )


def published_title(model: type[Course] | type[Path], *, slug: str) -> str | None:
    """The title of the published course or path at `slug`; None when there is none."""
    return model.objects.published().filter(slug=slug).values_list("title", flat=True).first()


def workflow_stage_names() -> list[str]:
    """Names of every workflow stage, which a course's verdict compares its coverage with."""
    return list(Skill.objects.filter(workflow_stage=True).values_list("name", flat=True))


def path_list() -> QuerySet[Path]:
    """Published paths, each with `step_count` and `total_hours` of its published courses."""
    return Path.objects.published().annotate(
        step_count=Count("steps", filter=PUBLISHED_STEP),
        total_hours=Sum("steps__course__estimated_hours", filter=PUBLISHED_STEP),
    )


def path_detail(*, slug: str) -> Path | None:
    """The published path at `slug` with its steps in order as `published_steps` (only those
    whose course is published, course, platform and institution loaded); None when there is
    none."""
    steps = (
        PathStep.objects.filter(course__published=True)
        .select_related("course__platform", "course__institution")
        .order_by("position")
    )
    return (
        Path.objects.published()
        .prefetch_related(Prefetch("steps", queryset=steps, to_attr="published_steps"))
        .filter(slug=slug)
        .first()
    )


@functools.cache
def _catalog_version_query() -> tuple[str, tuple]:
    """The SQL of catalog_version, compiled once per process: compiling a union of nine
    aggregates costs more than running it."""
    tables = [
        model.objects.order_by()
        .annotate(table=Value(model._meta.label))
        .values("table")
        # As text: a time and an id in one column.
        .annotate(rows=Count("pk"), latest=Cast(Max(latest_field), CharField()))
        for model, latest_field in [
            (Platform, "updated_at"),
            (Institution, "updated_at"),
            (Skill, "updated_at"),
            (Course, "updated_at"),
            (Assignment, "updated_at"),
            (Path, "updated_at"),
            (PathStep, "updated_at"),
            (Course.skills.through, "pk"),
            (Assignment.skills.through, "pk"),
        ]
    ]
    return tables[0].union(*tables[1:], all=True).query.sql_with_params()


def catalog_version() -> str:
    """A digest that changes whenever the catalog does, in one query: each catalog table's
    row count and latest change (a delete changes the count, a save the latest change), and
    for the skill links, which keep no time, their count and highest id."""
    sql, params = _catalog_version_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        facts = sorted("|".join(map(str, row)) for row in cursor.fetchall())
    return hashlib.blake2b("\n".join(facts).encode(), digest_size=12).hexdigest()
