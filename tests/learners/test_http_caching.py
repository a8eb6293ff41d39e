"""What caches may keep: anonymous public pages are the same bytes for everyone and answer
conditional GETs; nothing of a signed-in user's is kept; every change is seen on the next
request, whatever wrote it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from courses.models import Course, Path
from learners.models import Profile

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("learners:dashboard")
LOGIN = reverse("account_login")


@pytest.fixture
def public_pages(catalog) -> list[str]:
    course, path = Course.objects.published().first(), Path.objects.published().first()
    return [
        reverse("home"),
        reverse("courses:list"),
        reverse("courses:detail", args=[course.slug]),
        reverse("courses:path_list"),
        reverse("courses:path_detail", args=[path.slug]),
    ]


def test_two_anonymous_visitors_get_byte_identical_catalog_html_and_no_cookie(catalog):
    first, second = Client().get("/courses/"), Client().get("/courses/")

    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert not first.cookies
    assert b"csrfmiddlewaretoken" not in first.content
    assert b"X-CSRFToken" not in first.content


def test_each_public_page_answers_a_conditional_get_with_its_etag_with_304(public_pages):
    for url in public_pages:
        visitor = Client()
        page = visitor.get(url)
        assert page.status_code == 200, url
        assert "public" in page["Cache-Control"] and "no-cache" in page["Cache-Control"]

        again = visitor.get(url, headers={"If-None-Match": page["ETag"]})

        assert again.status_code == 304, url
        assert again.content == b""


def test_a_catalog_change_gives_a_new_etag(catalog):
    etag = Client().get("/courses/")["ETag"]
    course = Course.objects.published().first()
    course.title = "Renamed"
    course.save()

    after = Client().get("/courses/", headers={"If-None-Match": etag})

    assert after.status_code == 200
    assert after["ETag"] != etag
    assert b"Renamed" in after.content


def test_the_htmx_fragment_has_its_own_etag(catalog):
    page = Client().get("/courses/")
    fragment = Client().get("/courses/", headers={"HX-Request": "true"})

    assert page["ETag"] != fragment["ETag"]


def test_a_signed_in_learners_pages_and_export_are_private_and_not_stored(
    public_pages, alice_client
):
    for url in [*public_pages, DASHBOARD, reverse("learners:export")]:
        response = alice_client.get(url)
        assert response.status_code == 200, url
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url
        assert "public" not in directives, url
        assert not response.has_header("ETag"), url


def test_a_user_deactivated_by_update_is_out_on_the_next_request(alice_client, alice):
    assert alice_client.get(DASHBOARD).status_code == 200

    get_user_model().objects.filter(pk=alice.pk).update(is_active=False)

    assert alice_client.get(DASHBOARD)["Location"].startswith(LOGIN)


def test_a_password_changed_by_update_ends_the_session_on_the_next_request(alice_client, alice):
    assert alice_client.get(DASHBOARD).status_code == 200

    get_user_model().objects.filter(pk=alice.pk).update(password=make_password("changed-123"))

    assert alice_client.get(DASHBOARD)["Location"].startswith(LOGIN)


def test_a_profile_changed_by_update_shows_on_the_next_request(alice_client, alice):
    assert "8 h a week" in alice_client.get(DASHBOARD).content.decode()

    Profile.objects.filter(user=alice).update(weekly_goal_hours=12, display_name="Alicia")

    page = alice_client.get(DASHBOARD).content.decode()
    assert "12 h a week" in page
    assert "Alicia’s dashboard" in page


def test_the_catalog_page_renders_once_per_catalog_version(catalog, django_assert_num_queries):
    first = Client().get("/courses/?level=beginner")

    # Only the catalog's version and the count of matching courses (the key holds the page
    # number the paginator settles on) are read: the content comes from the cached fragment.
    with django_assert_num_queries(2):
        second = Client().get("/courses/?level=beginner&utm_source=mail")

    assert second.content == first.content
    assert b"course-card" in second.content


def test_course_and_path_pages_render_their_content_once_per_catalog_version(
    catalog, django_assert_num_queries
):
    course, path = Course.objects.published().first(), Path.objects.published().first()
    for url in [
        reverse("courses:detail", args=[course.slug]),
        reverse("courses:path_detail", args=[path.slug]) + "?hours_per_week=6",
    ]:
        first = Client().get(url)

        # The catalog's version and the title (or 404); the content is the cached fragment.
        with django_assert_num_queries(2):
            second = Client().get(url)

        assert second.content == first.content, url


def test_a_page_carrying_a_visitors_message_is_theirs_alone(client, alice, catalog):
    etag = Client().get("/")["ETag"]
    client.force_login(alice)
    client.post(reverse("account_logout"))

    page = client.get("/", headers={"If-None-Match": etag})

    assert page.status_code == 200
    assert "logged out" in page.content.decode()
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    assert not page.has_header("ETag")
    # Shown once: the next visit is the shared page again.
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 304
