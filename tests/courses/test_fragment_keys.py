"""The catalog's kept pages are keyed on the validated filters only, so made-up parameters
cannot fill the cache with keys, and a page showing an input's error is never kept."""

import pytest
from django.test import Client

from courses.forms import CourseFilterForm
from courses.models import Course

from .factories import CourseFactory, PlatformFactory

pytestmark = pytest.mark.django_db

# On a kept page: the catalog's version and the count of matching courses (for the page
# number the paginator settles on, which is in the key).
KEPT_PAGE_QUERIES = 2


@pytest.fixture
def courses():
    PlatformFactory(name="Coursera", slug="coursera")
    for number in range(14):
        CourseFactory(title=f"Beginner course {number:02}", level=Course.Level.BEGINNER)
    CourseFactory(title="An advanced course", level=Course.Level.ADVANCED)


@pytest.mark.parametrize(
    "same",
    [
        {"level": "beginner", "utm_source": "newsletter"},
        {"level": "beginner", "page": "1"},
        {"level": "beginner", "q": "   "},
        {"level": "beginner", "non_programmer": ""},
        {"made_up": "x" * 200, "level": "beginner"},
    ],
)
def test_addresses_asking_for_the_same_filters_share_one_kept_page(
    courses, django_assert_num_queries, same
):
    first = Client().get("/courses/", {"level": "beginner"})

    with django_assert_num_queries(KEPT_PAGE_QUERIES):
        again = Client().get("/courses/", same)

    assert again.content == first.content


def test_a_page_number_past_the_last_is_kept_as_the_last_page(courses, django_assert_num_queries):
    last = Client().get("/courses/", {"level": "beginner", "page": "2"})

    for page in ("3", "999999"):
        with django_assert_num_queries(KEPT_PAGE_QUERIES):
            again = Client().get("/courses/", {"level": "beginner", "page": page})
        assert again.content == last.content
    assert "Beginner course 13" in last.content.decode()


def test_other_filters_get_a_page_of_their_own(courses):
    Client().get("/courses/", {"level": "beginner"})

    page = Client().get("/courses/", {"level": "advanced"}).content.decode()

    assert "An advanced course" in page
    assert "Beginner course" not in page


def test_a_page_with_an_invalid_filter_is_never_kept(courses):
    for slug in ("nowhere", "elsewhere"):
        page = Client().get("/courses/", {"platform": slug}).content.decode()
        assert f"There is no platform “{slug}” in the catalog" in page

    plain = Client().get("/courses/").content.decode()

    assert "These filters were left out" not in plain


def test_the_key_holds_each_validated_filter_and_nothing_else(courses):
    form = CourseFilterForm({"level": "beginner", "platform": "coursera", "utm_source": "x"})
    assert form.is_valid()

    assert form.cache_key() == (
        "free_to_audit=False&institution=None&level=beginner&non_programmer=False"
        "&platform=coursera&program_type=&q=&skill=None"
    )


def test_a_course_page_is_kept_per_hours_not_per_address(django_assert_num_queries):
    course = CourseFactory(slug="regression")
    first = Client().get(f"/courses/{course.slug}/", {"hours_per_week": "6"})

    # The catalog's version and the title (or 404); the content is the kept fragment.
    with django_assert_num_queries(2):
        again = Client().get(f"/courses/{course.slug}/", {"hours_per_week": "6", "ref": "ad"})

    assert again.content == first.content
    bad = Client().get(f"/courses/{course.slug}/", {"hours_per_week": "lots"}).content.decode()
    assert "Enter the hours as a number" in bad
    assert (
        "Enter the hours as a number"
        not in Client().get(f"/courses/{course.slug}/").content.decode()
    )
