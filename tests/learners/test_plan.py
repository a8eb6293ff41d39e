"""A plan that recovers: the target finish date, the bare minimum and resetting the plan."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Path
from learners.models import PlanReset, Profile, StudySession
from learners.selectors.hours import bare_minimum
from learners.services import enrollment_start

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("learners:dashboard")
SETTINGS = reverse("learners:settings")
RESET = reverse("learners:plan_reset")
# Thursday 26 November 2026, midday in Berlin (the learners' zone).
NOW = dt.datetime(2026, 11, 26, 11, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 26)
# The whole path (150 h) at 8 h a week: 19 weeks from today.
PROJECTED = dt.date(2027, 4, 8)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def zero_path(catalog):
    return Path.objects.get(slug="from-zero-to-building-ml-models")


@pytest.fixture
def enrolled(alice, zero_path):
    enrollment_start(user=alice, path=zero_path)
    return alice


def set_target(user, target: dt.date | None) -> None:
    Profile.objects.filter(user=user).update(target_finish_on=target)


def settings_data(**overrides) -> dict:
    return {
        "display_name": "Alice",
        "weekly_goal_hours": "8",
        "time_zone": "Europe/Berlin",
        "reminder_weekday": "3",
        "reminder_hour": "18",
        "reminders_enabled": "on",
        "target_finish_on": "2027-06-30",
        "theme": "system",
    } | overrides


# --- The target date ----------------------------------------------------------------------


def test_a_target_date_is_saved_in_settings(alice_client, alice):
    response = alice_client.post(SETTINGS, settings_data(), follow=True)

    assert "Settings saved." in response.content.decode()
    assert Profile.objects.get(user=alice).target_finish_on == dt.date(2027, 6, 30)


def test_the_target_date_may_be_left_empty(alice_client, alice):
    set_target(alice, dt.date(2027, 6, 30))

    alice_client.post(SETTINGS, settings_data(target_finish_on=""))

    assert Profile.objects.get(user=alice).target_finish_on is None


BAD_TARGETS = [
    ("2026-11-25", "That day has passed: pick today or a day to come."),
    ("2031-11-27", "That is more than 5 years away: pick a day up to 26 November 2031."),
    ("30/06/2027x", "Give the date as a day, e.g. 2027-06-30."),
]


@pytest.mark.parametrize(("value", "message"), BAD_TARGETS)
def test_a_bad_target_date_in_settings_is_refused_and_nothing_is_saved(
    alice_client, alice, value, message
):
    before = model_to_dict(Profile.objects.get(user=alice))

    response = alice_client.post(SETTINGS, settings_data(target_finish_on=value))

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Nothing was saved" in page
    assert model_to_dict(Profile.objects.get(user=alice)) == before


def test_the_settings_date_picker_spans_today_to_five_years_on(alice_client):
    page = alice_client.get(SETTINGS).content.decode()

    assert 'min="2026-11-26"' in page and 'max="2031-11-26"' in page


def test_a_target_date_can_be_given_when_enrolling(alice_client, alice, zero_path):
    url = reverse("learners:enrol", args=[zero_path.slug])

    alice_client.post(url, {"target_finish_on": "2027-05-01"})

    assert Profile.objects.get(user=alice).target_finish_on == dt.date(2027, 5, 1)
    assert alice.enrollments.get().path == zero_path


def test_enrolling_without_a_date_keeps_the_target_there_is(alice_client, alice, zero_path):
    set_target(alice, dt.date(2027, 5, 1))

    alice_client.post(reverse("learners:enrol", args=[zero_path.slug]))

    assert Profile.objects.get(user=alice).target_finish_on == dt.date(2027, 5, 1)


@pytest.mark.parametrize(("value", "message"), BAD_TARGETS)
def test_a_bad_target_date_at_enrolment_is_refused_and_nothing_is_written(
    alice_client, alice, zero_path, value, message
):
    response = alice_client.post(
        reverse("learners:enrol", args=[zero_path.slug]), {"target_finish_on": value}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "You are not enrolled yet" in page
    assert not alice.enrollments.exists()
    assert Profile.objects.get(user=alice).target_finish_on is None


# --- The dashboard ------------------------------------------------------------------------


def test_the_dashboard_says_on_track_against_a_target_after_the_projection(alice_client, enrolled):
    set_target(enrolled, PROJECTED + dt.timedelta(days=3))

    page = alice_client.get(DASHBOARD).content.decode()

    assert "<strong>On track</strong>: you aim to finish by" in page
    assert 'at your pace you finish on <time datetime="2027-04-08">8 April 2027</time>' in page
    assert "Reset my plan" not in page


def test_the_dashboard_says_how_many_weeks_behind_and_offers_a_reset(alice_client, enrolled):
    set_target(enrolled, PROJECTED - dt.timedelta(weeks=6, days=2))

    page = alice_client.get(DASHBOARD).content.decode()

    assert "<strong>Behind by 7 weeks</strong>" in page
    assert f'<form method="post" action="{RESET}"' in page
    assert "Reset my plan" in page


def test_a_week_behind_is_said_but_offers_no_reset_yet(alice_client, enrolled):
    set_target(enrolled, PROJECTED - dt.timedelta(days=7))

    page = alice_client.get(DASHBOARD).content.decode()

    assert "<strong>Behind by 1 week</strong>" in page
    assert "Reset my plan" not in page


def test_without_a_target_the_dashboard_says_where_to_set_one(alice_client, enrolled):
    page = alice_client.get(DASHBOARD).content.decode()

    assert "No target date." in page
    assert f'<a href="{SETTINGS}">Set one in your settings</a>' in page


def test_a_week_behind_pace_shows_the_bare_minimum(alice_client, alice):
    # Thursday midday: 1 of 8 h, 7 h over Thursday to Sunday.
    StudySession.objects.create(user=alice, day=dt.date(2026, 11, 23), hours=Decimal(1))

    page = alice_client.get(DASHBOARD).content.decode()

    assert (
        "<strong>The bare minimum:</strong> 1.75 h a day on the 4 days left keeps this week’s goal."
        in page
    )


def test_a_week_on_pace_shows_no_bare_minimum(alice_client, alice):
    StudySession.objects.create(user=alice, day=dt.date(2026, 11, 23), hours=Decimal(5))

    assert "The bare minimum" not in alice_client.get(DASHBOARD).content.decode()


def test_the_bare_minimum_names_the_study_days_left(alice_client, alice):
    # Thursday midday, study days Tuesday, Thursday and Saturday: 7 h over Thursday and Saturday.
    Profile.objects.filter(user=alice).update(study_weekdays="135", study_starts_at=dt.time(19))
    StudySession.objects.create(user=alice, day=dt.date(2026, 11, 23), hours=Decimal(1))

    page = alice_client.get(DASHBOARD).content.decode()

    assert (
        "<strong>The bare minimum:</strong> 3.5 h on each of your study days left "
        "(Thursday and Saturday) keeps this week’s goal." in page
    )


def test_the_bare_minimum_selector_reads_this_weeks_hours_in_one_query(alice):
    StudySession.objects.create(user=alice, day=dt.date(2026, 11, 23), hours=Decimal(2))
    StudySession.objects.create(user=alice, day=dt.date(2026, 11, 16), hours=Decimal(8))
    profile = Profile.objects.select_related("user").get(user=alice)

    with CaptureQueriesContext(connection) as queries:
        minimum = bare_minimum(profile=profile, now=NOW)

    assert len(queries) == 1
    assert minimum.text == "1.5 h a day on the 4 days left"


# --- Resetting the plan -------------------------------------------------------------------


def test_a_reset_moves_the_target_to_the_projected_finish_and_is_recorded(alice_client, enrolled):
    set_target(enrolled, dt.date(2027, 1, 15))

    response = alice_client.post(RESET, follow=True)

    assert response.redirect_chain[-1][0] == DASHBOARD
    assert Profile.objects.get(user=enrolled).target_finish_on == PROJECTED
    reset = PlanReset.objects.get(user=enrolled)
    assert (reset.old_target, reset.new_target) == (dt.date(2027, 1, 15), PROJECTED)
    page = response.content.decode()
    assert "Plan reset: your target is now 8 April 2027." in page
    assert "<strong>On track</strong>" in page
    assert (
        'You reset your plan on <time datetime="2026-11-26">26 November 2026</time>: '
        "the target moved from 15 January 2027 to 8 April 2027." in page
    )


def test_a_reset_takes_the_date_the_learner_picks(alice_client, enrolled):
    set_target(enrolled, dt.date(2027, 1, 15))

    alice_client.post(RESET, {"target_finish_on": "2027-06-01"})

    assert Profile.objects.get(user=enrolled).target_finish_on == dt.date(2027, 6, 1)
    assert PlanReset.objects.get(user=enrolled).new_target == dt.date(2027, 6, 1)


@pytest.mark.parametrize(("value", "message"), BAD_TARGETS)
def test_a_bad_reset_date_is_refused_and_nothing_is_written(alice_client, enrolled, value, message):
    set_target(enrolled, dt.date(2027, 1, 15))

    response = alice_client.post(RESET, {"target_finish_on": value})

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Your plan was not reset" in page
    assert Profile.objects.get(user=enrolled).target_finish_on == dt.date(2027, 1, 15)
    assert not PlanReset.objects.exists()


def test_a_projected_finish_past_five_years_is_no_target_to_reset_to(alice_client, enrolled):
    set_target(enrolled, dt.date(2027, 1, 15))
    # Half an hour a week: the path's 150 h take 300 weeks, past the five years allowed.
    Profile.objects.filter(user=enrolled).update(weekly_goal_hours=Decimal("0.5"))

    response = alice_client.post(RESET)

    assert response.status_code == 400
    assert "That is more than 5 years away" in response.content.decode()
    assert Profile.objects.get(user=enrolled).target_finish_on == dt.date(2027, 1, 15)
    assert not PlanReset.objects.exists()


@pytest.mark.parametrize("target", [None, PROJECTED - dt.timedelta(days=7)])
def test_a_plan_not_more_than_a_week_behind_is_not_reset(alice_client, enrolled, target):
    set_target(enrolled, target)

    response = alice_client.post(RESET, follow=True)

    assert "nothing was changed" in response.content.decode()
    assert Profile.objects.get(user=enrolled).target_finish_on == target
    assert not PlanReset.objects.exists()


def test_a_reset_needs_post_and_the_csrf_token(enrolled):
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled)
    set_target(enrolled, dt.date(2027, 1, 15))

    assert client.get(RESET).status_code == 405
    assert client.post(RESET).status_code == 403
    assert not PlanReset.objects.exists()
