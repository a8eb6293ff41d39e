"""Loading the guide's catalog (courses/data/guide_catalog.json) into the database.

Platforms, institutions, skills, courses and paths are found by slug and created only when
missing; a course's assignments and skills and a path's steps come with it when it is
created. An existing row is never changed, so staff edits in admin (including removed
assignments or reordered steps) survive every load, and a second load writes nothing.
To hide a guide course, unpublish it: a deleted one comes back with the next load.
"""

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path as FilePath
from typing import Any

from django.db import transaction

from .models import Assignment, Course, Institution, Path, PathStep, Platform, Skill

GUIDE_CATALOG = FilePath(__file__).resolve().parent / "data" / "guide_catalog.json"


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
