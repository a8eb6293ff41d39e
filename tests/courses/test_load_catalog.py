from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from courses import rules
from courses.models import Assignment, Course, Institution, Path, PathStep, Platform, Skill

pytestmark = pytest.mark.django_db

CATALOG_MODELS = [Platform, Institution, Skill, Course, Assignment, Path, PathStep]


def load() -> str:
    out = StringIO()
    call_command("load_catalog", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every catalog row as plain values, many-to-many links as sorted primary keys."""

    def plain(value):
        return sorted(related.pk for related in value) if isinstance(value, list) else value

    return {
        model.__name__: [
            {name: plain(value) for name, value in model_to_dict(row).items()}
            for row in model.objects.order_by("pk")
        ]
        for model in CATALOG_MODELS
    }


def test_it_loads_the_six_guide_courses_with_their_ratings():
    output = load()

    assert dict(Course.objects.values_list("title", "rating")) == {
        "Structuring Machine Learning Projects": Decimal("9.8"),
        "Applied Machine Learning in Python": Decimal("9.7"),
        "Production Machine Learning Systems": Decimal("9.7"),
        "Machine Learning: Regression": Decimal("9.7"),
        "Machine Learning: Classification": Decimal("9.7"),
        "Machine Learning for All": Decimal("9.7"),
    }
    assert "Created 1 platforms, 5 institutions, 14 skills, 6 courses" in output


def test_it_keeps_the_guides_institutions_and_coursera_pricing():
    load()

    institution_of = dict(Course.objects.values_list("slug", "institution__name"))
    assert institution_of["machine-learning-regression"] == "University of Washington"
    assert institution_of["machine-learning-classification"] == "University of Washington"
    assert institution_of["applied-machine-learning-in-python"] == "University of Michigan"
    assert institution_of["production-machine-learning-systems"] == "Google Cloud"
    assert institution_of["machine-learning-for-all"] == "University of London"
    assert institution_of["structuring-machine-learning-projects"] == "DeepLearning.AI"
    coursera = Platform.objects.get(slug="coursera")
    assert coursera.subscription_range == rules.PriceRange(Decimal(49), Decimal(79))
    assert coursera.audit_free
    assert list(
        Course.objects.filter(non_programmer_friendly=True).values_list("title", flat=True)
    ) == ["Machine Learning for All"]


def test_what_the_guide_does_not_say_is_marked_as_an_estimate():
    load()

    assert not Course.objects.filter(hours_are_estimate=False).exists()
    assert not Assignment.objects.filter(is_estimate=False).exists()


def test_it_loads_the_three_paths_in_the_guides_order():
    load()

    def steps(slug):
        return list(
            PathStep.objects.filter(path__slug=slug)
            .order_by("position")
            .values_list("course__title", flat=True)
        )

    assert steps("from-zero-to-building-ml-models") == [
        "Machine Learning: Regression",
        "Machine Learning: Classification",
        "Structuring Machine Learning Projects",
        "Applied Machine Learning in Python",
        "Production Machine Learning Systems",
    ]
    assert steps("ml-literacy-for-non-engineers") == ["Machine Learning for All"]
    assert steps("ml-engineering-and-mlops") == [
        "Machine Learning: Regression",
        "Machine Learning: Classification",
        "Production Machine Learning Systems",
    ]
    assert not PathStep.objects.filter(why_here="").exists()
    assert set(Path.objects.values_list("track", flat=True)) == {"builder", "literacy", "mlops"}


def test_a_second_load_changes_nothing():
    load()
    before = snapshot()

    output = load()

    assert snapshot() == before
    assert "nothing to create" in output


def test_it_never_overwrites_what_staff_edited():
    load()
    course = Course.objects.get(slug="machine-learning-regression")
    course.rating = Decimal("8.5")
    course.summary = "Edited by staff."
    course.save()
    course.skills.clear()
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    # Staff swap the first two steps and drop the last one.
    first, second = path.steps.order_by("position")[:2]
    first.position, second.position = 99, 1
    second.save()
    first.save()
    path.steps.filter(course__slug="production-machine-learning-systems").delete()
    Assignment.objects.filter(course=course, position=3).delete()
    before = snapshot()

    load()

    assert snapshot() == before


def test_it_creates_what_is_missing_next_to_existing_rows():
    load()
    Path.objects.filter(slug="ml-literacy-for-non-engineers").delete()
    Assignment.objects.filter(course__slug="machine-learning-for-all", position=2).delete()

    output = load()

    assert "Created 1 paths, 1 path steps." in output
    assert Path.objects.get(slug="ml-literacy-for-non-engineers").steps.count() == 1
    # The assignment went with an edit of an existing course: it stays removed.
    assert Assignment.objects.filter(course__slug="machine-learning-for-all").count() == 1


def test_the_guide_courses_verdicts_at_10_hours_a_week():
    load()
    stages = Skill.objects.filter(workflow_stage=True).values_list("name", flat=True)
    courses = Course.objects.prefetch_related("assignments", "skills").select_related("institution")

    scores = {
        course.slug: rules.verdict(course.verdict_facts(stages), 10).score for course in courses
    }

    assert scores == {
        "applied-machine-learning-in-python": 4,
        "production-machine-learning-systems": 4,
        # Strong foundations, but neither covers most of the workflow alone.
        "machine-learning-regression": 3,
        "machine-learning-classification": 3,
        # Quizzes only and one or two stages: supporting evidence, not a credential alone.
        "structuring-machine-learning-projects": 2,
        "machine-learning-for-all": 2,
    }
