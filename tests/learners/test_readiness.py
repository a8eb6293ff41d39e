import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Assignment, Course, Path, Skill
from learners.models import AssignmentCompletion, CourseProgress, PortfolioProject
from learners.services import enrollment_start

from .factories import ProfileFactory

pytestmark = pytest.mark.django_db

READINESS = reverse("learners:readiness")
CHECKS = [
    "Core concepts",
    "Data preprocessing &amp; missing values",
    "Feature engineering",
    "Model evaluation &amp; overfitting",
    "Production &amp; monitoring",
    "Explaining a model",
]


def card(page: str, slug: str) -> str:
    """The readiness card of one employer check."""
    start = page.index(f'id="check-{slug}"')
    return page[start : page.index("</article>", start)]


def tag(project: PortfolioProject, *slugs: str) -> PortfolioProject:
    project.skills.set(Skill.objects.filter(slug__in=slugs))
    return project


def complete(user, assignment_title: str) -> AssignmentCompletion:
    return AssignmentCompletion.objects.create(
        user=user,
        assignment=Assignment.objects.get(title=assignment_title),
        day=dt.date(2026, 3, 2),
    )


def zero_path() -> Path:
    return Path.objects.get(slug="from-zero-to-building-ml-models")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(READINESS)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_lists_the_six_employer_checks_in_order_and_no_topic(alice_client, catalog):
    page = alice_client.get(READINESS).content.decode()

    positions = [page.index(f">{name}</h2>") for name in CHECKS]
    assert positions == sorted(positions)
    assert ">Regression</h2>" not in page
    assert "0 of 6 checks evidenced" in page


def test_a_tagged_project_is_evidence_for_its_check(alice_client, alice, charlie, catalog):
    project = tag(
        PortfolioProject.objects.create(user=alice, title="Churn prediction"), "model-evaluation"
    )
    tag(PortfolioProject.objects.create(user=charlie, title="Charlie's model"), "core-concepts")

    page = alice_client.get(READINESS).content.decode()

    evaluation = card(page, "model-evaluation")
    assert "Evidenced" in evaluation
    assert reverse("learners:project_detail", args=[project.pk]) in evaluation
    assert "Churn prediction" in evaluation
    assert "(private)" in evaluation  # private projects count as evidence too
    assert "Churn prediction" not in card(page, "core-concepts")
    assert "Gap" in card(page, "core-concepts")  # Charlie's project is not Alice's evidence
    assert "1 of 6 checks evidenced" in page


def test_a_completed_assignment_is_evidence_for_each_of_its_checks(alice_client, alice, catalog):
    complete(alice, "Programming assignment: cross-validation and feature selection")

    page = alice_client.get(READINESS).content.decode()

    for slug in ("feature-engineering", "model-evaluation"):
        evidence = card(page, slug)
        assert "Programming assignment: cross-validation and feature selection" in evidence
        assert "Machine Learning: Regression" in evidence
        assert "2 Mar 2026" in evidence
    assert "Gap" in card(page, "core-concepts")
    assert "2 of 6 checks evidenced" in page


def test_a_gap_points_to_the_next_course_of_the_path_that_teaches_it(alice_client, alice, catalog):
    enrollment_start(user=alice, path=zero_path())
    applied = Course.objects.get(slug="applied-machine-learning-in-python")

    page = alice_client.get(READINESS).content.decode()

    # Regression, Classification and Structuring come first but teach no preprocessing.
    preprocessing = card(page, "data-preprocessing")
    assert "Gap" in preprocessing
    assert f'<a href="{applied.get_absolute_url()}">Applied Machine Learning in Python</a>' in (
        preprocessing
    )
    assert "Production Machine Learning Systems" in card(page, "production-monitoring")
    assert "Machine Learning: Regression" in card(page, "core-concepts")


def test_a_completed_course_is_not_the_next_step(alice_client, alice, catalog):
    enrollment_start(user=alice, path=zero_path())
    applied = Course.objects.get(slug="applied-machine-learning-in-python")
    CourseProgress.objects.create(user=alice, course=applied, status="certified")

    page = alice_client.get(READINESS).content.decode()

    assert "Production Machine Learning Systems" in card(page, "data-preprocessing")
    # Only Applied ML teaches explaining a model on this path: a project closes that gap.
    explaining = card(page, "explaining-a-model")
    assert "Applied Machine Learning in Python" not in explaining
    assert f"{reverse('learners:project_new')}?skill=explaining-a-model" in explaining


def test_without_a_path_every_gap_suggests_a_project_tagged_with_it(alice_client, catalog):
    page = alice_client.get(READINESS).content.decode()

    for slug in ("core-concepts", "production-monitoring"):
        assert f"{reverse('learners:project_new')}?skill={slug}" in card(page, slug)


def test_an_evidenced_check_suggests_nothing(alice_client, alice, catalog):
    enrollment_start(user=alice, path=zero_path())
    tag(PortfolioProject.objects.create(user=alice, title="Pipeline"), "production-monitoring")

    monitoring = card(alice_client.get(READINESS).content.decode(), "production-monitoring")

    assert "Next:" not in monitoring


def queries_for_readiness(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(READINESS).status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_projects_or_completions(client, catalog):
    checks = [skill.slug for skill in Skill.objects.filter(kind="employer_check")]
    assignments = list(Assignment.objects.values_list("title", flat=True))
    counts = []
    for projects, completions in ((1, 1), (10, len(assignments))):
        user = ProfileFactory().user
        enrollment_start(user=user, path=zero_path())
        CourseProgress.objects.create(
            user=user,
            course=Course.objects.get(slug="machine-learning-regression"),
            status="completed",
        )
        for n in range(projects):
            project = PortfolioProject.objects.create(user=user, title=f"Project {n}")
            tag(project, *checks[: n % len(checks) + 1])
        for title in assignments[:completions]:
            complete(user, title)
        client.force_login(user)
        counts.append(queries_for_readiness(client))

    assert counts[0] == counts[1]


def test_certificates_without_a_link_are_asked_for_it_gently(alice_client, alice, charlie, catalog):
    regression = Course.objects.get(slug="machine-learning-regression")
    classification = Course.objects.get(slug="machine-learning-classification")
    CourseProgress.objects.create(user=alice, course=regression, status="certified")
    CourseProgress.objects.create(
        user=alice,
        course=classification,
        status="certified",
        certificate_url="https://www.coursera.org/verify/ABC123",
    )
    CourseProgress.objects.create(user=charlie, course=classification, status="certified")

    page = alice_client.get(READINESS).content.decode()

    prompt = page[page.index('id="add-verification-links"') :]
    prompt = prompt[: prompt.index("</p>")]
    assert "Add the verification link: it is what a recruiter checks." in prompt
    my_course = reverse("learners:my_course", args=[regression.slug])
    assert f'<a href="{my_course}#course-status">{regression.title}</a>' in prompt
    assert classification.title not in prompt  # linked already (and Charlie's is his)


def test_no_prompt_when_every_certificate_has_its_link(alice_client, alice, catalog):
    CourseProgress.objects.create(
        user=alice,
        course=Course.objects.get(slug="machine-learning-regression"),
        status="certified",
        certificate_url="https://www.coursera.org/verify/ABC123",
    )

    assert "Add the verification link" not in alice_client.get(READINESS).content.decode()
