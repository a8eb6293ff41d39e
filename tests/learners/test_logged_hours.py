"""The view of both logs (LoggedHours) holds each study session and each completed assignment
once, with the course each is about, and the hours read from it add both up."""

import datetime as dt
from decimal import Decimal

import pytest

from courses.models import Assignment, Course
from learners.models import AssignmentCompletion, LoggedHours, StudySession
from learners.selectors.export import owned_models
from learners.selectors.hours import hours_by_day, hours_by_week, hours_on_day, recent_activity

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_smoke]

MONDAY = dt.date(2026, 11, 23)


@pytest.fixture
def logs(alice, charlie, catalog):
    assignment = Assignment.objects.select_related("course").first()
    other_course = Course.objects.exclude(pk=assignment.course_id).first()
    session = StudySession.objects.create(
        user=alice, day=MONDAY, hours=Decimal("1.5"), course=other_course, note="lectures"
    )
    loose = StudySession.objects.create(
        user=alice, day=MONDAY + dt.timedelta(days=2), hours=Decimal(1)
    )
    completion = AssignmentCompletion.objects.create(
        user=alice, assignment=assignment, day=MONDAY, hours=Decimal(2)
    )
    StudySession.objects.create(user=charlie, day=MONDAY, hours=Decimal(5))
    return session, loose, completion


def test_each_log_is_one_row_with_the_course_it_is_about(alice, logs):
    session, loose, completion = logs

    rows = set(
        LoggedHours.objects.filter(user=alice).values_list(
            "id", "day", "hours", "course", "assignment", "note"
        )
    )

    assert rows == {
        (session.pk, MONDAY, Decimal("1.5"), session.course_id, None, "lectures"),
        (loose.pk, loose.day, Decimal(1), None, None, ""),
        (
            -completion.pk,
            MONDAY,
            Decimal(2),
            completion.assignment.course_id,
            completion.assignment_id,
            "",
        ),
    }


def test_the_hours_add_both_logs_up_by_day_and_week(alice, logs):
    assert hours_by_day(user=alice, since=MONDAY) == {
        MONDAY: Decimal("3.5"),
        MONDAY + dt.timedelta(days=2): Decimal(1),
    }
    assert hours_on_day(user=alice, day=MONDAY) == Decimal("3.5")
    assert hours_by_week(user=alice, since=MONDAY) == {MONDAY: Decimal("4.5")}


def test_recent_activity_names_each_log(alice, logs):
    session, _, completion = logs

    # Latest day first; on one day, the latest written first (the completion).
    assert [item.what for item in recent_activity(user=alice)] == [
        "Study",
        f"Completed “{completion.assignment.title}”",
        session.course.title,
    ]


def test_the_view_is_neither_exported_nor_deleted_as_a_learners_rows():
    assert LoggedHours not in owned_models()
