"""A learner's data is theirs: export all of it, delete all of it."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment, Course, Path
from groups.services import check_in_save, group_start
from learners.models import (
    AssignmentCompletion,
    CourseNote,
    CourseProgress,
    Enrollment,
    PortfolioProject,
    Reminder,
    StudySession,
)
from learners.plan_services import plan_make
from learners.selectors.export import owned_models, owner_field
from learners.services import access_token_create, calendar_link_renew, enrollment_start, plan_reset
from tests.groups.reviews.activity import give_group_activity

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def give_activity(user):
    enrollment_start(user=user, path=Path.objects.get(slug="ml-engineering-and-mlops"))
    enrollment_start(user=user, path=Path.objects.get(slug="from-zero-to-building-ml-models"))
    course = Course.objects.get(slug="machine-learning-regression")
    CourseProgress.objects.create(user=user, course=course, status="in_progress")
    for day in range(1, 4):
        StudySession.objects.create(
            user=user, day=dt.date(2026, 11, day), hours=Decimal("1.5"), course=course
        )
    AssignmentCompletion.objects.create(
        user=user,
        assignment=Assignment.objects.filter(course=course).first(),
        day=dt.date(2026, 11, 3),
        hours=Decimal(3),
        link="https://github.com/alice/regression",
    )
    project = PortfolioProject.objects.create(
        user=user, title="House prices", answer_data="Kaggle; median-imputed 40 % nulls."
    )
    project.courses.add(course)
    CourseNote.objects.create(user=user, course=course, text=f"## {user.username}'s notes")
    access_token_create(user=user, name="timer script")
    calendar_link_renew(profile=user.profile)
    Reminder.objects.create(
        user=user,
        kind=Reminder.Kind.BEHIND_PACE,
        week_start=dt.date(2026, 11, 2),
        hours_logged=Decimal(1),
        goal_hours=Decimal(8),
    )
    plan_reset(user=user, new_target=dt.date(2027, 3, 1))
    plan = plan_make(user=user, path=Path.objects.get(slug="from-zero-to-building-ml-models"))
    plan.declined_courses.add(course)
    group = group_start(
        user=user, name=f"{user.username}'s group", description="", path=None, now=timezone.now()
    )
    check_in_save(
        membership=group.memberships.get(user=user),
        week_start=dt.date(2026, 11, 30),
        did="Two chapters",
        next="The project",
        stuck="",
    )
    give_group_activity(user)


def rows_owned(user) -> dict[str, int]:
    return {
        model._meta.label: model.objects.filter(**{owner_field(model): user}).count()
        for model in owned_models()
    }


def test_every_model_with_learner_rows_is_covered():
    labels = {model._meta.label for model in owned_models()}

    assert {
        "learners.Profile",
        "learners.Enrollment",
        "learners.CourseProgress",
        "learners.StudySession",
        "learners.AssignmentCompletion",
        "learners.PortfolioProject",
        "learners.Reminder",
        "learners.PlanReset",
        "learners.CourseNote",
        "learners.AccessToken",
        "account.EmailAddress",
        "groups.StudyGroup",
        "groups.Membership",
        "groups.CheckIn",
    } <= labels


def test_the_export_holds_every_row_the_learner_owns(alice_client, alice, charlie, catalog):
    give_activity(alice)
    give_activity(charlie)

    response = alice_client.get(reverse("learners:export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="certguide-export-')
    export = json.loads(response.content)
    assert export["account"]["email"] == alice.email
    assert {label: len(rows) for label, rows in export["data"].items()} == rows_owned(alice)
    assert rows_owned(alice)["learners.StudySession"] == 3
    sessions = export["data"]["learners.StudySession"]
    assert {session["day"] for session in sessions} == {"2026-11-01", "2026-11-02", "2026-11-03"}
    assert sessions[0]["hours"] == "1.50"
    [reset] = export["data"]["learners.PlanReset"]
    assert (reset["old_target"], reset["new_target"]) == (None, "2027-03-01")
    assert reset["reset_at"]
    assert export["data"]["learners.CourseNote"][0]["text"] == "## alice's notes"
    # Tokens by name and use; nothing that opens the API or the calendar feed without a log-in.
    [token] = export["data"]["learners.AccessToken"]
    assert token["name"] == "timer script"
    assert "digest" not in token
    assert "calendar_secret" not in export["data"]["learners.Profile"][0]
    alice.profile.refresh_from_db()
    assert alice.profile.calendar_secret not in response.content.decode()
    assert "charlie" not in response.content.decode()


def test_deleting_the_account_leaves_none_of_its_rows(alice_client, alice, charlie, catalog):
    give_activity(alice)
    give_activity(charlie)
    charlie_before = rows_owned(charlie)
    assert all(rows_owned(alice).values())

    response = alice_client.post(
        reverse("learners:delete_account"), {"password": PASSWORD}, follow=True
    )

    assert "Your account and everything in it are deleted." in response.content.decode()
    assert not get_user_model().objects.filter(pk=alice.pk).exists()
    assert {label: count for label, count in rows_owned(alice).items() if count} == {}
    assert rows_owned(charlie) == charlie_before
    # The session ended with the account.
    assert alice_client.get(reverse("learners:dashboard")).status_code == 302


def test_a_wrong_password_deletes_nothing(alice_client, alice, catalog):
    give_activity(alice)
    before = rows_owned(alice)

    response = alice_client.post(reverse("learners:delete_account"), {"password": "guess"})

    assert response.status_code == 400
    assert "That password is not right: nothing was deleted." in response.content.decode()
    assert rows_owned(alice) == before


def test_deleting_needs_the_password_typed_again(alice_client):
    page = alice_client.get(reverse("learners:delete_account")).content.decode()

    assert 'type="password"' in page
    assert Enrollment.objects.count() == 0


# allauth's limit on typing one's password again (reauthentication): 10 a minute per account.
PASSWORD_TRIES_A_MINUTE = 10


def test_password_guesses_are_throttled_like_allauths_reauthentication(alice_client, alice):
    """A stolen session must not give unlimited guesses at the account's password."""
    url = reverse("learners:delete_account")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(PASSWORD_TRIES_A_MINUTE):
            assert alice_client.post(url, {"password": "guess"}).status_code == 400

        for password in ("guess", PASSWORD):
            response = alice_client.post(url, {"password": password})
            assert response.status_code == 429
            assert response["Retry-After"] == "60"
            assert (
                "Too many password tries: wait a minute, then type it again. Nothing was deleted."
                in response.content.decode()
            )
            assert get_user_model().objects.filter(pk=alice.pk).exists()

        clock.shift(61)
        response = alice_client.post(url, {"password": PASSWORD})

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=alice.pk).exists()
