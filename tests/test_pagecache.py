"""The page cache (certguide.pagecache): kept pages are served without a query, and never once
what they show has changed, to anyone else, or to a session that was logged out."""

import datetime as dt
import re
import socket
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import learners.signals
from certguide import pagecache
from certguide.pagecache import is_cascade, page_key, time_slice
from courses.models import Course
from learners.models import Profile, StudySession
from learners.reminders import unsubscribe_token
from learners.services import enrollment_start
from tests.courses.factories import AssignmentFactory, CourseFactory, PathFactory
from tests.learners.factories import PASSWORD, ProfileFactory

DASHBOARD = reverse("learners:dashboard")
CATALOG = reverse("courses:list")


# The rules ---------------------------------------------------------------------------------


def test_a_slice_ends_on_its_boundary():
    start = dt.datetime(2026, 11, 26, 18, 0, tzinfo=dt.UTC)

    assert time_slice(start, 300) == time_slice(start + dt.timedelta(seconds=299), 300)
    assert time_slice(start, 300) == time_slice(start - dt.timedelta(microseconds=1), 300) + 1
    assert time_slice(start + dt.timedelta(seconds=300), 300) == time_slice(start, 300) + 1


@pytest.mark.parametrize("day", [dt.date(2026, 1, 15), dt.date(2026, 7, 15)])
def test_every_time_zones_midnight_starts_a_slice(day):
    """So "today" and "this week" on a kept page never come from the day before."""
    assert 900 % settings.PAGE_CACHE_SECONDS == 0
    for name in zoneinfo.available_timezones():
        midnight = dt.datetime.combine(day, dt.time(), zoneinfo.ZoneInfo(name))
        assert midnight.timestamp() % settings.PAGE_CACHE_SECONDS == 0, name


def test_a_page_key_differs_in_each_part():
    parts = {
        "address": "http://testserver/courses/?level=beginner",
        "fragment": False,
        "session_key": "a" * 32,
        "csrf_secret": "b" * 32,
        "slice_number": 5,
    }
    other = {
        "address": "http://testserver/courses/?level=advanced",
        "fragment": True,
        "session_key": "c" * 32,
        "csrf_secret": "d" * 32,
        "slice_number": 6,
    }

    assert page_key(**parts) == page_key(**dict(parts))
    for name, value in other.items():
        assert page_key(**parts) != page_key(**{**parts, name: value}), name


# Serving and renewing ----------------------------------------------------------------------


def keep(client, url: str, **headers) -> None:
    """Request the page until it is kept: the first request sets the CSRF cookie, the second
    starts the session's version, the third renders the page and keeps it."""
    for _ in range(3):
        assert client.get(url, headers=headers).status_code == 200


def get_counting_queries(client, url: str, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def berlin_today() -> dt.date:
    """Today for the learners here, who study in Europe/Berlin (the factory's time zone)."""
    return timezone.now().astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).date()


@pytest.fixture
def alice(db):
    return ProfileFactory(user__username="alice", display_name="Alice").user


@pytest.fixture
def alice_client(alice):
    client = Client()
    client.force_login(alice)
    return client


@pytest.mark.django_db
def test_a_kept_dashboard_is_served_without_a_query_and_is_the_same_page(alice_client):
    keep(alice_client, DASHBOARD)
    rendered = alice_client.get(DASHBOARD).content

    response, queries = get_counting_queries(alice_client, DASHBOARD)

    assert queries == 0
    assert response.status_code == 200
    assert response.content == rendered
    assert "Alice’s dashboard" in response.content.decode()
    assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_hours_logged_show_on_the_next_dashboard(alice_client, alice):
    keep(alice_client, DASHBOARD)
    today = berlin_today()

    # Without JavaScript: a redirect to the dashboard, which shows a message.
    alice_client.post(reverse("learners:log_hours"), {"day": today, "hours": "1.5"})
    with_message = alice_client.get(DASHBOARD).content.decode()
    # With htmx: the week region comes back; the whole page is rendered afresh next time.
    alice_client.post(
        reverse("learners:log_hours"), {"day": today, "hours": "2"}, headers={"HX-Request": "true"}
    )
    after, queries = get_counting_queries(alice_client, DASHBOARD)

    assert "Logged 1.5 h" in with_message
    assert "1.5 of 8 h" in with_message
    assert queries > 0
    assert "3.5 of 8 h" in after.content.decode()
    assert "Logged 1.5 h" not in after.content.decode()
    assert StudySession.objects.filter(user=alice).count() == 2


@pytest.mark.django_db
def test_a_message_waiting_is_shown_on_a_kept_page(alice_client, alice):
    path = PathFactory()
    enrollment_start(user=alice, path=path)
    keep(alice_client, DASHBOARD)

    # Enrolling again in the same path writes nothing, and says so on the dashboard.
    response = alice_client.post(reverse("learners:enrol", args=[path.slug]), follow=True)

    assert response.redirect_chain == [(DASHBOARD, 302)]
    assert "You are enrolled in" in response.content.decode()
    assert "You are enrolled in" not in alice_client.get(DASHBOARD).content.decode()


@pytest.mark.django_db
def test_a_write_in_the_admin_shows_on_the_learners_next_page(alice_client, alice):
    keep(alice_client, DASHBOARD)

    StudySession.objects.create(user=alice, day=berlin_today(), hours=Decimal(4))

    assert "4 of 8 h" in alice_client.get(DASHBOARD).content.decode()


@pytest.mark.django_db
def test_each_learner_gets_their_own_page(alice_client):
    bob_client = Client()
    bob_client.force_login(ProfileFactory(user__username="bob", display_name="Bob").user)
    keep(alice_client, DASHBOARD)
    keep(bob_client, DASHBOARD)

    assert "Alice’s dashboard" in alice_client.get(DASHBOARD).content.decode()
    assert "Bob’s dashboard" in bob_client.get(DASHBOARD).content.decode()


@pytest.mark.django_db
def test_a_session_a_password_change_logged_out_gets_no_kept_page(alice_client, alice):
    keep(alice_client, DASHBOARD)

    alice.set_password("another-long-password-2")
    alice.save()

    response = alice_client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_after_logging_out_the_old_session_cookie_gets_no_kept_page(alice_client):
    keep(alice_client, DASHBOARD)
    old_cookies = alice_client.cookies.output(header="", sep=";")

    alice_client.post(reverse("account_logout"))
    replay = Client(headers={"Cookie": old_cookies})
    response = replay.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_the_csrf_token_of_a_kept_page_is_accepted(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    keep(client, DASHBOARD)
    kept, queries = get_counting_queries(client, DASHBOARD)
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', kept.content.decode())[1]

    response = client.post(
        reverse("learners:log_hours"),
        {"csrfmiddlewaretoken": token, "day": berlin_today(), "hours": "1"},
    )

    assert queries == 0
    assert response.status_code == 302
    assert StudySession.objects.filter(user=alice).count() == 1


@pytest.mark.django_db
def test_a_catalog_edit_shows_on_the_next_page(client):
    course = CourseFactory(title="Regression in practice")
    keep(client, CATALOG)

    course.title = "Regression, done properly"
    course.save()

    assert "Regression, done properly" in client.get(CATALOG).content.decode()


@pytest.mark.django_db
def test_the_admins_bulk_unpublish_shows_on_the_next_page(client, admin_client):
    course = CourseFactory(title="Regression in practice")
    keep(client, CATALOG)

    admin_client.post(
        reverse("admin:courses_course_changelist"),
        {"action": "unpublish", "_selected_action": [course.pk]},
    )

    assert not Course.objects.get(pk=course.pk).published
    assert "Regression in practice" not in client.get(CATALOG).content.decode()


@pytest.mark.django_db
def test_the_htmx_fragment_and_the_whole_page_are_kept_apart(client):
    CourseFactory()
    keep(client, CATALOG)
    keep(client, CATALOG, HX_Request="true")

    page, page_queries = get_counting_queries(client, CATALOG)
    fragment, fragment_queries = get_counting_queries(client, CATALOG, HX_Request="true")

    assert page_queries == fragment_queries == 0
    assert "<html" in page.content.decode()
    assert "<html" not in fragment.content.decode()


@pytest.mark.django_db
def test_the_next_slice_of_time_renders_the_page_afresh(alice_client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        keep(alice_client, DASHBOARD)
        assert get_counting_queries(alice_client, DASHBOARD)[1] == 0

        traveller.shift(dt.timedelta(seconds=settings.PAGE_CACHE_SECONDS))

        assert get_counting_queries(alice_client, DASHBOARD)[1] > 0


@pytest.mark.django_db
def test_a_first_visit_sets_the_csrf_cookie_and_nothing_is_kept_before(client):
    CourseFactory()

    first, queries = get_counting_queries(client, CATALOG)

    assert queries > 0
    assert settings.CSRF_COOKIE_NAME in first.cookies


@pytest.mark.django_db
def test_logging_in_replaces_the_page_kept_for_the_visitor(client, alice):
    """Logging in replaces the session key: the page kept for the anonymous session is not
    served to the learner."""
    keep(client, "/")
    assert "Sign up" in client.get("/").content.decode()

    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    page = client.get("/").content.decode()

    assert "Log out" in page
    assert "Sign up" not in page


@pytest.mark.django_db
def test_in_development_no_page_is_kept(alice_client, settings):
    settings.DEBUG = True
    keep(alice_client, DASHBOARD)

    assert get_counting_queries(alice_client, DASHBOARD)[1] > 0


def test_a_delete_is_a_cascade_only_when_another_object_started_it():
    course, same_course, other_course = Course(pk=1), Course(pk=1), Course(pk=2)
    session = StudySession(pk=1)

    assert not is_cascade(course, None)
    assert not is_cascade(course, course)
    assert not is_cascade(course, same_course)
    assert not is_cascade(course, Course.objects.none())  # a queryset's delete, row by row
    assert is_cascade(course, other_course)
    assert is_cascade(session, course)


@pytest.mark.django_db
def test_deleting_an_account_renews_its_pages_once_not_once_per_row(alice, monkeypatch):
    for day in range(30):
        StudySession.objects.create(
            user=alice, day=berlin_today() - dt.timedelta(days=day), hours=Decimal(1)
        )
    renewed = []
    monkeypatch.setattr(learners.signals, "learner_changed", renewed.append)
    user_id = alice.pk

    alice.delete()

    assert renewed == [user_id]


@pytest.mark.django_db
def test_deleting_a_course_renews_the_catalog_once(monkeypatch):
    course = CourseFactory()
    for position in range(1, 6):
        AssignmentFactory(course=course, position=position)
    renewed = []
    monkeypatch.setattr(pagecache, "catalog_changed", lambda: renewed.append("catalog"))

    course.delete()

    assert renewed == ["catalog"]


@pytest.mark.django_db
def test_nothing_is_kept_under_a_version_redis_lost(alice_client, alice):
    """Evicted under memory pressure, say: a page kept while the version was missing would
    match again once a later version is lost too."""
    version = pagecache.learner_version(alice.pk)
    keep(alice_client, DASHBOARD)

    cache.delete(version)
    assert get_counting_queries(alice_client, DASHBOARD)[1] > 0
    StudySession.objects.create(user=alice, day=berlin_today(), hours=Decimal(4))
    cache.delete(version)
    page = alice_client.get(DASHBOARD).content.decode()

    assert "4 of 8 h" in page


@pytest.mark.django_db
def test_only_an_htmx_request_gets_the_fragment(client):
    CourseFactory()
    keep(client, CATALOG, HX_Request="false")

    page = client.get(CATALOG, headers={"HX-Request": "true"}).content.decode()

    assert "<html" not in page


@pytest.mark.django_db
def test_logging_out_renews_the_learners_version(alice_client, alice):
    keep(alice_client, DASHBOARD)
    before = cache.get(pagecache.learner_version(alice.pk))

    alice_client.post(reverse("account_logout"))

    assert cache.get(pagecache.learner_version(alice.pk)) not in (None, before)


@pytest.fixture
def redis_refusing(settings):
    """The cache on a loopback port nothing listens on: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }


@pytest.mark.django_db
def test_with_redis_refusing_writes_and_pages_still_work(redis_refusing):
    profile = ProfileFactory()  # a write outside a request: signals renew its version
    client = Client()
    client.force_login(profile.user)
    unsubscribe = reverse("learners:unsubscribe", args=[unsubscribe_token(profile.user_id)])

    pages = [client.get(DASHBOARD).status_code for _ in range(4)]
    logged = client.post(reverse("learners:log_hours"), {"day": berlin_today(), "hours": "1"})
    unsubscribed = Client().post(unsubscribe)

    assert pages == [200] * 4
    assert logged.status_code == 302
    assert unsubscribed.status_code == 200
    assert StudySession.objects.filter(user=profile.user).count() == 1
    assert not Profile.objects.get(pk=profile.pk).reminders_enabled


@pytest.mark.django_db
def test_a_renewal_missed_while_the_catalog_is_renewed_is_not_forgotten(alice_client, monkeypatch):
    keep(alice_client, DASHBOARD)
    renew = pagecache._renew

    def renew_while_another_thread_misses(version, timeout):
        answered = renew(version, timeout)
        pagecache._renewal_missed.set()  # another thread's renewal, missed meanwhile
        return answered

    monkeypatch.setattr(pagecache, "_renew", renew_while_another_thread_misses)
    pagecache._renewal_missed.set()
    try:
        alice_client.get(DASHBOARD)
        assert pagecache._renewal_missed.is_set()
    finally:
        pagecache._renewal_missed.clear()
