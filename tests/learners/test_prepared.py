"""A prepared query gives the rows its queryset gives, and refuses what it cannot prepare."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.functions import Length
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from courses.models import Path, PathStep, Skill
from learners import selectors
from learners.models import (
    AssignmentCompletion,
    CourseProgress,
    PortfolioProject,
    Profile,
    StudySession,
)
from learners.prepared import PreparedQuery

from .factories import ProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_smoke]

DAY = dt.date(2026, 11, 20)


@pytest.fixture
def learner(catalog):
    profile = ProfileFactory()
    user = profile.user
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    steps = list(path.steps.order_by("position").select_related("course"))
    CourseProgress.objects.create(user=user, course=steps[0].course, status="completed")
    CourseProgress.objects.create(user=user, course=steps[1].course, status="in_progress")
    CourseProgress.objects.create(user=user, course=steps[2].course, status="certified")
    project = PortfolioProject.objects.create(user=user, title="Churn model")
    project.skills.set(Skill.objects.filter(kind=Skill.Kind.EMPLOYER_CHECK)[:2])
    for n in range(6):
        StudySession.objects.create(
            user=user, day=DAY - dt.timedelta(days=n % 4), hours=Decimal("1.25"), note=f"n{n}"
        )
    StudySession.objects.create(user=user, day=DAY, hours=Decimal(2), course=steps[0].course)
    assignment = steps[0].course.assignments.first()
    AssignmentCompletion.objects.create(user=user, assignment=assignment, day=DAY, hours=3)
    # Someone else's hours are never counted.
    StudySession.objects.create(user=ProfileFactory().user, day=DAY, hours=Decimal(9))
    return user, path


@pytest.mark.parametrize(
    "query, values",
    [
        (selectors._HOURS_BY_DAY, lambda user, path: {"user": user.pk, "since": DAY}),
        (selectors._HOURS_BY_WEEK, lambda user, path: {"user": user.pk, "since": DAY}),
        (selectors._LATEST_LOGS, lambda user, path: {"user": user.pk}),
        (selectors._STANDING_ON_PATH, lambda user, path: {"user": user.pk, "path": path.pk}),
        (selectors._CHECK_EVIDENCE, lambda user, path: {"user": user.pk}),
        (selectors._COURSES_DONE, lambda user, path: {"user": user.pk}),
        (selectors._COURSES_IN_PROGRESS, lambda user, path: {"user": user.pk}),
        (selectors._HOURS_ON_DAY, lambda user, path: {"user": user.pk, "since": DAY}),
        (selectors._EMPLOYER_CHECKS, lambda user, path: {}),
        (selectors._CHECKED_PROJECTS, lambda user, path: {"user": user.pk}),
        (selectors._CERTIFICATES_WITHOUT_LINK, lambda user, path: {"user": user.pk}),
        (selectors._CERTIFIED, lambda user, path: {"user": user.pk}),
        (
            selectors._COURSE_OPEN_TO,
            lambda user, path: {"user": user.pk, "slug": path.steps.first().course.slug},
        ),
    ],
)
def test_a_prepared_query_gives_its_querysets_rows(learner, query, values):
    user, path = learner
    values = values(user, path)
    expected = list(query.build(**values))

    # Twice: the second call runs the SQL kept from the first.
    assert query(**values) == expected
    with CaptureQueriesContext(connection) as queries:
        assert query(**values) == expected
    assert len(queries) == 1
    assert expected  # the learner's rows are there to compare


def test_prepared_model_rows_hold_their_columns_related_objects_and_annotations(learner):
    _, path = learner
    annotated = PreparedQuery(lambda *, path: path_steps_with_titles(path), path=int)

    steps = annotated(path=path.pk)

    expected = list(path_steps_with_titles(path.pk))
    assert [(s.pk, s.position, s.course.title, s.course.platform.name) for s in steps] == [
        (s.pk, s.position, s.course.title, s.course.platform.name) for s in expected
    ]
    assert [s.title_length for s in steps] == [s.title_length for s in expected]
    # Columns left out are deferred, as the ORM leaves them.
    assert steps[0].get_deferred_fields() == expected[0].get_deferred_fields()


def path_steps_with_titles(path: int):
    return (
        PathStep.objects.filter(path=path)
        .select_related("course__platform")
        .only("position", "course__title", "course__platform__name")
        .annotate(title_length=Length("course__title"))
        .order_by("position")
    )


def test_the_same_sql_serves_every_learner(learner):
    user, _ = learner
    other = ProfileFactory().user
    StudySession.objects.create(user=other, day=DAY, hours=Decimal("0.5"))

    assert selectors.hours_by_day(user=user, since=DAY) == {DAY: Decimal("7.50")}
    assert selectors.hours_by_day(user=other, since=DAY) == {DAY: Decimal("0.5")}
    assert selectors.hours_by_day(user=user.pk, since=DAY + dt.timedelta(days=1)) == {}


def sessions_of(*, user: int, since: dt.date):
    return (
        StudySession.objects.filter(user=user, day__gte=since)
        .values("user")
        .annotate(total=Sum("hours"))
        .values_list("total", flat=True)
    )


def test_a_parameter_must_be_an_int_a_date_or_a_str():
    with pytest.raises(TypeError, match="int, date and str parameters"):
        PreparedQuery(sessions_of, user=int, since=float)


@pytest.mark.postgres_only
def test_sql_that_changes_with_a_value_is_refused():
    def written_into_the_sql(*, user: int):
        return StudySession.objects.extra(where=[f"user_id = {int(user)}"]).values_list("pk")

    with pytest.raises(ValueError, match="depends on its values"):
        PreparedQuery(written_into_the_sql, user=int)(user=1)


@pytest.mark.postgres_only
def test_a_value_the_sql_does_not_take_is_refused():
    def ignores_since(*, user: int, since: dt.date):
        return StudySession.objects.filter(user=user).values_list("pk")

    with pytest.raises(ValueError, match="not a parameter"):
        PreparedQuery(ignores_since, user=int, since=dt.date)(user=1, since=DAY)


def test_each_value_must_be_of_its_declared_type(learner):
    user, _ = learner

    for values in (
        {"user": user.pk, "since": dt.datetime(2026, 11, 20, 12, 0)},  # a datetime is no date
        {"user": str(user.pk), "since": DAY},
        {"user": user.pk},
        {"user": user.pk, "since": DAY, "until": DAY},
    ):
        with pytest.raises(TypeError, match="a prepared query takes"):
            selectors._HOURS_BY_DAY(**values)


@pytest.mark.postgres_only
# Outside the test's own transaction; the data the migrations wrote is put back after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_prepared_lock_is_refused_outside_a_transaction(learner):
    user, _ = learner
    lock = PreparedQuery(
        lambda *, user: Profile.objects.select_for_update().filter(user=user).values_list("pk"),
        user=int,
    )
    with transaction.atomic():
        assert lock(user=user.pk) == [(user.profile.pk,)]

    with pytest.raises(TransactionManagementError):
        lock(user=user.pk)


@pytest.mark.postgres_only
def test_a_distinct_ordered_by_a_column_it_leaves_out_is_refused():
    def days_by_hours(*, user: int):
        return (
            StudySession.objects.filter(user=user).order_by("hours").values_list("day").distinct()
        )

    with pytest.raises(TypeError, match="distinct"):
        PreparedQuery(days_by_hours, user=int)(user=1)
