import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Course, Path
from learners.models import AssignmentCompletion, StudySession
from learners.selectors.hours import pace_and_streak
from learners.services import enrollment_start

from .factories import ProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_smoke]

LOG = reverse("learners:log_hours")
# Thursday 26 November 2026, 13:00 UTC = 14:00 in Berlin (Alice's zone): half the week gone.
NOW = dt.datetime(2026, 11, 26, 13, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def log(client, htmx=False, **fields):
    data = {"day": TODAY.isoformat(), "hours": "1.5", "course": "", "note": ""} | fields
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(LOG, data, **headers)


def test_logging_hours_redirects_to_the_dashboard_with_a_message(alice_client, alice):
    response = log(alice_client, hours="2", note="lasso notebook")

    assert response.status_code == 302
    assert response["Location"] == reverse("learners:dashboard")
    session = StudySession.objects.get(user=alice)
    assert (session.day, session.hours, session.note) == (TODAY, Decimal(2), "lasso notebook")
    page = alice_client.get(response["Location"]).content.decode()
    assert "Logged 2 h on Thu 26 Nov." in page


def test_an_htmx_log_returns_the_weeks_region_with_new_figures(alice_client, alice, catalog):
    course = Course.objects.get(slug="machine-learning-regression")

    response = log(alice_client, htmx=True, hours="3", course=str(course.pk))

    page = response.content.decode()
    assert response.status_code == 200
    # The page's live region (outside the region) is filled out of band with what was logged.
    assert page.lstrip().startswith(
        '<p id="log-status" data-hx-swap-oob="innerHTML">Logged 3 h on Thu 26 Nov.</p>'
    )
    assert '<section id="week"' in page
    assert "<html" not in page
    # Goal 8 h, 3 logged: 37 % of the goal. By Thursday 14:00 in Berlin, 86 of the week's
    # 168 hours are gone: on pace means 8 × 86/168 = 4.10 h, so 1.1 h behind.
    assert 'value="37"' in page
    assert "3 of 8 h" in page
    assert "you would have 4.1 h" in page
    assert "Behind by 1.1 h" in page
    assert "Machine Learning: Regression" in page  # recent activity


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "Log more than 0 hours."),
        ("-1", "Log more than 0 hours."),
        ("25", "A day has 24 hours: log at most 24."),
        ("100", "A day has 24 hours: log at most 24."),
        ("abc", "Enter the hours as a number, e.g. 1.5."),
        ("1.555", "Use at most two decimals"),
        # Other scripts' digits are not read as numbers: "٣" and "３" are not 3 h.
        ("٣", "Enter the hours as a number, e.g. 1.5."),
        ("３", "Enter the hours as a number, e.g. 1.5."),
        ("1e1", "Enter the hours as a number, e.g. 1.5."),
        ("0.01", "Give hours in steps of 0.25 h, e.g. 1.25."),
        ("1.1", "Give hours in steps of 0.25 h, e.g. 1.25."),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_written(alice_client, hours, message):
    response = log(alice_client, hours=hours)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StudySession.objects.exists()
    # The browser moves focus to the field to correct.
    assert re.search(r'<input type="number" name="hours"[^>]* autofocus', response.content.decode())


def test_an_htmx_log_reads_only_what_the_week_region_shows(alice_client, alice, catalog):
    enrollment_start(user=alice, path=Path.objects.get(slug="from-zero-to-building-ml-models"))

    with CaptureQueriesContext(connection) as queries:
        response = log(alice_client, htmx=True, hours="1")

    assert response.status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    # The path's steps and progress, the enrolment and the last reset are not on #week.
    for table in ("courses_pathstep", "learners_enrollment", "learners_planreset"):
        assert f'"{table}"' not in read


def test_a_refused_htmx_log_says_so_in_the_live_region(alice_client):
    response = log(alice_client, htmx=True, hours="25")

    page = response.content.decode()
    assert response.status_code == 400
    assert (
        '<p id="log-status" data-hx-swap-oob="innerHTML">Nothing logged: see the form.</p>' in page
    )
    assert re.search(r'<input type="number" name="hours"[^>]* autofocus', page)


def test_a_day_cannot_hold_more_than_24_hours(alice_client, alice, catalog):
    StudySession.objects.create(user=alice, day=TODAY, hours=Decimal(20))
    AssignmentCompletion.objects.create(
        user=alice,
        assignment=Course.objects.get(slug="machine-learning-regression").assignments.first(),
        day=TODAY,
        hours=Decimal(3),
    )

    response = log(alice_client, htmx=True, hours="1.5")

    assert response.status_code == 400
    assert "That makes 24.5 h on 26 Nov, and a day has 24: at most 1 h more fit." in (
        response.content.decode()
    )
    assert StudySession.objects.filter(user=alice).count() == 1


def test_a_future_day_in_the_learners_time_zone_is_refused(client):
    # 23:30 UTC on Thursday is already Friday in Auckland, but still Thursday in Los Angeles.
    with time_machine.travel(dt.datetime(2026, 11, 26, 23, 30, tzinfo=dt.UTC), tick=False):
        auckland = ProfileFactory(time_zone="Pacific/Auckland").user
        client.force_login(auckland)
        assert log(client, day="2026-11-27").status_code == 302
        los_angeles = ProfileFactory(time_zone="America/Los_Angeles").user
        client.force_login(los_angeles)
        response = log(client, day="2026-11-27")

    assert response.status_code == 400
    assert "That day has not come yet" in response.content.decode()
    assert list(StudySession.objects.values_list("user", flat=True)) == [auckland.pk]


def test_a_day_more_than_a_year_before_joining_is_refused(alice_client):
    response = log(alice_client, day="2025-11-25")

    assert response.status_code == 400
    assert "more than a year before you joined" in response.content.decode()
    assert not StudySession.objects.exists()


def test_the_hours_list_shows_only_the_learners_sessions(alice_client, alice, charlie):
    StudySession.objects.create(user=alice, day=TODAY, hours=Decimal(1), note="alice's note")
    StudySession.objects.create(user=charlie, day=TODAY, hours=Decimal(2), note="charlie's note")

    page = alice_client.get(reverse("learners:hours")).content.decode()

    assert "alice&#x27;s note" in page
    assert "charlie" not in page


def test_editing_a_session_keeps_the_day_cap(alice_client, alice):
    session = StudySession.objects.create(user=alice, day=TODAY, hours=Decimal(10))
    StudySession.objects.create(user=alice, day=TODAY, hours=Decimal(10))
    url = reverse("learners:edit_hours", args=[session.pk])
    data = {"day": TODAY.isoformat(), "hours": "14", "course": "", "note": "longer"}

    assert alice_client.post(url, data).status_code == 302  # 14 + 10 = 24: fits
    refused = alice_client.post(url, data | {"hours": "14.5"})

    assert refused.status_code == 400
    assert "at most 14 h more fit" in refused.content.decode()
    session.refresh_from_db()
    assert (session.hours, session.note) == (Decimal(14), "longer")


def test_deleting_a_session_needs_post(alice_client, alice):
    session = StudySession.objects.create(user=alice, day=TODAY, hours=Decimal(1))
    url = reverse("learners:delete_hours", args=[session.pk])

    assert alice_client.get(url).status_code == 405
    response = alice_client.post(url, follow=True)

    assert "Deleted 1 h on 26 Nov." in response.content.decode()
    assert not StudySession.objects.exists()


def test_charlie_can_neither_edit_nor_delete_alices_session(client, alice, charlie):
    session = StudySession.objects.create(user=alice, day=TODAY, hours=Decimal(1))
    client.force_login(charlie)

    assert client.get(reverse("learners:edit_hours", args=[session.pk])).status_code == 404
    assert client.post(reverse("learners:delete_hours", args=[session.pk])).status_code == 404
    assert StudySession.objects.filter(pk=session.pk).exists()


def test_pace_and_streak_count_the_week_in_the_learners_own_zone():
    # Sunday 23:30 UTC is already Monday 8:30 in Tokyo: a new week there, nothing logged yet.
    now = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
    weeks = {dt.date(2026, 11, 30): Decimal(6), dt.date(2026, 11, 23): Decimal(5)}

    tokyo_pace, tokyo_streak = pace_and_streak(Decimal(5), ZoneInfo("Asia/Tokyo"), now, weeks)
    utc_pace, utc_streak = pace_and_streak(Decimal(5), ZoneInfo("UTC"), now, weeks)

    assert (tokyo_pace.logged, tokyo_streak) == (0, 2)  # the two weeks before count
    assert (utc_pace.logged, utc_pace.goal_met, utc_streak) == (6, True, 2)
