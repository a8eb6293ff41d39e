"""Loading the guide's catalog (courses/data/guide_catalog.json) into the database.

Platforms, institutions, skills, courses and paths are found by slug and created only when
missing; a course's assignments and skills and a path's steps come with it when it is
created. An existing row is never changed, so staff edits in admin (including removed
assignments or reordered steps) survive every load, and a second load writes nothing.
To hide a guide course, unpublish it: a deleted one comes back with the next load.

The programs beyond the guide (`--extra`) are files in the admin's import format, loaded by
the same resources and checks as an import in admin, with the same rule: create what is
missing, never overwrite.
"""

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path as FilePath
from typing import Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction

from .models import Assignment, Course, Institution, Path, PathStep, Platform, Skill
from .resources import CourseResource, InstitutionResource, PlatformResource

DATA = FilePath(__file__).resolve().parent / "data"
GUIDE_CATALOG = DATA / "guide_catalog.json"
# In the order they must load: a program names its platform and institution by slug.
EXTRA_FILES = (
    (PlatformResource, DATA / "programs-beyond-the-guide-platforms.csv"),
    (InstitutionResource, DATA / "programs-beyond-the-guide-institutions.csv"),
    (CourseResource, DATA / "programs-beyond-the-guide.csv"),
)


class CatalogFileError(Exception):
    """A catalog file with rows in error: nothing of it was written."""

    def __init__(self, file_name: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{file_name}: " + "; ".join(problems))


def import_problems(result) -> list[str]:
    """Each problem of an import result, with its row and field: "row 3, rating: …"."""
    problems = [f"the file: {error.error}" for error in result.base_errors]
    for number, errors in result.row_errors():
        problems += [f"row {number}: {error.error}" for error in errors]
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            where = (
                f"row {row.number}" if field == NON_FIELD_ERRORS else f"row {row.number}, {field}"
            )
            problems += [f"{where}: {message}" for message in messages]
    return problems


@transaction.atomic
def catalog_load_extra(files=EXTRA_FILES) -> Counter:
    """Create the rows of the extra catalog files that the database lacks; return what was
    created. A file with any row in error writes nothing (CatalogFileError)."""
    created: Counter = Counter()
    for resource_class, path in files:
        resource = resource_class()
        resource.create_only = True
        dataset = tablib.Dataset().load(path.read_text(encoding="utf-8"), format="csv")
        result = resource.import_data(
            dataset,
            use_transactions=True,
            rollback_on_validation_errors=True,
            file_name=path.name,
        )
        if problems := import_problems(result):
            raise CatalogFileError(path.name, problems)
        created[resource_class.Meta.model._meta.verbose_name_plural] += result.totals["new"]
    return created


def read_catalog(source: FilePath = GUIDE_CATALOG) -> dict[str, Any]:
    return json.loads(source.read_text(encoding="utf-8"))


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@transaction.atomic
def catalog_load(*, data: dict[str, Any]) -> Counter:
    """Create what the catalog data has and the database lacks; return what was created."""
    created: Counter = Counter()

    def ensure(model, lookup: dict, defaults: dict):
        row, was_created = model.objects.get_or_create(**lookup, defaults=defaults)
        created[model._meta.verbose_name_plural] += was_created
        return row, was_created

    platforms = {}
    for item in data["platforms"]:
        platforms[item["slug"]], _ = ensure(
            Platform,
            {"slug": item["slug"]},
            {
                "name": item["name"],
                "audit_free": item["audit_free"],
                "subscription_min_usd": _decimal(item.get("subscription_min_usd")),
                "subscription_max_usd": _decimal(item.get("subscription_max_usd")),
                "financial_aid": item.get("financial_aid", False),
            },
        )

    institutions = {}
    for item in data["institutions"]:
        institutions[item["slug"]], _ = ensure(
            Institution,
            {"slug": item["slug"]},
            {"name": item["name"], "kind": item["kind"], "recognised": item["recognised"]},
        )

    skills = {}
    for item in data["skills"]:
        skills[item["slug"]], _ = ensure(
            Skill,
            {"slug": item["slug"]},
            {
                "name": item["name"],
                "kind": item["kind"],
                "workflow_stage": item.get("workflow_stage", False),
                "description": item.get("description", ""),
                "position": item.get("position", 0),
            },
        )

    courses = {}
    for item in data["courses"]:
        course, course_created = ensure(
            Course,
            {"slug": item["slug"]},
            {
                "title": item["title"],
                "platform": platforms[item["platform"]],
                "institution": institutions.get(item.get("institution")),
                "program_type": item["program_type"],
                "part_of": item.get("part_of", ""),
                "rating": _decimal(item.get("rating")),
                "level": item["level"],
                "non_programmer_friendly": item["non_programmer_friendly"],
                "estimated_hours": Decimal(item["estimated_hours"]),
                "hours_are_estimate": item["hours_are_estimate"],
                "price_model": item["price_model"],
                "one_time_fee_usd": _decimal(item.get("one_time_fee_usd")),
                "audit_free": item["audit_free"],
                "summary": item["summary"],
            },
        )
        courses[item["slug"]] = course
        if not course_created:
            continue
        course.skills.set(skills[slug] for slug in item["skills"])
        for position, assignment_item in enumerate(item["assignments"], start=1):
            assignment, _ = ensure(
                Assignment,
                {"course": course, "position": position},
                {
                    "title": assignment_item["title"],
                    "kind": assignment_item["kind"],
                    "estimated_hours": Decimal(assignment_item["estimated_hours"]),
                    # The guide lists no syllabi: every assignment is our estimate.
                    "is_estimate": True,
                },
            )
            assignment.skills.set(skills[slug] for slug in assignment_item["skills"])

    for item in data["paths"]:
        path, path_created = ensure(
            Path,
            {"slug": item["slug"]},
            {
                "title": item["title"],
                "track": item["track"],
                "position": item["position"],
                "audience": item["audience"],
                "summary": item["summary"],
            },
        )
        if not path_created:
            continue
        for position, step in enumerate(item["steps"], start=1):
            ensure(
                PathStep,
                {"path": path, "position": position},
                {"course": courses[step["course"]], "why_here": step["why_here"]},
            )
    return created
