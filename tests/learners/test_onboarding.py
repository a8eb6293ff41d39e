import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from courses.models import Course, Path
from learners.models import CourseProgress, Enrollment, Profile

from .factories import UserFactory

pytestmark = pytest.mark.django_db

ONBOARDING = reverse("learners:onboarding")
PLAN = reverse("learners:onboarding_plan")


@pytest.fixture
def newcomer_client(client, catalog):
    client.force_login(UserFactory())
    return client


def answers(**overrides):
    return {
        "background": "programmer",
        "target_role": "ml_engineer",
        "weekly_goal_hours": "8",
        "time_zone": "Europe/Berlin",
    } | overrides


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(ONBOARDING)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_new_learner_is_asked_the_four_questions_with_no_zone_preselected(newcomer_client):
    response = newcomer_client.get(ONBOARDING)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Your background" in page and "The role you are aiming at" in page
    assert "data-guess-time-zone" in page
    assert 'name="time_zone" value=' not in page  # the browser's guess fills it
    assert '<option value="America/Los_Angeles">' in page  # the searchable list


def test_answers_lead_to_the_recommended_path(newcomer_client):
    response = newcomer_client.post(ONBOARDING, answers())

    assert response.status_code == 302
    assert response["Location"] == PLAN
    profile = Profile.objects.get()
    assert (profile.background, profile.target_role, profile.time_zone) == (
        "programmer",
        "ml_engineer",
        "Europe/Berlin",
    )
    assert profile.onboarded_at is None  # not until they enrol


@time_machine.travel(dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC))
def test_a_programmer_aiming_at_ml_engineer_gets_the_zero_to_builder_path(newcomer_client):
    newcomer_client.post(ONBOARDING, answers())

    page = newcomer_client.get(PLAN).content.decode()

    assert "We recommend “From zero to building ML models”" in page
    # 5 courses × 30 h = 150 h at 8 h/week = 18.75 → 19 weeks from 26 Nov 2026 = 8 April 2027.
    assert "19 weeks" in page
    assert "8 April 2027" in page
    # Each step's verdict at 8 h/week.
    assert page.count("Worth pursuing") == 4
    assert "Not worth pursuing" in page  # Structuring ML Projects: quizzes only


@pytest.mark.parametrize(
    ("background", "role", "path_title"),
    [
        ("programmer", "data_scientist", "From zero to building ML models"),
        ("programmer", "mlops", "ML engineering &amp; MLOps"),
        ("non_programmer", "ml_engineer", "ML literacy for non-engineers"),
        ("programmer", "non_engineering", "ML literacy for non-engineers"),
    ],
)
def test_the_recommendation_follows_background_and_role(
    newcomer_client, background, role, path_title
):
    newcomer_client.post(ONBOARDING, answers(background=background, target_role=role))

    assert f"We recommend “{path_title}”" in newcomer_client.get(PLAN).content.decode()


def test_an_unrealistic_plan_is_called_so(newcomer_client):
    newcomer_client.post(ONBOARDING, answers(weekly_goal_hours="25"))

    assert "second job" in newcomer_client.get(PLAN).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weekly_goal_hours", "0", "Set a goal of at least half an hour a week."),
        ("weekly_goal_hours", "200", "A weekly goal can be at most 80 hours."),
        ("weekly_goal_hours", "٣", "Enter a number."),
        ("weekly_goal_hours", "7.3", "Give hours in steps of 0.5 h, e.g. 2.5."),
        ("time_zone", "Mars/Base", "“Mars/Base” is not a time zone we know"),
        # Python knows these, but they name no place: the server's clock and a placeholder.
        ("time_zone", "localtime", "“localtime” is not a time zone we know"),
        ("time_zone", "Factory", "“Factory” is not a time zone we know"),
        ("time_zone", "europe/berlin", "“europe/berlin” is not a time zone we know"),
        ("background", "", "Tell us whether you program."),
        ("target_role", "astronaut", "Select a valid choice."),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(newcomer_client, field, value, message):
    response = newcomer_client.post(ONBOARDING, answers(**{field: value}))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Profile.objects.exclude(background="").exists()


def test_a_goal_that_cannot_be_shared_among_the_study_days_is_refused(alice_client, alice):
    Profile.objects.filter(user=alice).update(study_weekdays="0", study_starts_at=dt.time(9))

    response = alice_client.post(ONBOARDING, answers(weekly_goal_hours="40"))

    assert response.status_code == 400
    assert "A weekly goal of 40 h is more than 24 h a day over 1 day" in response.content.decode()
    assert Profile.objects.get(user=alice).weekly_goal_hours != 40


def test_the_plan_needs_answers_first(newcomer_client):
    assert newcomer_client.get(PLAN)["Location"] == ONBOARDING


def test_enrolling_lands_on_the_dashboard(newcomer_client):
    newcomer_client.post(ONBOARDING, answers())
    path = Path.objects.get(slug="from-zero-to-building-ml-models")

    response = newcomer_client.post(reverse("learners:enrol", args=[path.slug]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("learners:dashboard")
    assert Enrollment.objects.get().path == path
    assert Profile.objects.get().onboarded_at is not None
    page = response.content.decode()
    assert "You are enrolled in “From zero to building ML models”" in page
    assert "Machine Learning: Regression" in page


def test_switching_paths_keeps_progress_and_one_active_path(alice_client, alice, catalog):
    zero = Path.objects.get(slug="from-zero-to-building-ml-models")
    mlops = Path.objects.get(slug="ml-engineering-and-mlops")
    alice_client.post(reverse("learners:enrol", args=[zero.slug]))
    regression = Course.objects.get(slug="machine-learning-regression")
    CourseProgress.objects.create(user=alice, course=regression, status="certified")

    alice_client.post(reverse("learners:enrol", args=[mlops.slug]))

    assert Enrollment.objects.get(user=alice, status="active").path == mlops
    assert Enrollment.objects.get(user=alice, status="switched").path == zero
    page = alice_client.get(reverse("learners:dashboard")).content.decode()
    assert "Certificate earned" in page  # Regression is in the MLOps path too


def test_enrolling_again_in_the_active_path_changes_nothing(alice_client, alice, catalog):
    url = reverse("learners:enrol", args=["from-zero-to-building-ml-models"])
    alice_client.post(url)
    alice_client.post(url)

    assert Enrollment.objects.filter(user=alice).count() == 1


def test_enrolling_needs_post_and_a_published_path(alice_client, catalog):
    Path.objects.filter(slug="ml-engineering-and-mlops").update(published=False)

    assert (
        alice_client.get(reverse("learners:enrol", args=["ml-engineering-and-mlops"])).status_code
        == 405
    )
    assert (
        alice_client.post(reverse("learners:enrol", args=["ml-engineering-and-mlops"])).status_code
        == 404
    )
    assert alice_client.post(reverse("learners:enrol", args=["no-such-path"])).status_code == 404
