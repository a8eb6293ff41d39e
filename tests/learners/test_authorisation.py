"""Every learner URL, walked from the URLconf: Charlie should have no access to Alice's stuff.

A URL added to the `learners` namespace fails `test_every_learner_url_is_classified` until it
is listed below, so none can be forgotten.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse

from learners.models import StudySession

pytestmark = pytest.mark.django_db

# URLs that address one of the learner's own objects by its id: others get 404.
OWNED = {
    "edit_hours": "study_session",
    "delete_hours": "study_session",
}
# URLs about the signed-in learner's own data with no object id: others see their own.
PERSONAL = {
    "onboarding",
    "onboarding_plan",
    "dashboard",
    "hours",
    "log_hours",
    "settings",
    "export",
    "delete_account",
}
# URLs addressing catalog objects (public slugs) on behalf of the signed-in learner.
CATALOG_ACTIONS = {"enrol": {"slug": "from-zero-to-building-ml-models"}}
# URLs open without logging in, each guarded otherwise (its own test module says how).
PUBLIC: set[str] = set()


def learner_url_names() -> set[str]:
    resolver = get_resolver()
    _, namespace_resolver = resolver.namespace_dict["learners"]
    return {name for name in namespace_resolver.reverse_dict if isinstance(name, str)}


@pytest.fixture
def alices_things(alice, catalog):
    """One of each object Alice owns, by the kind the URLs address."""
    return {
        "study_session": StudySession.objects.create(
            user=alice, day=dt.date(2026, 11, 2), hours=Decimal(1), note="alice-only"
        ),
    }


def owned_urls(things):
    for name, kind in OWNED.items():
        yield name, reverse(f"learners:{name}", args=[things[kind].pk])


def test_every_learner_url_is_classified():
    classified = set(OWNED) | PERSONAL | set(CATALOG_ACTIONS) | PUBLIC

    assert learner_url_names() == classified


@pytest.mark.parametrize("method", ["get", "post"])
def test_charlie_gets_404_on_every_url_of_alices_objects(client, charlie, alices_things, method):
    client.force_login(charlie)
    before = {
        kind: type(obj).objects.filter(pk=obj.pk).values().first()
        for kind, obj in alices_things.items()
    }

    for name, url in owned_urls(alices_things):
        status = getattr(client, method)(url).status_code
        # A view that refuses the method says 405 before looking anything up: no leak either.
        assert status in (404, 405), f"{method.upper()} {name}: {status}"
        if status == 405:
            other = "post" if method == "get" else "get"
            assert getattr(client, other)(url).status_code == 404, name

    after = {
        kind: type(obj).objects.filter(pk=obj.pk).values().first()
        for kind, obj in alices_things.items()
    }
    assert after == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in_from_every_private_url(
    client, alices_things, method
):
    urls = [url for _, url in owned_urls(alices_things)]
    urls += [reverse(f"learners:{name}") for name in PERSONAL]
    urls += [reverse(f"learners:{name}", kwargs=kw) for name, kw in CATALOG_ACTIONS.items()]
    login = reverse("account_login")

    for url in urls:
        response = getattr(client, method)(url)
        if response.status_code == 405:
            continue  # the other method is walked too
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{login}?next="), url


def test_charlies_personal_pages_show_none_of_alices_data(client, charlie, alices_things):
    client.force_login(charlie)

    for name in PERSONAL - {"log_hours"}:
        response = client.get(reverse(f"learners:{name}"), follow=True)
        assert response.status_code == 200, name
        assert "alice" not in response.content.decode().lower(), name
