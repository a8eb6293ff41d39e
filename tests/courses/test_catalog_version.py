"""The catalog's version: its view's rows are what the equivalent queryset gives, on PostgreSQL
and SQLite, and the version changes with every kind of catalog change."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import CharField, Count, Max, Value
from django.db.models.functions import Cast
from django.utils import timezone

from courses.models import (
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
from courses.selectors import catalog_version

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_smoke]

TABLES = [
    (Platform, "updated_at"),
    (Institution, "updated_at"),
    (Skill, "updated_at"),
    (Course, "updated_at"),
    (Assignment, "updated_at"),
    (Path, "updated_at"),
    (PathStep, "updated_at"),
    (Course.skills.through, "pk"),
    (Assignment.skills.through, "pk"),
    (CourseRealHours, "computed_at"),
]


@pytest.fixture
def catalog():
    call_command("load_catalog", stdout=StringIO())


def rows_by_queryset() -> set[tuple]:
    """What the view holds, written as querysets: each table's count and latest change."""
    tables = [
        model.objects.order_by()
        .annotate(table=Value(model._meta.label))
        .values("table")
        .annotate(rows=Count("pk"), latest=Cast(Max(latest), CharField()))
        .values_list("table", "rows", "latest")
        for model, latest in TABLES
    ]
    return set(tables[0].union(*tables[1:], all=True))


def rows_of_view() -> set[tuple]:
    return set(CatalogTableVersion.objects.values_list("table", "rows", "latest"))


def test_the_view_holds_what_the_queryset_gives_for_an_empty_catalog():
    assert rows_of_view() == rows_by_queryset()
    assert len(rows_of_view()) == len(TABLES)


def test_the_view_holds_what_the_queryset_gives_for_the_guides_catalog(catalog):
    course = Course.objects.first()
    CourseRealHours.objects.create(
        course=course, median_hours=12, completers=5, computed_at=timezone.now()
    )

    assert rows_of_view() == rows_by_queryset()
    assert ("courses.CourseRealHours", 1) in {row[:2] for row in rows_of_view()}


def test_the_version_changes_with_a_save_a_delete_a_skill_link_and_renewed_medians(catalog):
    versions = [catalog_version()]
    course = Course.objects.first()

    course.save()  # a save: the latest change
    versions.append(catalog_version())
    course.skills.remove(course.skills.first())  # a link, which keeps no time
    versions.append(catalog_version())
    Path.objects.filter(pk=Path.objects.first().pk).delete()  # a delete: the count
    versions.append(catalog_version())
    CourseRealHours.objects.create(
        course=course, median_hours=12, completers=5, computed_at=timezone.now()
    )
    versions.append(catalog_version())
    CourseRealHours.objects.update(computed_at=timezone.now() + dt.timedelta(hours=1))
    versions.append(catalog_version())

    assert len(set(versions)) == len(versions)
