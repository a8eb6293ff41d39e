import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from courses.models import Course

from .factories import CourseFactory, PathFactory, PathStepFactory, PlatformFactory

pytestmark = pytest.mark.django_db

# Queries behind /paths/<slug>/: the catalog's version (the ETag), the path's title (or 404),
# the path, then its steps with course, platform and institution, and the hours learners
# really took on them. Measured once; it must not grow with the steps.
PATH_QUERIES = 5
# Monday 4 January 2027, so that the finish dates below are easy to check by hand.
TODAY = dt.datetime(2027, 1, 4, 12, tzinfo=dt.UTC)


@pytest.fixture
def path():
    """Five 30-hour Coursera courses ($49–79 a month): 150 h."""
    path = PathFactory(
        slug="zero-to-models",
        title="From zero to building ML models",
        audience="Programmers who want to build models.",
    )
    for position, title in enumerate(
        ["Regression", "Classification", "Structuring", "Applied ML", "Production"], start=1
    ):
        PathStepFactory(
            path=path,
            position=position,
            course=CourseFactory(title=title, slug=title.lower().replace(" ", "-")),
            why_here=f"{title} comes at step {position}.",
        )
    return path


def test_the_path_list_shows_each_published_path_with_its_size(client, path):
    PathStepFactory(path=path, position=6, course=CourseFactory(published=False))
    PathFactory(title="A Hidden Path", published=False)

    response = client.get("/paths/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/paths/zero-to-models/">From zero to building ML models</a>' in page
    assert "Programmers who want to build models." in page
    # The unpublished course's step counts neither in steps nor in hours.
    assert "<strong>5</strong> courses" in page
    assert "<strong>150 h</strong> in all" in page
    assert "A Hidden Path" not in page
    assert '<a href="/paths/" aria-current="page">Paths</a>' in page


@pytest.mark.parametrize("size", [2, 20])
def test_the_path_list_runs_one_query_however_many_paths(client, django_assert_num_queries, size):
    for _ in range(size):
        PathStepFactory.create_batch(3, path=PathFactory())

    # The catalog's version (the ETag); steps and hours are counted in the paths' query.
    with django_assert_num_queries(2):
        response = client.get("/paths/")

    assert response.content.decode().count("<strong>3</strong> courses") == size


def test_a_path_page_shows_its_published_steps_in_order_with_why_here(client, path):
    # It would come first if it were shown.
    PathStepFactory(path=path, position=0, course=CourseFactory(title="Withdrawn", published=False))

    response = client.get("/paths/zero-to-models/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "5 courses, 150 h in all" in page
    titles = ["Regression", "Classification", "Structuring", "Applied ML", "Production"]
    positions = [page.index(f">{title}</a></h3>") for title in titles]
    assert positions == sorted(positions)
    assert "<strong>Why here:</strong> Structuring comes at step 3." in page
    assert "Withdrawn" not in page


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("hours_per_week", "weeks", "finish", "months", "cost"),
    [
        # 150 h / 5 = 30 weeks; 30 weeks · 12/52 = 6.9 → 7 months; 7 · $49–79 = $343–553.
        ("5", "30 weeks", "2 August 2027", "7 months", "$343–553"),
        # 150 h / 10 = 15 weeks; 15 · 12/52 = 3.5 → 4 months; 4 · $49–79 = $196–316.
        ("10", "15 weeks", "19 April 2027", "4 months", "$196–316"),
        # 150 h / 20 = 7.5 → 8 weeks; 7.5 · 12/52 = 1.7 → 2 months; 2 · $49–79 = $98–158.
        ("20", "8 weeks", "1 March 2027", "2 months", "$98–158"),
    ],
)
def test_the_projection_at_a_pace_gives_weeks_finish_and_cost(
    client, path, hours_per_week, weeks, finish, months, cost
):
    response = client.get("/paths/zero-to-models/", {"hours_per_week": hours_per_week})

    page = response.content.decode()
    assert f"At <strong>{hours_per_week} h a week</strong>, 150 h take" in page
    assert f"<strong>{weeks}</strong>" in page
    assert f">{finish}</time>" in page
    assert f"<dd>{months} of subscription</dd>" in page
    assert f"<strong>{cost}</strong>" in page
    assert "free to audit" in page
    assert "Not a realistic plan" not in page


@time_machine.travel(TODAY)
def test_the_projection_defaults_to_ten_hours_a_week(client, path):
    page = client.get("/paths/zero-to-models/").content.decode()

    assert "At <strong>10 h a week</strong>" in page
    assert 'value="10"' in page
    assert "<strong>$196–316</strong>" in page


def test_more_than_twenty_hours_a_week_is_called_a_second_job(client, path):
    page = client.get("/paths/zero-to-models/", {"hours_per_week": "21"}).content.decode()

    assert "Not a realistic plan" in page
    assert "More than 20 hours a week is a second job, not a study plan." in page


def test_more_than_twelve_months_is_not_a_realistic_plan(client, path):
    # 150 h / 2 = 75 weeks.
    page = client.get("/paths/zero-to-models/", {"hours_per_week": "2"}).content.decode()

    assert "Not a realistic plan" in page
    assert "75 weeks is more than 12 months." in page


def test_one_time_fees_add_to_the_subscriptions_and_auditing_is_said_only_when_free(client, path):
    udacity = PlatformFactory(name="Udacity", subscription_min_usd=None, subscription_max_usd=None)
    PathStepFactory(
        path=path,
        position=6,
        course=CourseFactory(
            platform=udacity,
            price_model=Course.PriceModel.ONE_TIME,
            one_time_fee_usd=Decimal(399),
            audit_free=False,
            estimated_hours=Decimal(10),
        ),
    )

    page = client.get("/paths/zero-to-models/", {"hours_per_week": "10"}).content.decode()

    # Coursera still 4 months ($196–316), plus the $399 fee.
    assert "<dd>4 months of subscription</dd>" in page
    assert "<dd>$399</dd>" in page
    assert "<strong>$595–715</strong>" in page
    assert "free to audit" not in page


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "Give at least half an hour a week."),
        ("-1", "Give at least half an hour a week."),
        ("abc", "Enter the hours as a number, for example 6 or 7.5."),
    ],
)
def test_bad_hours_get_the_forms_message_instead_of_a_projection(client, path, hours, message):
    response = client.get("/paths/zero-to-models/", {"hours_per_week": hours})

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "you would finish around" not in page


def test_an_htmx_request_gets_only_the_projection(client, path):
    response = client.get("/paths/zero-to-models/", {"hours_per_week": "5"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    said, region = page.strip().split("\n", 1)
    assert said.startswith(
        '<p id="projection-said" data-hx-swap-oob="innerHTML">At 5 h a week: 30 weeks, finishing'
    )
    assert region.lstrip().startswith('<div id="projection">')
    assert "<html" not in page
    assert "<strong>30 weeks</strong>" in page
    assert "HX-Request" in response["Vary"]


def test_a_path_without_published_courses_says_so_instead_of_projecting(client):
    empty = PathFactory(slug="empty")
    PathStepFactory(path=empty, course=CourseFactory(published=False))

    page = client.get("/paths/empty/").content.decode()

    assert "This path has no published course yet, so there is nothing to project." in page
    assert "you would finish around" not in page


def test_an_unpublished_or_unknown_path_has_no_page(client):
    PathFactory(slug="hidden", published=False)

    assert client.get("/paths/hidden/").status_code == 404
    assert client.get("/paths/no-such-path/").status_code == 404


@pytest.mark.parametrize("size", [6, 60])
def test_a_path_page_runs_the_same_queries_however_many_steps(
    client, django_assert_num_queries, size
):
    path = PathFactory(slug="long")
    for position in range(1, size + 1):
        PathStepFactory(path=path, position=position)

    with django_assert_num_queries(PATH_QUERIES):
        response = client.get("/paths/long/")

    assert response.content.decode().count("<strong>Why here:</strong>") == size
