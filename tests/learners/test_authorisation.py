"""Every learner URL, walked from the URLconf: Charlie should have no access to Alice's stuff.

A URL added to the `learners` namespace fails `test_every_learner_url_is_classified` until it
is listed below, so none can be forgotten.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from courses.models import Assignment, Course, Path
from groups.services import group_start
from learners.models import (
    AccessToken,
    AssignmentCompletion,
    CourseProgress,
    PortfolioProject,
    StudySession,
)
from learners.plan_services import plan_make
from learners.rules import calendar_token
from learners.selectors.export import owned_models, owner_field
from learners.services import access_token_create, calendar_link_renew, enrollment_start

pytestmark = pytest.mark.django_db

REGRESSION = "machine-learning-regression"

# URLs that address one of the learner's own objects by its id: others get 404.
OWNED = {
    "edit_hours": "study_session",
    "delete_hours": "study_session",
    "project_detail": "project",
    "project_edit": "project",
    "project_delete": "project",
    "token_revoke": "access_token",
    "plan_step_move": "plan_step",
    "plan_step_skip": "plan_step",
    "plan_step_unskip": "plan_step",
    "plan_step_remove": "plan_step",
}
# URLs about the signed-in learner's own data, with no id: others see only their own.
PERSONAL = {
    "onboarding",
    "onboarding_plan",
    "dashboard",
    "plan_reset",
    "hours",
    "log_hours",
    "portfolio",
    "portfolio_publish",
    "project_new",
    "readiness",
    "reminders",
    "settings",
    "export",
    "calendar_link",
    "token_create",
    "delete_account",
    "plan",
    "plan_step_add",
    "plan_to_official",
}
# URLs naming catalog objects (public slugs and ids), acting on the signed-in learner's rows.
CATALOG_ACTIONS = {
    "enrol": lambda: {"slug": "from-zero-to-building-ml-models"},
    "my_course": lambda: {"slug": REGRESSION},
    "course_status": lambda: {"slug": REGRESSION},
    "course_note": lambda: {"slug": REGRESSION},
    "assignment_complete": lambda: {"slug": REGRESSION, "assignment_id": first_assignment().pk},
    "assignment_undo": lambda: {"slug": REGRESSION, "assignment_id": first_assignment().pk},
    "plan_make": lambda: {"slug": "from-zero-to-building-ml-models"},
    "plan_offer": lambda: {"slug": REGRESSION},
}
# Open without logging in; each is guarded otherwise (tests/learners/test_public_portfolio.py,
# test_reminder_emails.py, test_calendar_feed.py), and walked below only for what it must not
# show.
PUBLIC = {"public_portfolio", "unsubscribe", "calendar_feed"}


def first_assignment() -> Assignment:
    return Assignment.objects.filter(course__slug=REGRESSION).order_by("position").first()


def learner_url_names() -> set[str]:
    _, namespace_resolver = get_resolver().namespace_dict["learners"]
    return {name for name in namespace_resolver.reverse_dict if isinstance(name, str)}


def snapshot(user) -> dict:
    """Every row the user owns, as plain values."""
    return {
        model._meta.label: [
            {k: v for k, v in model_to_dict(row).items() if not isinstance(v, list)}
            for row in model.objects.filter(**{owner_field(model): user}).order_by("pk")
        ]
        for model in owned_models()
    }


@pytest.fixture
def alices_things(alice, catalog):
    """One of each object Alice owns, and progress on the course the catalog URLs name."""
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    enrollment_start(user=alice, path=path)
    plan = plan_make(user=alice, path=path)
    regression = Course.objects.get(slug=REGRESSION)
    CourseProgress.objects.create(user=alice, course=regression, status="in_progress")
    AssignmentCompletion.objects.create(
        user=alice, assignment=first_assignment(), day=dt.date(2026, 11, 2), hours=Decimal(2)
    )
    return {
        "study_session": StudySession.objects.create(
            user=alice, day=dt.date(2026, 11, 2), hours=Decimal(1), note="alice-only"
        ),
        "project": PortfolioProject.objects.create(user=alice, title="Alice's house prices"),
        "access_token": access_token_create(user=alice, name="alice-script")[0],
        "plan_step": plan.steps.order_by("position").last(),
        "group": group_start(
            user=alice, name="Alice's group", description="", path=None, now=timezone.now()
        ),
    }


def owned_urls(things):
    for name, kind in OWNED.items():
        yield name, reverse(f"learners:{name}", args=[things[kind].pk])


def private_urls(things):
    yield from owned_urls(things)
    for name in PERSONAL:
        yield name, reverse(f"learners:{name}")
    for name, kwargs in CATALOG_ACTIONS.items():
        yield name, reverse(f"learners:{name}", kwargs=kwargs())


def test_every_learner_url_is_classified():
    classified = set(OWNED) | PERSONAL | set(CATALOG_ACTIONS) | PUBLIC

    assert learner_url_names() == classified


@pytest.mark.parametrize("method", ["get", "post"])
def test_charlie_gets_404_on_every_url_of_alices_objects(
    client, alice, charlie, alices_things, method
):
    client.force_login(charlie)
    before = snapshot(alice)

    for name, url in owned_urls(alices_things):
        status = getattr(client, method)(url).status_code
        # A view that refuses the method answers 405 before any lookup: nothing leaks either.
        assert status in (404, 405), f"{method.upper()} {name}: {status}"
        if status == 405:
            other = "post" if method == "get" else "get"
            assert getattr(client, other)(url).status_code == 404, name

    assert snapshot(alice) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_charlies_catalog_actions_never_touch_alices_rows(
    client, alice, charlie, alices_things, method
):
    client.force_login(charlie)
    before = snapshot(alice)

    for name, kwargs in CATALOG_ACTIONS.items():
        data = {"status": "planned"} if name == "course_status" else {}
        response = getattr(client, method)(reverse(f"learners:{name}", kwargs=kwargs()), data)
        assert response.status_code < 500, name

    assert snapshot(alice) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in_from_every_private_url(
    client, alices_things, method
):
    login = reverse("account_login")

    for name, url in private_urls(alices_things):
        response = getattr(client, method)(url)
        if response.status_code == 405:
            continue  # the other method is walked too
        assert response.status_code == 302, f"{method.upper()} {name}"
        assert response["Location"].startswith(f"{login}?next="), name


def test_charlies_personal_pages_show_none_of_alices_data(client, charlie, alices_things):
    client.force_login(charlie)

    for name in PERSONAL - {
        "log_hours",
        "portfolio_publish",
        "plan_reset",
        "plan_step_add",
        "calendar_link",
        "token_create",
    }:
        response = client.get(reverse(f"learners:{name}"), follow=True)
        assert response.status_code == 200, name
        assert "alice" not in response.content.decode().lower(), name


def test_the_public_urls_show_nothing_private_by_default(client, alice, alices_things):
    alice.profile.public_slug = "alice"
    alice.profile.save()

    # Not made public: the portfolio address does not exist.
    assert client.get(reverse("learners:public_portfolio", args=["alice"])).status_code == 404
    forged = client.post(reverse("learners:unsubscribe", args=["forged-token"]))
    assert forged.status_code in (400, 404)
    alice.profile.refresh_from_db()
    assert alice.profile.reminders_enabled
    # No feed until Alice makes one; then only its whole secret opens it.
    feed = reverse("learners:calendar_feed", args=[calendar_token(alice.profile.pk, "")])
    assert client.get(feed).status_code == 404
    secret = calendar_link_renew(profile=alice.profile).calendar_secret
    for wrong in ("", secret[:-1], secret + "x", "x" * len(secret)):
        url = reverse("learners:calendar_feed", args=[calendar_token(alice.profile.pk, wrong)])
        assert client.get(url).status_code == 404, wrong


# Outside the learners app: the landing page, the health check and the catalog are public.
# allauth's account_* pages and the admin guard themselves (tests/learners/test_accounts.py).
# A URL added anywhere else fails `test_every_url_outside_the_learners_app_is_classified`.
PUBLIC_SITE = {
    "home": {},
    "healthz": {},
    "courses:list": {},
    "courses:detail": {"slug": REGRESSION},
    "courses:path_list": {},
    "courses:path_detail": {"slug": "from-zero-to-building-ml-models"},
}


# Namespaces with their own authorisation walk: groups (tests/groups/test_authorisation.py) and
# peer review (tests/groups/reviews/test_reviews_access.py).
WALKED_ELSEWHERE = ("groups", "reviews")


def site_url_names() -> set[str]:
    """The project's URL names, but the learners app's, allauth's and the admin's, and those
    walked elsewhere."""
    resolver = get_resolver()
    names = {
        name
        for name in resolver.reverse_dict
        if isinstance(name, str) and not name.startswith("account_")
    }
    for namespace, (_, namespace_resolver) in resolver.namespace_dict.items():
        if namespace not in ("learners", "admin", *WALKED_ELSEWHERE):
            names |= {
                f"{namespace}:{name}"
                for name in namespace_resolver.reverse_dict
                if isinstance(name, str)
            }
    return names


# Staff pages outside the admin's namespace, behind the admin's log-in.
STAFF_ONLY = {"catalog_usage": {}}


def test_staff_pages_send_learners_and_visitors_to_the_admin_log_in(client, alice):
    for name, kwargs in STAFF_ONLY.items():
        assert client.get(reverse(name, kwargs=kwargs)).url.startswith("/admin/login/")
        client.force_login(alice)
        assert client.get(reverse(name, kwargs=kwargs)).url.startswith("/admin/login/")
        client.logout()


# The API (api/api.py): its documentation is open; every operation needs a token and acts on
# the token owner's rows only. Each operation, with how to call it on Alice's things.
API_DOCS = {"api-v1:openapi-view", "api-v1:openapi-json"}
API_ROOT = "api-v1:api-root"  # nothing there: 404
API_OPERATIONS = {
    "api-v1:log_hours": ("post", lambda things: "/api/v1/hours"),
    "api-v1:list_hours": ("get", lambda things: "/api/v1/hours"),
    "api-v1:update_hours": (
        "patch",
        lambda things: f"/api/v1/hours/{things['study_session'].pk}",
    ),
    "api-v1:delete_hours": (
        "delete",
        lambda things: f"/api/v1/hours/{things['study_session'].pk}",
    ),
    "api-v1:week": ("get", lambda things: "/api/v1/week"),
    "api-v1:progress": ("get", lambda things: "/api/v1/progress"),
    "api-v1:courses": ("get", lambda things: "/api/v1/courses"),
    "api-v1:list_groups": ("get", lambda things: "/api/v1/groups"),
    "api-v1:get_group_week": ("get", lambda things: f"/api/v1/groups/{things['group'].pk}/week"),
}


def test_every_url_outside_the_learners_app_is_classified():
    assert site_url_names() == (
        set(PUBLIC_SITE) | set(STAFF_ONLY) | API_DOCS | {API_ROOT} | set(API_OPERATIONS)
    )


def test_the_api_refuses_every_operation_without_a_valid_token(client, alice, alices_things):
    before = snapshot(alice)

    for name, (method, url) in API_OPERATIONS.items():
        for headers in ({}, {"Authorization": "Bearer cgt_forged"}, {"Authorization": "Basic x"}):
            response = getattr(client, method)(
                url(alices_things), data={}, content_type="application/json", headers=headers
            )
            assert response.status_code == 401, f"{name} {headers}"

    assert snapshot(alice) == before


def test_charlies_token_reaches_none_of_alices_rows(alice, charlie, alices_things):
    _, token = access_token_create(user=charlie, name="charlie-script")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    before = snapshot(alice)

    for name, (method, url) in API_OPERATIONS.items():
        response = getattr(api, method)(
            url(alices_things), data={}, content_type="application/json"
        )
        if name in ("api-v1:update_hours", "api-v1:delete_hours", "api-v1:get_group_week"):
            assert response.status_code == 404, name
        else:
            assert response.status_code in (200, 422), f"{name}: {response.status_code}"
            body = response.content.decode().lower()
            assert "alice" not in body, name

    assert snapshot(alice) == before
    # Alice's token stays hers: nothing Charlie did revoked or used it.
    assert AccessToken.objects.get(pk=alices_things["access_token"].pk).last_used_at is None


def test_the_api_documentation_is_open(client):
    for name in API_DOCS:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse(API_ROOT)).status_code == 404


def test_the_public_site_shows_anonymous_visitors_nothing_of_alices(client, alices_things):
    for name, kwargs in PUBLIC_SITE.items():
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        assert "alice" not in response.content.decode().lower(), name


ACCOUNT_PAGES = ["account_login", "account_signup", "account_reset_password", "account_email"]


def every_url(things):
    yield from private_urls(things)
    for name, kwargs in PUBLIC_SITE.items():
        yield name, reverse(name, kwargs=kwargs)
    yield "public_portfolio", reverse("learners:public_portfolio", args=["alice"])
    yield "unsubscribe", reverse("learners:unsubscribe", args=["forged-token"])
    for name in ACCOUNT_PAGES:
        yield name, reverse(name)


@pytest.mark.parametrize("signed_in", [False, True])
def test_head_gets_what_get_gets_on_every_url(client, alice, alices_things, signed_in):
    """HEAD is allowed wherever GET is (RFC 9110), with the status GET has and no body."""
    if signed_in:
        client.force_login(alice)

    for name, url in every_url(alices_things):
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code, f"HEAD {name}: {head.status_code}"
        assert head.content == b"", name
