"""Reads of the public catalog: what the catalog and path pages show.

Each function runs a fixed number of queries, however many courses or steps there are.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce

from . import rules
from .models import (
    Assignment,
    CatalogTableVersion,
    Course,
    CourseRealHours,
    Institution,
    Path,
    PathStep,
    Platform,
    Skill,
)

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


class Median(Aggregate):
    """PostgreSQL's continuous median of the group (of numbers or of intervals)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def grouped_medians(rows: QuerySet, group: str, value: str) -> dict:
    """{group value: (median of `value`, row count)} over `rows`, in one query: PostgreSQL
    takes the medians itself; other databases (SQLite in development) send one row per row
    and the median is taken here. Numbers come back as Decimal, durations as timedelta."""
    rows = rows.order_by()
    if connection.vendor == "postgresql":
        output = rows.query.resolve_ref(value).output_field
        return {
            row[group]: (row["middle"], row["count"])
            for row in rows.values(group).annotate(
                middle=Median(value, output_field=output), count=Count("pk")
            )
        }
    values = defaultdict(list)
    for key, item in rows.values_list(group, value):
        values[key].append(item)
    return {key: (rules.median(items), len(items)) for key, items in values.items()}


def _learner_relation(model, name: str):
    # The catalog knows no learner: their rows are reached by the reverse relations
    # `learners` declares (a course's progress and hours, an assignment's completions).
    return model._meta.get_field(name).related_model


def logged_on_course(user, course) -> CombinedExpression:
    """The hours `user` logged on `course` (each an id or an OuterRef): study sessions and
    assignment work together, 0 when none."""

    def logged(model, course_path: str) -> Coalesce:
        total = (
            model.objects.filter(user=user, **{course_path: course})
            .order_by()
            .values("user")
            .annotate(total=Sum("hours"))
            .values("total")
        )
        return Coalesce(Subquery(total), Value(Decimal(0)))

    sessions = _learner_relation(Course, "study_sessions")
    completions = _learner_relation(Assignment, "completions")
    return logged(sessions, "course") + logged(completions, "assignment__course")


def real_hours(*, course_ids: Iterable[int] | None = None) -> dict[int, rules.RealHours]:
    """For each course (all, or those of `course_ids`) that at least
    rules.REAL_HOURS_MIN_COMPLETERS learners completed with hours logged on it: the median of
    those hours (study sessions and assignment work together). One query; PostgreSQL takes the
    median itself, other databases (SQLite in development) return one row per completer.

    A whole-population aggregate (seconds at 50,000 learners): only the beat task's service
    calls it (services.renew_real_hours); pages read stored_real_hours."""
    progress = _learner_relation(Course, "progress")
    done = progress.objects.filter(status__in=progress.DONE)
    if course_ids is not None:
        done = done.filter(course_id__in=list(course_ids))
    done = (
        done.annotate(logged=logged_on_course(OuterRef("user"), OuterRef("course")))
        .filter(logged__gt=0)
        .order_by()
    )
    found = {
        course_id: rules.real_hours(middle, completers)
        for course_id, (middle, completers) in grouped_medians(done, "course_id", "logged").items()
    }
    return {course_id: real for course_id, real in found.items() if real is not None}


def stored_real_hours(course_ids: Iterable[int]) -> dict[int, rules.RealHours]:
    """real_hours of the courses among `course_ids` as the beat task last computed them
    (courses.services.renew_real_hours), in one query by primary key. None is computed here:
    a course without a stored row shows no real-hours figure."""
    rows = CourseRealHours.objects.filter(course_id__in=list(course_ids))
    return {
        row.course_id: rules.RealHours(row.median_hours, row.completers)
        for row in rows.only("median_hours", "completers")
    }


def with_real_hours(courses: Iterable[Course]) -> list[Course]:
    """The courses, each with `real_hours` (rules.RealHours or None) as last computed."""
    courses = list(courses)
    found = stored_real_hours(course.pk for course in courses)
    for course in courses:
        course.real_hours = found.get(course.pk)
    return courses


@dataclass(frozen=True)
class PathPlan:
    """A path's remaining courses as the projection counts them."""

    items: list[rules.CostItem]
    # How many of them count the hours learners really took instead of the advertised ones.
    real_hours_used: int


def path_plan(courses: Iterable[Course], multiplier: Decimal | None = None) -> PathPlan:
    """Cost items for `courses`, each with the median hours learners really took where there
    is one (as last computed), else the advertised hours, times the learner's own pace
    `multiplier`."""
    courses = list(courses)
    real = stored_real_hours(course.pk for course in courses)
    taken = [real.get(course.pk) for course in courses]
    items = [course.cost_item(hours) for course, hours in zip(courses, taken, strict=True)]
    if multiplier:
        items = [rules.scaled(item, multiplier) for item in items]
    return PathPlan(items, sum(hours is not None for hours in taken))


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


def catalog_version() -> str:
    """A digest that changes whenever the catalog does, in one query: each catalog table's
    row count and latest change (a delete changes the count, a save the latest change), for
    the skill links, which keep no time, their count and highest id, and when the learners'
    real hours were last computed (the beat task renews them; no catalog change announces it).
    Read through a database view (courses/versions.py)."""
    rows = CatalogTableVersion.objects.values_list("table", "rows", "latest")
    facts = sorted("|".join(map(str, row)) for row in rows)
    return hashlib.blake2b("\n".join(facts).encode(), digest_size=12).hexdigest()
