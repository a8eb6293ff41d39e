"""Reads of the public catalog: what the catalog and path pages show.

Each function runs a fixed number of queries, however many courses or steps there are.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum

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


def courses_with_learner_records(*, course_ids) -> set[int]:
    """The ids among `course_ids` of courses that rows outside the catalog point to (a
    learner's progress, hours, completed assignments, projects): one query per such relation.

    The catalog knows no learner: it finds those rows through its reverse relations."""
    taken: set[int] = set()
    for model, course_field in ((Course, "pk"), (Assignment, "course_id")):
        for relation in model._meta.related_objects:
            if relation.related_model._meta.app_label == Course._meta.app_label:
                continue
            taken.update(
                model.objects.filter(
                    **{f"{course_field}__in": course_ids, f"{relation.name}__isnull": False}
                )
                .values_list(course_field, flat=True)
                .distinct()
            )
    return taken


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
