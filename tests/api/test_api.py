"""The API at /api/v1/: the site's rules through another door, scoped to the token's owner,
rate limited per token."""

import datetime as dt
import json
import logging
from decimal import Decimal

import pytest
import time_machine
from django import forms
from django.utils import timezone

from courses.models import Course, Path
from learners import rules
from learners.forms.dashboard import StudySessionForm
from learners.models import AccessToken, CourseProgress, StudySession
from learners.plan_services import plan_make, plan_step_add, plan_step_move, plan_step_skip
from learners.services import access_token_create, enrollment_start
from tests.courses.factories import CourseFactory

pytestmark = pytest.mark.django_db

SLUG = "machine-learning-regression"


def post_hours(api, **body):
    return api.post("/api/v1/hours", json.dumps(body), content_type="application/json")


def today_of(user) -> dt.date:
    return user.profile.local_today(timezone.now())


def test_logging_hours_answers_201_with_the_session(api, alice, catalog):
    day = today_of(alice)

    response = post_hours(api, day=day.isoformat(), hours=1.5, course=SLUG, note="lasso")

    assert response.status_code == 201
    session = StudySession.objects.get(user=alice)
    assert response.json() == {
        "id": session.pk,
        "day": day.isoformat(),
        "hours": "1.50",
        "course": SLUG,
        "note": "lasso",
    }
    assert (session.hours, session.course.slug) == (Decimal("1.5"), SLUG)


def test_a_token_in_use_records_when(api, alice):
    assert api.get("/api/v1/week").status_code == 200

    used = AccessToken.objects.get(user=alice).last_used_at
    assert used is not None and timezone.now() - used < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"hours": 1, "day_offset": 1}, "day"),
        ({"hours": 1, "day_offset": -800}, "day"),
        ({"hours": 25}, "hours"),
        ({"hours": 0}, "hours"),
        ({"hours": -1}, "hours"),
        ({"hours": "1.234"}, "hours"),
        ({"hours": 1, "course": "no-such-course"}, "course"),
        ({"hours": 1, "note": "n" * 501}, "note"),
    ],
)
def test_bad_input_gets_the_forms_own_messages_as_422_and_writes_nothing(
    api, alice, catalog, body, field
):
    day = today_of(alice) + dt.timedelta(days=body.pop("day_offset", 0))
    body = {"day": day.isoformat(), **body}
    form = StudySessionForm(
        {**body, "course": body.get("course", "")},
        today=today_of(alice),
        joined_on=alice.profile.joined_on,
        course_by="slug",
    )

    response = post_hours(api, **body)

    assert response.status_code == 422
    assert not form.is_valid()
    assert response.json()["errors"] == {field: form.errors[field]}
    assert not StudySession.objects.exists()


def test_a_day_past_24_hours_is_refused_by_the_sites_own_service(api, alice):
    day = today_of(alice).isoformat()
    assert post_hours(api, day=day, hours=20).status_code == 201

    response = post_hours(api, day=day, hours=5)

    assert response.status_code == 422
    assert response.json()["errors"]["hours"] == [
        rules.day_total_problem(today_of(alice), Decimal(20), Decimal(5))
    ]
    assert StudySession.objects.count() == 1


def test_a_tightened_rule_holds_in_the_api_without_touching_it(api, alice, monkeypatch):
    """One rule, two doors: what the form refuses, the API refuses."""

    def stricter_hours(form):
        raise forms.ValidationError("A stricter rule says no.")

    monkeypatch.setattr(StudySessionForm, "clean_hours", stricter_hours)
    monkeypatch.setattr(rules, "day_problem", lambda *args: "A stricter day rule says no.")

    response = post_hours(api, day=today_of(alice).isoformat(), hours=1)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "hours": ["A stricter rule says no."],
        "day": ["A stricter day rule says no."],
    }


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"day": "2026-02-30", "hours": 1}', "day"),
        ('{"day": "yesterday", "hours": 1}', "day"),
        ('{"day": "2026-11-02", "hours": "many"}', "hours"),
        ('{"hours": 1}', "day"),
        ("[1, 2]", "day"),
        ("not json", "__all__"),
    ],
)
def test_input_of_the_wrong_type_is_422_with_field_messages(api, raw, field):
    response = api.post("/api/v1/hours", raw, content_type="application/json")

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Nothing was saved: see the messages by field."
    assert field in body["errors"], body
    assert not StudySession.objects.exists()


def test_hours_are_listed_between_two_days(api, alice):
    for day in (1, 5, 9):
        StudySession.objects.create(user=alice, day=dt.date(2026, 11, day), hours=Decimal(1))

    everything = api.get("/api/v1/hours").json()
    between = api.get("/api/v1/hours", {"from": "2026-11-02", "to": "2026-11-09"}).json()

    assert [item["day"] for item in everything["items"]] == [
        "2026-11-09",
        "2026-11-05",
        "2026-11-01",
    ]
    assert [item["day"] for item in between["items"]] == ["2026-11-09", "2026-11-05"]
    assert everything["next"] is None
    refused = api.get("/api/v1/hours", {"from": "2026-11-09", "to": "2026-11-01"})
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["from"]


def test_deleting_hours_answers_204_then_404(api, alice):
    session = StudySession.objects.create(user=alice, day=dt.date(2026, 11, 2), hours=Decimal(1))

    assert api.delete(f"/api/v1/hours/{session.pk}").status_code == 204
    assert not StudySession.objects.exists()
    assert api.delete(f"/api/v1/hours/{session.pk}").status_code == 404
    assert api.delete(f"/api/v1/hours/{2**63}").status_code == 422


def test_the_week_gives_logged_goal_and_pace(api, alice):
    StudySession.objects.create(user=alice, day=today_of(alice), hours=Decimal("2.5"))

    week = api.get("/api/v1/week").json()

    assert week["logged"] == 2.5
    assert week["goal"] == float(alice.profile.weekly_goal_hours)
    assert week["week_start"] == rules.week_start(today_of(alice)).isoformat()
    assert set(week) == {
        "week_start",
        "goal",
        "logged",
        "expected_by_now",
        "behind",
        "status",
        "bare_minimum",
    }


def test_a_week_behind_gives_the_bare_minimum_and_one_on_pace_none(api, alice):
    profile = alice.profile
    profile.time_zone, profile.weekly_goal_hours = "UTC", Decimal(6)
    profile.save()
    thursday_noon = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)

    with time_machine.travel(thursday_noon, tick=False):
        behind = api.get("/api/v1/week").json()
        StudySession.objects.create(user=alice, day=thursday_noon.date(), hours=Decimal(6))
        met = api.get("/api/v1/week").json()

    assert behind["bare_minimum"] == {
        "hours_a_day": 1.5,
        "days_left": 4,
        "reachable": True,
        "text": "1.5 h a day on the 4 days left",
    }
    assert met["bare_minimum"] is None


def test_progress_lists_the_paths_courses_with_their_status(api, alice, catalog):
    assert api.get("/api/v1/progress").json() == {"path": None, "own_plan": False, "courses": []}
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    enrollment_start(user=alice, path=path)
    first = path.steps.filter(course__published=True).order_by("position").first().course
    CourseProgress.objects.create(user=alice, course=first, status="in_progress")

    progress = api.get("/api/v1/progress").json()

    assert progress["path"] == {"slug": path.slug, "title": path.title}
    assert progress["courses"][0]["slug"] == first.slug
    assert progress["courses"][0]["status"] == "in_progress"
    assert {course["status"] for course in progress["courses"][1:]} == {"planned"}


def test_progress_follows_the_learners_own_plan(api, alice, catalog):
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    enrollment_start(user=alice, path=path)
    plan = plan_make(user=alice, path=path)
    first, second, third = plan.steps.order_by("position")[:3]
    plan_step_skip(user=alice, step_id=first.pk, reason="known")
    plan_step_move(user=alice, step_id=third.pk, offset=-2)
    added = CourseFactory(title="An exam", estimated_hours=None)
    plan_step_add(user=alice, course=added, position=1)

    progress = api.get("/api/v1/progress").json()

    assert progress["own_plan"] is True
    assert [course["slug"] for course in progress["courses"][:4]] == [
        added.slug,
        third.course.slug,
        first.course.slug,
        second.course.slug,
    ]
    assert progress["courses"][0]["added"] is True
    assert progress["courses"][2]["skipped"] == "known"
    assert progress["courses"][1]["skipped"] is None


def test_the_catalog_lists_published_courses_only(api, catalog):
    hidden = Course.objects.get(slug=SLUG)
    hidden.published = False
    hidden.save()

    slugs = {course["slug"] for course in api.get("/api/v1/courses").json()}

    assert slugs == set(Course.objects.published().values_list("slug", flat=True))
    assert SLUG not in slugs


def test_calls_are_rate_limited_per_token_and_logged(api, alice, settings, caplog):
    settings.API_RATE_LIMIT = "3/min"
    other = access_token_create(user=alice, name="second")[1]

    statuses = [api.get("/api/v1/week").status_code for _ in range(3)]
    with caplog.at_level(logging.INFO, logger="api"):
        refused = api.get("/api/v1/week")

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "rate limit reached" in caplog.text
    # Another token has its own allowance.
    assert api.get("/api/v1/week", headers={"Authorization": f"Bearer {other}"}).status_code == 200


def test_the_openapi_document_describes_every_operation(client):
    spec = client.get("/api/v1/openapi.json").json()

    operations = {(method.upper(), path) for path, item in spec["paths"].items() for method in item}
    assert operations == {
        ("POST", "/api/v1/hours"),
        ("GET", "/api/v1/hours"),
        ("PATCH", "/api/v1/hours/{id}"),
        ("DELETE", "/api/v1/hours/{id}"),
        ("GET", "/api/v1/week"),
        ("GET", "/api/v1/progress"),
        ("GET", "/api/v1/courses"),
        ("GET", "/api/v1/groups"),
        ("GET", "/api/v1/groups/{id}/week"),
    }
    assert spec["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_a_deactivated_learners_token_stops_working(api, alice):
    assert api.get("/api/v1/week").status_code == 200

    type(alice).objects.filter(pk=alice.pk).update(is_active=False)

    assert api.get("/api/v1/week").status_code == 401


@pytest.mark.parametrize("hours", ["٣", "３", "0.01", "1.1", "1e1"])
def test_hours_follow_the_forms_rule(api, alice, hours):
    response = post_hours(api, day=today_of(alice).isoformat(), hours=hours)

    assert response.status_code == 422
    assert "hours" in response.json()["errors"]
    assert not StudySession.objects.filter(user=alice).exists()


@pytest.mark.parametrize("query", [{"to": "0"}, {"from": "2026-11-31"}, {"from": "1 Dec"}])
def test_a_listing_between_days_not_written_as_dates_is_422(api, query):
    response = api.get("/api/v1/hours", query)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == list(query)


def test_a_course_whose_hours_are_not_known_is_listed_without_them(api, catalog):
    Course.objects.filter(slug=SLUG).update(estimated_hours=None)

    courses = {course["slug"]: course for course in api.get("/api/v1/courses").json()}

    assert courses[SLUG]["estimated_hours"] is None
