"""The API as generated clients meet it: plain operation names and tags, hours as decimal
strings both ways, corrections, pages, and JSON errors for every refusal."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from learners.models import StudySession

pytestmark = pytest.mark.django_db

SLUG = "machine-learning-regression"


def today_of(user) -> dt.date:
    return user.profile.local_today(timezone.now())


def send(api, method, path, body, content_type="application/json"):
    return getattr(api, method)(path, body, content_type=content_type)


@pytest.mark.parametrize("field", ["note", "course"])
def test_a_lone_surrogate_in_text_is_422_and_writes_nothing(api, alice, catalog, field):
    raw = json.dumps({"day": today_of(alice).isoformat(), "hours": 1, field: "ok\ud800"})
    assert "\\ud800" in raw

    response = send(api, "post", "/api/v1/hours", raw)

    assert response.status_code == 422
    assert "lone UTF-16 surrogate" in response.json()["errors"][field][0]
    assert not StudySession.objects.exists()


@pytest.mark.parametrize("path", ["/api/v1/hours", "/api/v1/week", "/api/v1/progress"])
def test_head_answers_as_get(api, path, catalog):
    got, head = api.get(path), api.head(path)

    assert head.status_code == got.status_code == 200
    assert head["Content-Type"] == got["Content-Type"] == "application/json; charset=utf-8"
    assert head.content == b""


def test_head_on_the_catalog_answers_as_get(api, catalog):
    assert api.head("/api/v1/courses").status_code == 200


def test_operations_have_plain_names_and_tags(client):
    spec = client.get("/api/v1/openapi.json").json()

    names = {
        (method, operation["operationId"], *operation["tags"])
        for item in spec["paths"].values()
        for method, operation in item.items()
    }
    assert names == {
        ("post", "log_hours", "hours"),
        ("get", "list_hours", "hours"),
        ("patch", "update_hours", "hours"),
        ("delete", "delete_hours", "hours"),
        ("get", "get_week", "plan"),
        ("get", "get_progress", "plan"),
        ("get", "list_courses", "catalog"),
        ("get", "list_groups", "groups"),
        ("get", "get_group_week", "groups"),
    }


def test_every_refusal_is_documented_with_the_error_schema(client):
    spec = client.get("/api/v1/openapi.json").json()
    log_hours = spec["paths"]["/api/v1/hours"]["post"]["responses"]
    week = spec["paths"]["/api/v1/week"]["get"]["responses"]

    def schema_of(responses, status):
        return responses[status]["content"]["application/json"]["schema"]["$ref"]

    for status in ("401", "404", "413", "415", "429"):
        assert schema_of(log_hours, status) == "#/components/schemas/Error"
    assert schema_of(log_hours, "422") == "#/components/schemas/FieldErrors"
    assert {"401", "404", "422", "429"} <= set(week)
    hours = spec["components"]["schemas"]["HoursOut"]["properties"]["hours"]
    assert hours["type"] == "string"
    assert spec["components"]["schemas"]["HoursIn"]["properties"]["hours"]["type"] == "string"


@pytest.mark.parametrize("hours", ["1.0000000000000000000001", "1.001", '"1.001"'])
def test_hours_with_more_than_two_decimals_are_refused_not_rounded(api, alice, hours):
    raw = f'{{"day": "{today_of(alice).isoformat()}", "hours": {hours}}}'

    response = send(api, "post", "/api/v1/hours", raw)

    assert response.status_code == 422
    assert "hours" in response.json()["errors"]
    assert not StudySession.objects.exists()


@pytest.mark.parametrize("hours", ['"1.25"', "1.25"])
def test_hours_go_in_and_come_out_as_a_decimal_string(api, alice, hours):
    raw = f'{{"day": "{today_of(alice).isoformat()}", "hours": {hours}}}'

    response = send(api, "post", "/api/v1/hours", raw)

    assert response.status_code == 201
    assert response.json()["hours"] == "1.25"
    assert StudySession.objects.get().hours == Decimal("1.25")
    assert api.get("/api/v1/hours").json()["items"][0]["hours"] == "1.25"


def test_patch_corrects_only_the_fields_given(api, alice, catalog):
    day = today_of(alice)
    session = StudySession.objects.create(user=alice, day=day, hours=Decimal(1), note="lasso")

    response = send(api, "patch", f"/api/v1/hours/{session.pk}", json.dumps({"hours": "2.5"}))

    assert response.status_code == 200
    assert response.json() == {
        "id": session.pk,
        "day": day.isoformat(),
        "hours": "2.50",
        "course": None,
        "note": "lasso",
    }
    session.refresh_from_db()
    assert (session.hours, session.note) == (Decimal("2.5"), "lasso")
    response = send(api, "patch", f"/api/v1/hours/{session.pk}", json.dumps({"course": SLUG}))
    assert response.json()["course"] == SLUG


@pytest.mark.parametrize(
    ("body", "field"),
    [({"hours": 25}, "hours"), ({"hours": "0.1"}, "hours"), ({"note": "n" * 501}, "note")],
)
def test_patch_follows_the_rules_of_logging(api, alice, body, field):
    session = StudySession.objects.create(user=alice, day=today_of(alice), hours=Decimal(1))

    response = send(api, "patch", f"/api/v1/hours/{session.pk}", json.dumps(body))

    assert response.status_code == 422
    assert field in response.json()["errors"]
    session.refresh_from_db()
    assert (session.hours, session.note) == (Decimal(1), "")


def test_patch_on_another_learners_hours_is_404(api, charlie):
    theirs = StudySession.objects.create(user=charlie, day=dt.date(2026, 11, 2), hours=Decimal(1))

    response = send(api, "patch", f"/api/v1/hours/{theirs.pk}", json.dumps({"hours": "2"}))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.hours == Decimal(1)


def test_hours_come_a_page_at_a_time_with_the_next_pages_link(api, alice):
    for day in range(1, 6):
        StudySession.objects.create(user=alice, day=dt.date(2026, 11, day), hours=Decimal(1))
    # Two entries on one day: the cursor tells them apart.
    StudySession.objects.create(user=alice, day=dt.date(2026, 11, 3), hours=Decimal(2))

    days, link, pages = [], "/api/v1/hours?limit=2&from=2026-11-02", 0
    while link:
        page = api.get(link).json()
        assert len(page["items"]) <= 2
        days += [item["day"] for item in page["items"]]
        link, pages = page["next"], pages + 1
        assert link is None or link.startswith("http://testserver/api/v1/hours?")
        assert link is None or "from=2026-11-02" in link

    assert days == ["2026-11-05", "2026-11-04", "2026-11-03", "2026-11-03", "2026-11-02"]
    assert pages == 3


@pytest.mark.parametrize("query", [{"cursor": "nonsense"}, {"limit": 0}, {"limit": 1000}])
def test_a_bad_page_request_is_422(api, query):
    response = api.get("/api/v1/hours", query)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == list(query)


def test_a_body_over_the_limit_is_413_in_json(api, alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    raw = json.dumps({"day": today_of(alice).isoformat(), "hours": 1, "note": "n" * 2000})

    response = send(api, "post", "/api/v1/hours", raw)

    assert response.status_code == 413
    assert response.json() == {"detail": "The body is too big: a call takes at most 1000\xa0bytes."}
    assert not StudySession.objects.exists()


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_is_415(api, alice, content_type):
    raw = json.dumps({"day": today_of(alice).isoformat(), "hours": 1})

    response = send(api, "post", "/api/v1/hours", raw, content_type=content_type)

    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]
    assert not StudySession.objects.exists()
