"""Staff's page "How learners use the catalog": counts per path and course, never a learner."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.rules import RealHours
from courses.services import renew_real_hours
from insights.selectors import catalog_usage
from insights.services import renew_catalog_usage
from learners.models import AssignmentCompletion, CourseProgress, Enrollment, StudySession
from learners.plan_services import plan_make, plan_step_add, plan_step_skip
from learners.services import enrollment_start
from tests.courses.factories import AssignmentFactory, CourseFactory, PathFactory, PathStepFactory

pytestmark = pytest.mark.django_db

URL = "/admin/catalog-usage/"
Status = CourseProgress.Status


def renewed():
    """The hourly beat tasks' work, now (the learners' days are relative to today)."""
    now = timezone.now()
    renew_real_hours(now=now)
    renew_catalog_usage(now=now)


@pytest.fixture
def path_of_two():
    path = PathFactory(title="Zero to builder")
    first = CourseFactory(title="First course", estimated_hours=Decimal(30))
    second = CourseFactory(title="Second course")
    PathStepFactory(path=path, course=first, position=1)
    PathStepFactory(path=path, course=second, position=2)
    return path, first, second


def learners(count: int, prefix: str = "learner"):
    User = get_user_model()
    return User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.com") for n in range(count)
    )


def populate(path, first, second, count: int, today: dt.date):
    """`count` learners on the path: all completed the first course in 10 days with 20 h,
    every other one is still active, every fifth finished the second course and is certified."""
    users = learners(count)
    Enrollment.objects.bulk_create(Enrollment(user=user, path=path) for user in users)
    CourseProgress.objects.bulk_create(
        CourseProgress(
            user=user,
            course=first,
            status=Status.COMPLETED,
            started_on=today - dt.timedelta(days=40),
            completed_on=today - dt.timedelta(days=30),
        )
        for user in users
    )
    CourseProgress.objects.bulk_create(
        CourseProgress(user=user, course=second, status=Status.CERTIFIED) for user in users[::5]
    )
    StudySession.objects.bulk_create(
        StudySession(user=user, course=first, day=today - dt.timedelta(days=35), hours=20)
        for user in users
    )
    StudySession.objects.bulk_create(
        StudySession(user=user, day=today - dt.timedelta(days=3), hours=1) for user in users[::2]
    )


@pytest.mark.sqlite_smoke
def test_the_counts_per_path_and_course(path_of_two):
    path, first, second = path_of_two
    today = timezone.localdate()
    populate(path, first, second, 10, today)
    # Someone who switched away is not enrolled; an assignment counts as activity.
    switched, late = learners(2, "other")
    Enrollment.objects.create(user=switched, path=path, status=Enrollment.Status.SWITCHED)
    AssignmentCompletion.objects.create(
        user=switched, assignment=AssignmentFactory(course=second, position=1), day=today
    )
    CourseProgress.objects.create(user=late, course=second, status=Status.IN_PROGRESS)
    renewed()

    usage = catalog_usage()

    [row] = usage.paths
    assert (row.path, row.enrolled, row.active, row.finished) == (path, 10, 5, 2)
    by_title = {row.course.title: row for row in usage.courses}
    first_row, second_row = by_title["First course"], by_title["Second course"]
    assert (first_row.started, first_row.completed, first_row.certified) == (10, 10, 0)
    assert first_row.median_days == Decimal(10)
    assert first_row.real_hours == RealHours(Decimal(20), 10)
    assert (second_row.started, second_row.completed, second_row.certified) == (3, 2, 2)
    assert second_row.median_days is None
    assert second_row.real_hours is None


@pytest.mark.parametrize("count", [10, 1000])
def test_the_page_runs_the_same_queries_for_10_and_1000_learners(
    path_of_two, editor_client, django_assert_num_queries, count
):
    populate(*path_of_two, count, timezone.localdate())
    renewed()
    editor_client.get(URL)  # the session and user, as on any admin page

    # Session, user, and the editor's permissions; then seven for the page, which reads what
    # the beat tasks stored.
    with django_assert_num_queries(3 + 7):
        page = editor_client.get(URL).content.decode()

    assert "How learners use the catalog" in page
    assert f"<td>{count}</td>" in page
    assert "20 h (of" in page


def test_catalog_editors_read_it_and_other_staff_do_not(django_user_model, editor_client):
    staff = django_user_model.objects.create_user("staff", password="unused", is_staff=True)
    client = Client()
    client.force_login(staff)

    assert editor_client.get(URL).status_code == 200
    assert 'href="/admin/catalog-usage/"' in editor_client.get("/admin/").content.decode()
    assert client.get(URL).status_code == 403
    assert Client().get(URL).status_code == 302  # to the admin's log-in


def test_the_page_shows_the_last_count_and_computes_none(path_of_two, editor_client):
    populate(*path_of_two, 10, timezone.localdate())

    before = editor_client.get(URL).content.decode()
    renewed()
    with CaptureQueriesContext(connection) as queries:
        after = editor_client.get(URL).content.decode()

    assert "Not counted yet" in before
    assert "20 h (of 10)" not in before
    assert "<td>10</td>" not in before
    assert "Counted " in after
    assert "20 h (of 10)" in after
    assert "<td>10</td>" in after
    read = " ".join(query["sql"] for query in queries)
    assert "learners_" not in read  # no learner table: only the stored counts


def test_a_new_count_replaces_the_last_and_what_came_since_shows_zeros(path_of_two):
    path, first, second = path_of_two
    populate(path, first, second, 10, timezone.localdate())
    renewed()
    Enrollment.objects.filter(user__username="learner0").update(status=Enrollment.Status.SWITCHED)
    later = PathFactory(title="Added since")

    assert {row.path.title: row.enrolled for row in catalog_usage().paths} == {
        "Zero to builder": 10,
        later.title: 0,
    }
    renewed()
    usage = catalog_usage()

    assert {row.path.title: row.enrolled for row in usage.paths} == {
        "Zero to builder": 9,
        later.title: 0,
    }


def test_what_learners_own_plans_skip_and_add_is_counted_per_course_of_a_path(
    path_of_two, editor_client
):
    path, first, _ = path_of_two
    extra = CourseFactory(title="Deep Learning Specialization")
    reasons = ["certificate", "certificate", "known", "not_for_me"]
    for user, reason in zip(learners(len(reasons)), reasons, strict=True):
        enrollment_start(user=user, path=path)
        plan = plan_make(user=user, path=path)
        plan_step_skip(user=user, step_id=plan.steps.get(course=first).pk, reason=reason)
        if reason == "certificate":
            plan_step_add(user=user, course=extra, position=1)
    renewed()

    usage = catalog_usage()

    [skipped] = usage.skipped
    assert (skipped.path, skipped.course, skipped.total) == (path, first, 4)
    assert skipped.by_reason == {"certificate": 2, "known": 1, "not_for_me": 1}
    assert [(row.course, row.learners) for row in usage.most_added] == [(extra, 2)]
    page = editor_client.get(URL).content.decode()
    assert "Deep Learning Specialization: 2 learners" in page
    assert "<td>4</td><td>2</td><td>1</td><td>1</td>" in page
