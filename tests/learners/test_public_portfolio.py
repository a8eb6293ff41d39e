import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Assignment, Course, Path
from learners.models import (
    AssignmentCompletion,
    CourseProgress,
    PortfolioProject,
    Profile,
    StudySession,
)
from learners.services import enrollment_start

from .factories import ProfileFactory

pytestmark = pytest.mark.django_db

PUBLISH = reverse("learners:portfolio_publish")
PORTFOLIO = reverse("learners:portfolio")


def public_page(slug: str) -> str:
    return reverse("learners:public_portfolio", args=[slug])


def publish(user, slug: str = "alice-ml") -> None:
    Profile.objects.filter(user=user).update(public_portfolio=True, public_slug=slug)


def test_an_unknown_address_is_404(client, alice):
    publish(alice)

    assert client.get(public_page("nobody-here")).status_code == 404


def test_the_page_is_404_until_the_learner_publishes_it_and_after_they_stop(
    client, alice_client, alice
):
    Profile.objects.filter(user=alice).update(public_slug="alice-ml")
    assert client.get(public_page("alice-ml")).status_code == 404

    response = alice_client.post(PUBLISH, {"public_portfolio": "on", "public_slug": "alice-ml"})

    assert response.status_code == 302
    assert response["Location"] == PORTFOLIO
    assert client.get(public_page("alice-ml")).status_code == 200  # anonymous

    alice_client.post(PUBLISH, {"public_slug": "alice-ml"})

    assert client.get(public_page("alice-ml")).status_code == 404
    assert Profile.objects.get(user=alice).public_slug == "alice-ml"  # kept for next time


def deactivate_by_save(user) -> None:
    user.is_active = False
    user.save()


def deactivate_by_update(user) -> None:
    type(user).objects.filter(pk=user.pk).update(is_active=False)


@pytest.mark.parametrize("deactivate", [deactivate_by_save, deactivate_by_update])
def test_a_deactivated_learners_page_is_404(client, alice, deactivate):
    """Banning an abusive account takes its page down, however staff set it inactive."""
    publish(alice)
    assert client.get(public_page("alice-ml")).status_code == 200

    deactivate(alice)

    assert client.get(public_page("alice-ml")).status_code == 404


def test_publishing_says_where_the_page_is(alice_client):
    response = alice_client.post(
        PUBLISH, {"public_portfolio": "on", "public_slug": "Alice-ML"}, follow=True
    )

    page = response.content.decode()
    assert "Your portfolio is public at http://testserver/u/alice-ml/." in page
    assert f'<a href="{public_page("alice-ml")}">' in page


def test_the_address_is_suggested_from_the_display_name(alice_client, alice):
    Profile.objects.filter(user=alice).update(display_name="Alice Liddell")

    page = alice_client.get(PORTFOLIO).content.decode()

    assert 'name="public_slug" value="alice-liddell"' in page
    assert "Your portfolio is private." in page


def test_a_slug_taken_by_another_learner_is_refused(alice_client, alice, charlie):
    publish(charlie, "ml-portfolio")

    response = alice_client.post(PUBLISH, {"public_portfolio": "on", "public_slug": "ml-portfolio"})

    assert response.status_code == 400
    assert "That address is taken: pick another." in response.content.decode()
    profile = Profile.objects.get(user=alice)
    assert (profile.public_portfolio, profile.public_slug) == (False, None)


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("ab", "Make the address at least 3 characters long."),
        ("my portfolio!", "Use only letters, digits, hyphens and underscores."),
        ("x" * 61, "Keep the address to 60 characters at most."),
        ("", "Choose an address for your public page."),
    ],
)
def test_a_bad_address_is_refused_next_to_the_field(alice_client, alice, slug, message):
    response = alice_client.post(PUBLISH, {"public_portfolio": "on", "public_slug": slug})

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'id="id_public_slug_error"' in page
    profile = Profile.objects.get(user=alice)
    assert (profile.public_portfolio, profile.public_slug) == (False, None)


@pytest.fixture
def alices_record(alice, catalog):
    """Alice's path, certificates, projects and logs: some for recruiters, some not."""
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    enrollment_start(user=alice, path=path)
    regression = Course.objects.get(slug="machine-learning-regression")
    CourseProgress.objects.create(
        user=alice,
        course=regression,
        status="certified",
        certified_on=dt.date(2026, 2, 14),
        certificate_url="https://coursera.org/verify/ABC123",
    )
    CourseProgress.objects.create(
        user=alice,
        course=Course.objects.get(slug="machine-learning-classification"),
        status="certified",
        certified_on=dt.date(2026, 4, 1),
        certificate_url="javascript:alert(1)",  # stored without validation
    )
    CourseProgress.objects.create(
        user=alice,
        course=Course.objects.get(slug="structuring-machine-learning-projects"),
        status="in_progress",
    )
    PortfolioProject.objects.create(
        user=alice,
        title="Churn prediction",
        public=True,
        write_up="## Approach\n\nBoosted trees <script>alert(1)</script>",
        answer_overfitting="A time-based hold-out and learning curves.",
    )
    PortfolioProject.objects.create(user=alice, title="Half-finished scraper", public=False)
    StudySession.objects.create(
        user=alice, day=dt.date(2026, 3, 1), hours=Decimal("7.25"), note="Secret study note"
    )
    AssignmentCompletion.objects.create(
        user=alice,
        assignment=Assignment.objects.filter(course=regression).first(),
        day=dt.date(2026, 3, 2),
        note="Private completion note",
    )
    Profile.objects.filter(user=alice).update(display_name="Alice Liddell")
    publish(alice)


@time_machine.travel(dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC), tick=False)
def test_it_shows_path_progress_certificates_and_public_projects(client, alices_record):
    page = client.get(public_page("alice-ml")).content.decode()

    assert "Alice Liddell’s ML portfolio" in page
    assert "From zero to building ML models" in page
    assert "2 of 5 courses" in page
    assert "Machine Learning: Regression" in page and "14 February 2026" in page
    # Issuer, credential ID, the normalised verification link and the certificate's age.
    assert "<dt>Issuer</dt>\n    <dd>Coursera</dd>" in page
    assert '<code class="credential-id">ABC123</code>' in page
    verify = '<a href="https://www.coursera.org/verify/ABC123" rel="nofollow noopener external">'
    assert f"{verify}Verify" in page
    assert "(9 months ago)" in page
    linkedin = (
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME"
        "&amp;name=Machine%20Learning%3A%20Regression&amp;organizationName=University%20of%20Washington"
        "&amp;issueYear=2026&amp;issueMonth=2"
        "&amp;certUrl=https%3A%2F%2Fwww.coursera.org%2Fverify%2FABC123&amp;certId=ABC123"
    )
    assert f'href="{linkedin}"' in page
    assert "Machine Learning: Classification" in page and "1 April 2026" in page
    assert page.index("1 April 2026") < page.index("14 February 2026")  # newest first
    assert "Churn prediction" in page
    assert "<h4>Approach</h4>" in page
    assert "A time-based hold-out and learning curves." in page
    assert "How do you know the model does not overfit?" in page


def test_nothing_private_leaks(client, alice, alices_record):
    page = client.get(public_page("alice-ml")).content.decode()

    assert alice.email not in page
    assert "Half-finished scraper" not in page
    assert "Secret study note" not in page and "7.25" not in page
    assert "Private completion note" not in page
    assert "Structuring Machine Learning Projects" not in page  # in progress, not a certificate
    assert "javascript:" not in page and "alert" not in page
    # Unanswered questions are not shown on the public page.
    assert "What are the model&#x27;s limitations?" not in page


def test_a_learner_without_a_display_name_is_not_named_by_their_email(client, alice):
    Profile.objects.filter(user=alice).update(display_name="")
    publish(alice)

    page = client.get(public_page("alice-ml")).content.decode()

    assert "A learner’s ML portfolio" in page
    assert alice.email not in page


def queries_for_public_page(client, slug: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(public_page(slug)).status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_projects_or_certificates(client, catalog):
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    courses = [step.course for step in path.steps.order_by("position")]
    counts = []
    for size in (1, 5):
        user = ProfileFactory().user
        enrollment_start(user=user, path=path)
        for course in courses[:size]:
            CourseProgress.objects.create(
                user=user, course=course, status="certified", certified_on=dt.date(2026, 1, 5)
            )
        for n in range(size * 2):
            project = PortfolioProject.objects.create(user=user, title=f"P{n}", public=True)
            project.courses.set(courses[:size])
        publish(user, f"learner-{size}")
        counts.append(queries_for_public_page(client, f"learner-{size}"))

    assert counts[0] == counts[1]
