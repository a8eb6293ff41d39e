import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Path
from learners.models import CourseProgress, Profile
from learners.services import enrollment_start, plan_reset

from .factories import ProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_smoke]

DASHBOARD = reverse("learners:dashboard")


@pytest.fixture
def zero_path(catalog):
    return Path.objects.get(slug="from-zero-to-building-ml-models")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={DASHBOARD}"


def test_a_learner_who_has_not_onboarded_is_sent_to_start(client):
    profile = ProfileFactory(onboarded_at=None)
    client.force_login(profile.user)

    assert client.get(DASHBOARD)["Location"] == reverse("learners:onboarding")


def test_it_shows_the_active_path_with_each_steps_status(alice_client, alice, zero_path):
    enrollment_start(user=alice, path=zero_path)
    steps = list(zero_path.steps.order_by("position"))
    CourseProgress.objects.create(user=alice, course=steps[0].course, status="certified")
    CourseProgress.objects.create(user=alice, course=steps[1].course, status="in_progress")

    page = alice_client.get(DASHBOARD).content.decode()

    assert "From zero to building ML models" in page
    assert page.index("Certificate earned") < page.index("In progress") < page.index("Planned")
    assert page.count("Planned") == 3
    # What is left, the course in progress included: 4 × 30 h at 8 h/week = 15 weeks.
    assert "120 h take" in page
    assert "15 weeks" in page
    assert "8 h a week" in page


def test_without_a_path_it_offers_the_recommendation(alice_client):
    page = alice_client.get(DASHBOARD).content.decode()

    assert "No path yet" in page
    assert reverse("learners:onboarding_plan") in page


def queries_for_dashboard(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_completed_steps(client, zero_path):
    counts = []
    # Of its 5 steps: with one left, the plan still reads that course's stored median hours.
    for completed in (1, 4):
        profile = ProfileFactory()
        enrollment_start(user=profile.user, path=zero_path)
        for step in zero_path.steps.order_by("position")[:completed]:
            CourseProgress.objects.create(user=profile.user, course=step.course, status="completed")
        client.force_login(profile.user)
        counts.append(queries_for_dashboard(client))

    assert counts[0] == counts[1]


def test_the_dashboards_query_count_does_not_grow_with_resets(client, zero_path):
    counts = []
    for resets in (0, 1, 4):
        profile = ProfileFactory()
        enrollment_start(user=profile.user, path=zero_path)
        Profile.objects.filter(user=profile.user).update(target_finish_on=dt.date(2027, 1, 1))
        for week in range(resets):
            plan_reset(user=profile.user, new_target=dt.date(2027, 1, 1) + dt.timedelta(weeks=week))
        client.force_login(profile.user)
        counts.append(queries_for_dashboard(client))

    assert counts == [counts[0]] * 3


def test_charlie_sees_none_of_alices_path_or_progress(client, alice, charlie, zero_path):
    enrollment_start(user=alice, path=zero_path)
    CourseProgress.objects.create(
        user=alice, course=zero_path.steps.first().course, status="certified"
    )
    client.force_login(charlie)

    page = client.get(DASHBOARD).content.decode()

    assert "No path yet" in page
    assert "Certificate earned" not in page
    assert "Alice" not in page


def test_path_pages_project_at_the_learners_own_goal(alice_client, catalog):
    # Alice's goal is 8 h/week: 150 h take 19 weeks (at the default 10 they take 15).
    page = alice_client.get(
        reverse("courses:path_detail", args=["from-zero-to-building-ml-models"])
    )

    assert "At <strong>8 h a week</strong>" in page.content.decode()
    assert "19 weeks" in page.content.decode()
