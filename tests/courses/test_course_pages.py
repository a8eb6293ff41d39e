import re
from decimal import Decimal

import pytest

from courses.models import Assignment, Course, Institution, Skill

from .factories import (
    AssignmentFactory,
    CourseFactory,
    InstitutionFactory,
    PathFactory,
    PathStepFactory,
    PlatformFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

# Queries behind /courses/: the catalog's version (the ETag), the page of courses, their count,
# the hours learners really took on them, and the platform, institution and skill choices of
# the filter form. Measured once; it must not grow with the catalog.
CATALOG_QUERIES = 7


def listed(response) -> list[str]:
    """Slugs of the courses a catalog response links to, in order."""
    return re.findall(r'<h3><a href="/courses/([\w-]+)/">', response.content.decode())


@pytest.fixture
def catalog():
    """Five published courses, each alone in something a filter can pick, and a hidden one."""
    udacity = PlatformFactory(
        name="Udacity", audit_free=False, subscription_min_usd=None, subscription_max_usd=None
    )
    regression = SkillFactory(name="Regression", slug="regression")
    mlops = SkillFactory(name="MLOps", slug="mlops")
    return {
        "regression": CourseFactory(
            slug="regression",
            title="Machine Learning: Regression",
            institution=InstitutionFactory(name="University of Washington", slug="uw"),
            program_type=Course.ProgramType.UNIVERSITY_SPECIALIZATION,
            rating=Decimal("9.7"),
            hours_are_estimate=True,
            skills=[regression],
        ),
        "for-all": CourseFactory(
            slug="for-all",
            title="Machine Learning for All",
            non_programmer_friendly=True,
            level=Course.Level.BEGINNER,
            rating=Decimal("9.5"),
        ),
        "nanodegree": CourseFactory(
            slug="nanodegree",
            title="Machine Learning Engineer Nanodegree",
            platform=udacity,
            program_type=Course.ProgramType.BOOTCAMP,
            audit_free=False,
            price_model=Course.PriceModel.ONE_TIME,
            one_time_fee_usd=Decimal("1017.50"),
            rating=Decimal("8.0"),
            skills=[mlops],
        ),
        "production": CourseFactory(
            slug="production",
            title="Production Machine Learning Systems",
            summary="Serving, monitoring and retraining models.",
            level=Course.Level.ADVANCED,
            price_model=Course.PriceModel.FREE,
            rating=Decimal("9.0"),
        ),
        "unrated": CourseFactory(slug="unrated", title="A New Course", rating=None),
        "hidden": CourseFactory(slug="hidden", title="A Withdrawn Course", published=False),
    }


def test_the_catalog_lists_every_published_course_with_its_facts(client, catalog):
    response = client.get("/courses/")

    assert response.status_code == 200
    # Best rated first, unrated last; the unpublished course is not there.
    assert listed(response) == ["regression", "for-all", "production", "nanodegree", "unrated"]
    page = response.content.decode()
    assert "5 courses." in page
    assert "University of Washington · Coursera" in page
    assert "University specialization" in page
    assert "<strong>9.7</strong>/10" in page
    assert "Not rated" in page
    assert "30 h (estimate)" in page
    assert "$49–79 a month (Coursera subscription)" in page
    assert "$1,017.50 one-time fee" in page
    assert "Not free to audit" in page
    assert "Free certificate" in page
    assert "Suited to non-programmers</span>" in page
    assert "Withdrawn" not in page


def test_the_landing_page_and_the_nav_lead_to_the_catalog(client):
    landing = client.get("/").content.decode()
    catalog = client.get("/courses/").content.decode()

    assert '<a href="/courses/" role="button">Browse the catalog</a>' in landing
    assert '<a href="/courses/" aria-current="page">Catalog</a>' in catalog
    assert re.search(r'<a href="/paths/"\s*>Paths</a>', catalog)


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ({"non_programmer": "on"}, ["for-all"]),
        ({"platform": "udacity"}, ["nanodegree"]),
        ({"institution": "uw"}, ["regression"]),
        ({"skill": "mlops"}, ["nanodegree"]),
        ({"program_type": "bootcamp"}, ["nanodegree"]),
        ({"level": "advanced"}, ["production"]),
        ({"q": "regression"}, ["regression"]),  # title
        ({"q": "washington"}, ["regression"]),  # institution
        ({"q": "MONITORING"}, ["production"]),  # summary, any case
        ({"free_to_audit": "on"}, ["regression", "for-all", "production", "unrated"]),
        ({"free_to_audit": "on", "level": "beginner"}, ["for-all"]),
    ],
)
def test_each_filter_narrows_the_catalog(client, catalog, query, slugs):
    response = client.get("/courses/", query)

    assert listed(response) == slugs


def test_a_filter_never_shows_an_unpublished_course(client, catalog):
    response = client.get("/courses/", {"q": "withdrawn"})

    assert listed(response) == []
    assert "No published course matches these filters." in response.content.decode()


def test_an_unpublished_course_has_no_page(client, catalog):
    assert client.get("/courses/hidden/").status_code == 404
    assert client.get("/courses/no-such-course/").status_code == 404


def test_an_htmx_request_gets_only_the_results(client, catalog):
    response = client.get("/courses/", {"platform": "udacity"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert page.lstrip().startswith('<section id="results"')
    assert "<html" not in page
    assert 'id="catalog-filters"' not in page
    assert listed(response) == ["nanodegree"]
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"platform": "nope"}, "Platform: There is no platform “nope” in the catalog"),
        ({"institution": "nope"}, "Institution: There is no institution “nope” in the catalog"),
        ({"skill": "nope"}, "Skill: There is no skill “nope” in the catalog"),
        ({"level": "expert"}, "Level: There is no level “expert” in the catalog"),
        ({"program_type": "mooc"}, "Program type: There is no program type “mooc”"),
        ({"q": "x" * 101}, "Search: Keep the search under 100 characters."),
    ],
)
def test_an_invalid_filter_gets_a_clear_message(client, catalog, query, message):
    response = client.get("/courses/", query)

    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_invalid_filter_is_left_out_and_the_valid_ones_still_apply(client, catalog):
    response = client.get("/courses/", {"platform": "<b>nope</b>", "non_programmer": "on"})

    page = response.content.decode()
    assert "These filters were left out:" in page
    assert "“&lt;b&gt;nope&lt;/b&gt;”" in page  # the value echoed back is escaped
    assert listed(response) == ["for-all"]


def test_pages_of_results_keep_the_filters(client):
    # 14 courses for non-programmers (12 on the first page) and 3 that the filter drops.
    CourseFactory.create_batch(14, non_programmer_friendly=True)
    CourseFactory.create_batch(3)

    first = client.get("/courses/", {"non_programmer": "on"})
    second = client.get("/courses/", {"non_programmer": "on", "page": "2"})

    assert len(listed(first)) == 12
    assert "Showing 1–12 of 14 courses." in first.content.decode()
    assert 'href="?non_programmer=on&amp;page=2" rel="next"' in first.content.decode()
    assert len(listed(second)) == 2
    assert not set(listed(first)) & set(listed(second))
    assert 'href="?non_programmer=on&amp;page=1" rel="prev"' in second.content.decode()


def test_a_page_asked_for_by_htmx_comes_as_the_results_only(client):
    CourseFactory.create_batch(13)

    response = client.get("/courses/", {"page": "2"}, HTTP_HX_REQUEST="true")

    assert response.content.decode().lstrip().startswith('<section id="results"')
    assert len(listed(response)) == 1


@pytest.mark.parametrize("size", [6, 60])
def test_the_catalog_runs_the_same_queries_however_many_courses(
    client, django_assert_num_queries, size
):
    for _ in range(size):
        CourseFactory(skills=[SkillFactory()])

    with django_assert_num_queries(CATALOG_QUERIES):
        response = client.get("/courses/")

    assert len(listed(response)) == min(size, 12)


@pytest.fixture
def regression_course():
    """A course passing all four traits at 10 h/week: it builds, covers 3 of 4 workflow
    stages, a known name backs it and 30 h take 3 weeks."""
    stages = {
        name: SkillFactory(name=name, kind=Skill.Kind.EMPLOYER_CHECK, workflow_stage=True)
        for name in ("Preprocessing", "Feature engineering", "Evaluation", "Production")
    }
    course = CourseFactory(
        slug="regression",
        title="Machine Learning: Regression",
        institution=InstitutionFactory(name="University of Washington"),
        program_type=Course.ProgramType.UNIVERSITY_SPECIALIZATION,
        part_of="Machine Learning Specialization",
        rating=Decimal("9.7"),
        estimated_hours=Decimal(30),
        url="https://www.coursera.org/learn/ml-regression",
        summary="Regularization and cross-validation in real depth.",
        skills=[
            SkillFactory(name="Linear models", kind=Skill.Kind.TOPIC),
            stages["Preprocessing"],
            stages["Feature engineering"],
            stages["Evaluation"],
        ],
    )
    # Created out of order: the page shows them by position.
    AssignmentFactory(course=course, position=2, title="Ridge and lasso", estimated_hours=4)
    AssignmentFactory(
        course=course,
        position=1,
        title="Simple regression",
        kind=Assignment.Kind.NOTEBOOK,
        estimated_hours=Decimal("2.5"),
        is_estimate=True,
    )
    PathStepFactory(course=course, path=PathFactory(title="From zero to ML models"))
    PathStepFactory(course=course, path=PathFactory(title="A Hidden Path", published=False))
    return course


def test_a_course_page_shows_its_facts_assignments_skills_and_paths(client, regression_course):
    response = client.get("/courses/regression/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Machine Learning: Regression</h1>" in page
    assert "<dd>Machine Learning Specialization</dd>" in page
    assert "<dd>University specialization</dd>" in page
    assert "$49–79 a month (Coursera subscription)" in page
    assert 'href="https://www.coursera.org/learn/ml-regression"' in page
    assert "Regularization and cross-validation in real depth." in page
    # Topics and employer checks apart.
    topics, checks = page.split("<h3>Topics</h3>")[1].split("<h3>Employer checks</h3>")
    assert "Linear models" in topics
    assert "Preprocessing" not in topics
    assert "Preprocessing" in checks
    # Assignments in order, with the estimate marked.
    assert page.index("Simple regression") < page.index("Ridge and lasso")
    assert "Notebook · 2.5 h (estimate)" in page
    assert "Coding assignment · 4 h<" in page
    assert "From zero to ML models" in page
    assert "A Hidden Path" not in page


def test_the_verdict_gives_each_trait_with_its_reason(client, regression_course):
    response = client.get("/courses/regression/")

    page = response.content.decode()
    assert "Worth pursuing (4 of 4)" in page
    assert "at 10 h a week" in page
    assert "Graded work you can show: coding assignments and notebooks." in page
    assert "Covers 3 of 4 stages: Evaluation, Feature engineering and Preprocessing." in page
    assert "Missing: Production." in page
    assert "University of Washington is a name hiring managers know." in page
    assert "About 3 weeks at 10 h a week." in page
    assert page.count(">Pass</span>") == 4


def test_the_verdict_follows_the_hours_per_week_given(client, regression_course):
    # 30 h at 0.5 h/week is 60 weeks: past 12 months, so the timeline fails and 2 of 4 remain.
    Institution.objects.update(recognised=False)

    response = client.get("/courses/regression/", {"hours_per_week": "0.5"})

    page = response.content.decode()
    assert "Not worth pursuing (2 of 4)" in page
    assert "60 weeks is more than 12 months." in page
    assert "University of Washington is not widely recognised by employers." in page
    assert page.count(">Fail</span>") == 2


def test_an_htmx_request_for_a_course_gets_only_the_verdict(client, regression_course):
    response = client.get("/courses/regression/", {"hours_per_week": "30"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    said, region = page.strip().split("\n", 1)
    assert said.startswith('<p id="verdict-said" data-hx-swap-oob="innerHTML">At 30 h a week: ')
    assert region.lstrip().startswith('<div id="verdict">')
    assert "<html" not in page
    assert "More than 20 hours a week is a second job" in page
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "Give at least half an hour a week."),
        ("-1", "Give at least half an hour a week."),
        ("abc", "Enter the hours as a number, for example 6 or 7.5."),
    ],
)
def test_bad_hours_on_a_course_page_get_the_forms_message(
    client, regression_course, hours, message
):
    response = client.get("/courses/regression/", {"hours_per_week": hours})

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Worth pursuing" not in page
