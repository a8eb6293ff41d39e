"""The hours learners really took on a course, beside the advertised ones (issue 14)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import selectors, services, tasks
from courses.models import CourseRealHours
from courses.rules import RealHours
from learners.models import AssignmentCompletion, CourseProgress, StudySession
from learners.services import enrollment_start
from tests.learners.factories import ProfileFactory, UserFactory

from .factories import AssignmentFactory, CourseFactory, PathFactory, PathStepFactory

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_smoke]

DAY = dt.date(2026, 11, 2)
RENEWED_AT = dt.datetime(2026, 12, 2, 9, 7, tzinfo=dt.UTC)
DONE = CourseProgress.Status.COMPLETED


def learner_took(course, session_hours, assignment_hours=0, status=DONE, user=None):
    """A learner with `status` on `course` who logged these hours on it."""
    user = user or UserFactory(verified_email=False)
    CourseProgress.objects.create(user=user, course=course, status=status)
    # A day holds at most 24 h: long totals are spread over days of 8 h.
    left, day = Decimal(session_hours), DAY
    while left > 0:
        StudySession.objects.create(user=user, course=course, day=day, hours=min(left, 8))
        left, day = left - 8, day + dt.timedelta(days=1)
    if assignment_hours:
        assignment = course.assignments.first() or AssignmentFactory(course=course, position=1)
        AssignmentCompletion.objects.create(
            user=user, assignment=assignment, day=DAY, hours=assignment_hours
        )
    return user


def completed_by(course, hours):
    for each in hours:
        learner_took(course, Decimal(each))


def test_the_median_counts_sessions_and_assignment_work_of_completers():
    course = CourseFactory(estimated_hours=Decimal(42))
    # 10 + 2, 14, 17, 20 + 3, 40: the median is 17.
    learner_took(course, Decimal(10), Decimal(2))
    completed_by(course, [14, 17, 40])
    learner_took(course, Decimal(20), Decimal(3), status=CourseProgress.Status.CERTIFIED)
    # Not completers, or nothing logged: left out.
    learner_took(course, Decimal(90), status=CourseProgress.Status.IN_PROGRESS)
    learner_took(course, Decimal(0))

    assert selectors.real_hours() == {course.pk: RealHours(Decimal(17), 5)}


def test_four_completers_are_too_few():
    course = CourseFactory()
    completed_by(course, [10, 20, 30, 40])

    assert selectors.real_hours(course_ids=[course.pk]) == {}


def test_an_even_number_of_completers_takes_the_middle_two():
    course = CourseFactory()
    completed_by(course, [10, 20, 30, 40, 50, 60])

    assert selectors.real_hours()[course.pk] == RealHours(Decimal(35), 6)


def test_hours_on_another_course_do_not_count():
    course, other = CourseFactory(), CourseFactory()
    users = [learner_took(course, Decimal(10)) for _ in range(5)]
    for user in users:
        StudySession.objects.create(user=user, course=other, day=DAY, hours=Decimal(9))

    assert selectors.real_hours()[course.pk].median == Decimal(10)


def renewed(now=RENEWED_AT):
    """The beat task's work, at a moment the test picks."""
    return services.renew_real_hours(now=now)


def test_the_beat_task_writes_the_medians_of_courses_with_five_completers():
    five, four = CourseFactory(), CourseFactory()
    completed_by(five, [10, 20, 30, 40, 50])
    completed_by(four, [10, 20, 30, 40])

    with time_machine.travel(RENEWED_AT, tick=False):
        assert tasks.renew_real_hours() == 1

    row = CourseRealHours.objects.get()
    assert (row.course_id, row.median_hours, row.completers) == (five.pk, Decimal(30), 5)
    assert row.computed_at == RENEWED_AT


def test_a_renewal_replaces_every_median_it_kept():
    course, dropped = CourseFactory(), CourseFactory()
    completed_by(course, [10, 20, 30, 40, 50])
    completed_by(dropped, [10, 20, 30, 40, 50])
    renewed()
    completed_by(course, [60, 70])
    CourseProgress.objects.filter(course=dropped).update(status=CourseProgress.Status.IN_PROGRESS)
    later = RENEWED_AT + dt.timedelta(hours=1)

    assert renewed(later) == 1

    assert selectors.stored_real_hours([course.pk, dropped.pk]) == {
        course.pk: RealHours(Decimal(40), 7)
    }
    assert set(CourseRealHours.objects.values_list("computed_at", flat=True)) == {later}


def test_the_beat_renews_the_medians_every_hour(settings):
    from certguide.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["real-hours-medians"]

    assert entry["task"] == tasks.renew_real_hours.name
    assert entry["task"] in app.tasks
    assert entry["schedule"].minute == {7}
    assert entry["schedule"].hour == set(range(24))


def test_catalog_and_course_page_show_real_hours_beside_the_advertised(client):
    course = CourseFactory(slug="regression", estimated_hours=Decimal(42))
    completed_by(course, [15, 16, 17, 18, 19])
    renewed()

    for url in ("/courses/", "/courses/regression/"):
        page = client.get(url).content.decode()
        assert "42 h; learners took 17 h (median of 5)" in " ".join(page.split())


def test_before_the_first_renewal_pages_show_no_real_hours_and_compute_none(client):
    course = CourseFactory(slug="regression", estimated_hours=Decimal(42))
    completed_by(course, [15, 16, 17, 18, 19])

    for url in ("/courses/", "/courses/regression/"):
        page = " ".join(client.get(url).content.decode().split())
        assert "42 h" in page
        assert "learners took" not in page


@pytest.mark.parametrize("size", [6, 60])
def test_the_catalog_with_real_hours_runs_the_same_queries_however_many_courses(
    client, django_assert_num_queries, size
):
    from .test_course_pages import CATALOG_QUERIES

    for _ in range(size):
        completed_by(CourseFactory(), [10, 11, 12, 13, 14])
    renewed()

    with django_assert_num_queries(CATALOG_QUERIES):
        page = client.get("/courses/").content.decode()

    assert page.count("learners took 12 h (median of 5)") == min(size, 12)


def test_a_path_projection_counts_real_hours_and_says_so(client):
    path = PathFactory(slug="builder")
    taken = CourseFactory(estimated_hours=Decimal(30))
    advertised = CourseFactory(estimated_hours=Decimal(30))
    PathStepFactory(path=path, course=taken, position=1)
    PathStepFactory(path=path, course=advertised, position=2)
    completed_by(taken, [50] * 5)
    renewed()

    page = " ".join(
        client.get("/paths/builder/", {"hours_per_week": "10"}).content.decode().split()
    )

    assert "80 h take <strong>8 weeks</strong>" in page
    assert "For 1 course, this counts the hours learners really took" in page


@pytest.mark.postgres_only  # PostgreSQL alone takes medians in SQL (PERCENTILE_CONT)
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "learner"])
def test_no_page_computes_a_median_over_the_learners(client, signed_in):
    path = PathFactory(slug="builder")
    course = CourseFactory(slug="regression")
    PathStepFactory(path=path, course=course, position=1)
    completed_by(course, [10, 20, 30, 40, 50])
    renewed()
    pages = ["/courses/", "/courses/regression/", "/paths/builder/"]
    if signed_in:
        profile = ProfileFactory()
        enrollment_start(user=profile.user, path=path)
        client.force_login(profile.user)
        pages.append("/dashboard/")

    with CaptureQueriesContext(connection) as queries:
        for url in pages:
            assert client.get(url).status_code == 200

    assert not [query for query in queries if "PERCENTILE" in query["sql"].upper()]
    assert [query for query in queries if "courses_courserealhours" in query["sql"]]


def test_a_renewal_changes_the_public_pages_etag(client):
    course = CourseFactory(slug="regression")
    completed_by(course, [10, 20, 30, 40, 50])
    renewed()
    first = client.get("/courses/regression/")["ETag"]
    completed_by(course, [60, 70])

    assert client.get("/courses/regression/", HTTP_IF_NONE_MATCH=first).status_code == 304
    renewed(RENEWED_AT + dt.timedelta(hours=1))
    page = client.get("/courses/regression/", HTTP_IF_NONE_MATCH=first)

    assert page.status_code == 200
    assert "learners took 40 h (median of 7)" in " ".join(page.content.decode().split())
