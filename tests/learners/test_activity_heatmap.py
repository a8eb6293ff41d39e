"""The activity heatmap on the dashboard, and on the public portfolio only when the learner
ticks "show my activity"."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment
from learners.models import AssignmentCompletion, Profile, StudySession
from learners.rules import heatmap_days

from .factories import ProfileFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("learners:dashboard")


def dashboard_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def log_days(user, count: int) -> None:
    today = Profile.objects.get(user=user).local_today(timezone.now())
    StudySession.objects.bulk_create(
        StudySession(user=user, day=today - dt.timedelta(days=n % 300), hours=Decimal("0.5"))
        for n in range(count)
    )


def test_the_dashboard_shows_a_year_of_days_with_its_text_alternative(alice_client, alice):
    today = alice.profile.local_today(timezone.now())
    for back in range(3):
        StudySession.objects.create(
            user=alice, day=today - dt.timedelta(days=back), hours=Decimal("1.5")
        )
    StudySession.objects.create(user=alice, day=today, hours=Decimal(1))

    _, page = dashboard_queries(alice_client)

    assert "3 active days, longest streak 3 days" in page
    assert page.count('class="day level-') == len(heatmap_days(today))
    assert f"<title>{today:%a} {today.day} {today:%b}: 2.5 h</title>" in page
    assert 'class="day level-3"' in page  # 2.5 h today


def test_assignment_hours_count_in_the_heatmap_too(alice_client, alice, catalog):
    today = alice.profile.local_today(timezone.now())
    AssignmentCompletion.objects.create(
        user=alice, assignment=Assignment.objects.first(), day=today, hours=Decimal(4)
    )

    _, page = dashboard_queries(alice_client)

    assert "1 active day, longest streak 1 day" in page
    assert 'class="day level-4"' in page


def test_its_query_count_is_the_same_with_1_and_500_study_sessions(client):
    counts = []
    for sessions in (1, 500):
        user = ProfileFactory().user
        log_days(user, sessions)
        client.force_login(user)
        count, page = dashboard_queries(client)
        counts.append(count)
        assert "active day" in page

    assert counts[0] == counts[1]


def publish(user, *, show_activity: bool) -> str:
    Profile.objects.filter(user=user).update(
        public_portfolio=True, public_slug="alice-ml", show_activity=show_activity
    )
    return reverse("learners:public_portfolio", args=["alice-ml"])


def test_the_public_portfolio_shows_no_activity_by_default(client, alice):
    log_days(alice, 5)
    assert Profile.objects.get(user=alice).show_activity is False

    page = client.get(publish(alice, show_activity=False)).content.decode()

    assert "Study activity" not in page
    assert "active day" not in page


def test_the_public_portfolio_shows_activity_when_the_learner_ticks_it(alice_client, alice):
    log_days(alice, 5)
    url = publish(alice, show_activity=False)
    settings = {
        "display_name": "Alice",
        "weekly_goal_hours": "10",
        "time_zone": "UTC",
        "reminder_weekday": "3",
        "reminder_hour": "18",
        "show_activity": "on",
        "theme": "system",
    }

    assert alice_client.post(reverse("learners:settings"), settings).status_code == 302

    page = alice_client.get(url).content.decode()
    assert "Study activity" in page
    assert "5 active days, longest streak 5 days" in page
