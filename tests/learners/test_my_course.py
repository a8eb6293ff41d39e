"""The learner's page of one course: its status, the assignments checklist, and who sees what."""

import datetime as dt
import html
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Assignment, Course
from learners.models import AssignmentCompletion, CourseProgress, StudySession
from learners.rules import time_ago
from tests.courses.factories import AssignmentFactory, CourseFactory

from .factories import ProfileFactory

pytestmark = pytest.mark.django_db

# Alice lives in Berlin: at noon UTC on 26 November 2026 her today is the 26th too.
NOW = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 26)
SLUG = "machine-learning-regression"
PAGE = reverse("learners:my_course", args=[SLUG])
STATUS = reverse("learners:course_status", args=[SLUG])
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen_now():
    # Autouse fixtures come first: the learners below join on NOW.
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def regression(catalog) -> Course:
    return Course.objects.get(slug=SLUG)


@pytest.fixture
def first(regression) -> Assignment:
    return regression.assignments.order_by("position").first()


def complete_url(assignment: Assignment) -> str:
    return reverse("learners:assignment_complete", args=[assignment.course.slug, assignment.pk])


def undo_url(assignment: Assignment) -> str:
    return reverse("learners:assignment_undo", args=[assignment.course.slug, assignment.pk])


def done(assignment: Assignment, **fields) -> dict:
    """The completion form's data for `assignment`, with its prefix."""
    data = {"day": TODAY.isoformat(), "hours": "3", "link": "", "note": ""} | fields
    return {f"assignment-{assignment.pk}-{name}": value for name, value in data.items()}


def status(**fields) -> dict:
    return {
        "status": "in_progress",
        "started_on": "",
        "completed_on": "",
        "certified_on": "",
        "certificate_url": "",
    } | fields


def field_error(page: str, field_id: str) -> str:
    """The error shown next to the field with id `field_id` ("" when none)."""
    start = page.find(f'id="{field_id}_error">')
    if start == -1:
        return ""
    return html.unescape(page[start : page.index("</ul>", start)])


# Who may see the page


def test_anonymous_visitors_are_sent_to_log_in(client, first):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={PAGE}"
    assert client.post(complete_url(first), done(first))["Location"].startswith(
        reverse("account_login")
    )
    assert client.post(STATUS, status())["Location"].startswith(reverse("account_login"))
    assert not AssignmentCompletion.objects.exists()
    assert not CourseProgress.objects.exists()


def test_an_unpublished_or_unknown_course_has_no_page(alice_client, regression):
    Course.objects.filter(pk=regression.pk).update(published=False)

    assert alice_client.get(PAGE).status_code == 404
    assert alice_client.post(STATUS, status()).status_code == 404
    assert alice_client.get(reverse("learners:my_course", args=["no-such"])).status_code == 404
    assert not CourseProgress.objects.exists()


def test_a_retired_course_stays_open_to_the_learner_who_took_it(alice_client, alice, regression):
    CourseProgress.objects.create(user=alice, course=regression, status="completed")
    Course.objects.filter(pk=regression.pk).update(published=False)

    response = alice_client.get(PAGE)

    assert response.status_code == 200
    assert '<span class="badge badge-pass">Completed</span>' in response.content.decode()


def test_a_retired_course_taken_by_someone_else_is_closed(alice_client, charlie, regression):
    CourseProgress.objects.create(user=charlie, course=regression, status="completed")
    Course.objects.filter(pk=regression.pk).update(published=False)

    assert alice_client.get(PAGE).status_code == 404
    assert alice_client.post(STATUS, status()).status_code == 404
    assert not CourseProgress.objects.exclude(user=charlie).exists()


def test_the_forms_answer_only_post(alice_client, first):
    assert alice_client.get(STATUS).status_code == 405
    assert alice_client.get(complete_url(first)).status_code == 405
    assert alice_client.get(undo_url(first)).status_code == 405


def test_it_lists_the_courses_assignments_in_order_and_a_planned_status(alice_client, regression):
    response = alice_client.get(PAGE)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Machine Learning: Regression</h1>" in page
    assert ">Planned</span>" in page
    titles = [a.title for a in regression.assignments.order_by("position")]
    positions = [page.index(title) for title in titles]
    assert len(titles) == 3
    assert positions == sorted(positions)
    assert page.count("Save as done") == 3
    assert not CourseProgress.objects.exists()  # made on the first change only


def test_a_course_without_assignments_says_so(alice_client, db):
    course = CourseFactory()

    page = alice_client.get(reverse("learners:my_course", args=[course.slug])).content.decode()

    assert "No graded assignments are listed for this course" in page
    assert "Save status" in page


# Course status


def test_starting_a_course_records_it_with_todays_date(alice_client, alice, regression):
    response = alice_client.post(STATUS, status())

    assert response.status_code == 302
    assert response["Location"] == PAGE
    progress = CourseProgress.objects.get(user=alice, course=regression)
    assert (progress.status, progress.started_on) == ("in_progress", TODAY)
    page = alice_client.get(PAGE).content.decode()
    assert "Status saved: In progress." in page
    assert 'started <time datetime="2026-11-26">26 Nov 2026</time>' in page


def test_a_certificate_is_recorded_with_its_link_dates_and_age(alice_client, alice, regression):
    alice_client.post(
        STATUS,
        status(
            status="certified",
            started_on="2026-06-01",
            completed_on="2026-08-20",
            certified_on="2026-08-26",
            certificate_url="https://coursera.org/verify/ABC123",
        ),
    )

    progress = CourseProgress.objects.get(user=alice, course=regression)
    assert (progress.started_on, progress.completed_on, progress.certified_on) == (
        dt.date(2026, 6, 1),
        dt.date(2026, 8, 20),
        dt.date(2026, 8, 26),
    )
    page = alice_client.get(PAGE).content.decode()
    assert ">Certificate earned</span>" in page
    # Normalised to Coursera's own host, the credential ID named.
    assert '<a href="https://www.coursera.org/verify/ABC123"' in page
    assert '<code class="credential-id">ABC123</code>' in page
    assert "Add the verification link" not in page
    assert (
        "Earned <strong>3 months ago</strong> — a certificate’s relevance fades; "
        "show recent work with it." in page
    )


def test_a_certificate_without_a_link_is_saved_and_the_link_asked_for_gently(
    alice_client, alice, regression
):
    response = alice_client.post(STATUS, status(status="certified"), follow=True)

    assert response.status_code == 200
    progress = CourseProgress.objects.get(user=alice, course=regression)
    assert (progress.status, progress.certified_on, progress.certificate_url) == (
        "certified",
        TODAY,
        "",
    )
    page = response.content.decode()
    assert "Add the verification link: it is what a recruiter checks." in page
    assert "No verification link yet" in page


def test_a_link_stored_without_the_form_is_not_shown_unless_it_is_http(
    alice_client, alice, regression
):
    CourseProgress.objects.create(
        user=alice,
        course=regression,
        status="certified",
        certified_on=TODAY,
        certificate_url="javascript:alert(1)",
    )

    page = alice_client.get(PAGE).content.decode()

    assert "Earned <strong>today</strong>" in page
    assert 'href="javascript:' not in page


def test_going_back_a_status_drops_the_later_dates_and_the_link(alice_client, alice, regression):
    CourseProgress.objects.create(
        user=alice,
        course=regression,
        status="certified",
        started_on=dt.date(2026, 6, 1),
        completed_on=dt.date(2026, 8, 20),
        certified_on=dt.date(2026, 8, 26),
        certificate_url="https://coursera.org/verify/ABC123",
    )

    alice_client.post(
        STATUS,
        status(
            started_on="2026-06-01",
            completed_on="2026-08-20",
            certified_on="2026-08-26",
            certificate_url="https://coursera.org/verify/ABC123",
        ),
    )

    progress = CourseProgress.objects.get(user=alice, course=regression)
    assert (progress.status, progress.started_on) == ("in_progress", dt.date(2026, 6, 1))
    assert (progress.completed_on, progress.certified_on, progress.certificate_url) == (
        None,
        None,
        "",
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"status": "certified", "certificate_url": "javascript:alert(1)"},
            "certificate_url",
            "Give the certificate’s https:// link",
        ),
        (
            {"status": "certified", "certificate_url": "ftp://example.com/cert.pdf"},
            "certificate_url",
            "Give the certificate’s https:// link",
        ),
        (
            {"status": "certified", "certificate_url": "http://www.coursera.org/verify/ABC123"},
            "certificate_url",
            "Give the certificate’s https:// link",
        ),
        (
            {
                "status": "certified",
                "certificate_url": "https://www.coursera.org/verify/ABC123?x=" + "y" * 5000,
            },
            "certificate_url",
            "That link is 5,041 characters long: a verification page’s link is at most 2,048.",
        ),
        ({"started_on": "2026-11-27"}, "started_on", "That day has not come yet"),
        (
            {
                "status": "certified",
                "certified_on": "2027-01-01",
                "certificate_url": "https://x.org",
            },
            "certified_on",
            "That day has not come yet",
        ),
        (
            {"status": "completed", "started_on": "2026-11-20", "completed_on": "2026-11-10"},
            "completed_on",
            "That is before the day you started, 20 November 2026.",
        ),
        (
            {
                "status": "certified",
                "started_on": "2026-11-20",
                "certified_on": "2026-11-01",
                "certificate_url": "https://x.org",
            },
            "certified_on",
            "That is before the day you started, 20 November 2026.",
        ),
        (
            {
                "status": "certified",
                "completed_on": "2026-11-20",
                "certified_on": "2026-11-19",
                "certificate_url": "https://x.org",
            },
            "certified_on",
            "That is before the day you completed the course, 20 November 2026.",
        ),
        ({"status": "finished"}, "status", "Select a valid choice."),
        ({"started_on": "26/11/2026x"}, "started_on", "Enter a valid date."),
    ],
)
def test_a_bad_status_is_refused_next_to_its_field_and_nothing_is_saved(
    alice_client, regression, fields, field, message
):
    response = alice_client.post(STATUS, status(**fields))

    assert response.status_code == 400
    assert message in field_error(response.content.decode(), f"id_{field}")
    assert not CourseProgress.objects.exists()


def test_a_refused_change_leaves_the_recorded_status_as_it_was(alice_client, alice, regression):
    CourseProgress.objects.create(
        user=alice, course=regression, status="in_progress", started_on=dt.date(2026, 11, 1)
    )

    response = alice_client.post(STATUS, status(status="certified", certificate_url="javascript:1"))

    assert response.status_code == 400
    progress = CourseProgress.objects.get()
    assert (progress.status, progress.certificate_url) == ("in_progress", "")


def test_htmx_gets_only_the_status_region(alice_client, regression):
    response = alice_client.post(STATUS, status(), **HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    # What was saved, for the live region outside the section; then the section, with no
    # status message of its own.
    said, region = page.strip().split("\n", 1)
    assert said == (
        '<p id="status-saved" data-hx-swap-oob="innerHTML">Status saved: In progress.</p>'
    )
    assert region.startswith('<section id="course-status"')
    assert "<html" not in page and "Assignments" not in page
    assert 'role="status"' not in region


def test_htmx_gets_a_refused_status_region_with_a_400(alice_client, regression):
    response = alice_client.post(STATUS, status(started_on="2026-12-01"), **HTMX)

    page = response.content.decode()
    assert response.status_code == 400
    assert page.lstrip().startswith('<section id="course-status"')
    assert "That day has not come yet" in field_error(page, "id_started_on")
    assert not CourseProgress.objects.exists()


def in_progress_elsewhere(user, count: int) -> None:
    for course in Course.objects.exclude(slug=SLUG)[:count]:
        CourseProgress.objects.create(user=user, course=course, status="in_progress")


def test_two_courses_in_progress_get_no_warning(alice_client, alice, regression):
    in_progress_elsewhere(alice, 1)

    response = alice_client.post(STATUS, status(), **HTMX)

    assert "courses in progress" not in response.content.decode()


def test_a_third_course_in_progress_gets_the_guides_advice(alice_client, alice, regression):
    in_progress_elsewhere(alice, 2)

    response = alice_client.post(STATUS, status(), **HTMX)

    page = response.content.decode()
    assert "You have <strong>3 courses in progress</strong> at once." in page
    assert "finish one seriously before collecting more" in page
    assert "3 courses in progress" in alice_client.get(PAGE).content.decode()


@pytest.mark.parametrize(
    ("earned", "words"),
    [
        (TODAY, "today"),
        (TODAY + dt.timedelta(days=1), "today"),
        (dt.date(2026, 11, 25), "yesterday"),
        (dt.date(2026, 11, 1), "25 days ago"),
        (dt.date(2026, 10, 26), "1 month ago"),
        (dt.date(2026, 10, 27), "30 days ago"),
        (dt.date(2026, 8, 26), "3 months ago"),
        (dt.date(2025, 11, 26), "1 year ago"),
        (dt.date(2023, 12, 1), "2 years ago"),
    ],
)
def test_a_certificates_age_is_said_in_its_largest_whole_unit(earned, words):
    assert time_ago(earned, TODAY) == words


# Assignments


def test_completing_an_assignment_records_it_and_shows_it_done(alice_client, alice, first):
    response = alice_client.post(
        complete_url(first),
        done(first, hours="2.5", link="https://github.com/alice/regression", note="Lasso too"),
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE
    completion = AssignmentCompletion.objects.get(user=alice, assignment=first)
    assert (completion.day, completion.hours, completion.link, completion.note) == (
        TODAY,
        Decimal("2.5"),
        "https://github.com/alice/regression",
        "Lasso too",
    )
    page = alice_client.get(PAGE).content.decode()
    assert f"“{first.title}” is done." in page
    assert '<time datetime="2026-11-26">26 Nov 2026</time> · 2.5 h' in page
    assert '<a href="https://github.com/alice/regression"' in page
    assert page.count("Save as done") == 2


def test_the_day_defaults_to_the_learners_today_and_0_hours_are_fine(alice_client, alice, first):
    alice_client.post(complete_url(first), done(first, day="", hours="0"))

    completion = AssignmentCompletion.objects.get(user=alice)
    assert (completion.day, completion.hours) == (TODAY, Decimal(0))


@time_machine.travel(dt.datetime(2026, 11, 26, 23, 30, tzinfo=dt.UTC), tick=False)
def test_today_is_the_learners_local_date(alice_client, alice, first):
    # 23:30 UTC is already 27 November in Berlin.
    response = alice_client.post(complete_url(first), done(first, day="2026-11-27"))

    assert response.status_code == 302
    assert AssignmentCompletion.objects.get(user=alice).day == dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"hours": "-1"}, "hours", "Hours cannot be negative"),
        ({"hours": "25"}, "hours", "A day has 24 hours: log at most 24."),
        ({"hours": "100"}, "hours", "A day has 24 hours: log at most 24."),
        ({"hours": "abc"}, "hours", "Enter the hours as a number, e.g. 1.5."),
        ({"hours": "٣"}, "hours", "Enter the hours as a number, e.g. 1.5."),
        ({"hours": "0.01"}, "hours", "Give hours in steps of 0.25 h, e.g. 1.25."),
        ({"hours": ""}, "hours", "Give the hours it took"),
        ({"link": "javascript:alert(1)"}, "link", "Give a link starting with http:// or https://."),
        ({"link": "https://exa\u200bmple.com/notebook"}, "link", "Take out the invisible"),
        ({"day": "2026-11-27"}, "day", "That day has not come yet"),
        # Alice joined on 26 November 2026: a year back is fine, a day more is not.
        ({"day": "2025-11-25"}, "day", "more than a year before you joined"),
    ],
)
def test_a_bad_completion_is_refused_next_to_its_field_and_nothing_is_saved(
    alice_client, first, fields, field, message
):
    response = alice_client.post(complete_url(first), done(first, **fields))

    page = response.content.decode()
    assert response.status_code == 400
    assert message in field_error(page, f"id_assignment-{first.pk}-{field}")
    assert "<html" in page  # without JavaScript, the whole page again
    assert not AssignmentCompletion.objects.exists()


def test_a_year_before_joining_can_still_be_logged(alice_client, first):
    response = alice_client.post(complete_url(first), done(first, day="2025-11-26"))

    assert response.status_code == 302
    assert AssignmentCompletion.objects.get().day == dt.date(2025, 11, 26)


def test_a_day_already_full_of_study_takes_no_more_assignment_hours(alice_client, alice, first):
    StudySession.objects.create(user=alice, day=TODAY, hours=Decimal(20))

    response = alice_client.post(complete_url(first), done(first, hours="4.5"))

    assert response.status_code == 400
    assert "That makes 24.5 h on 26 Nov, and a day has 24: at most 4 h more fit." in field_error(
        response.content.decode(), f"id_assignment-{first.pk}-hours"
    )
    assert not AssignmentCompletion.objects.exists()
    assert alice_client.post(complete_url(first), done(first, hours="4")).status_code == 302


def test_completing_twice_keeps_the_first_record(alice_client, alice, first):
    alice_client.post(complete_url(first), done(first, hours="2"))

    response = alice_client.post(complete_url(first), done(first, hours="5"))

    assert response.status_code == 302
    assert AssignmentCompletion.objects.get(user=alice).hours == Decimal(2)


def test_undo_removes_the_completion(alice_client, alice, first):
    alice_client.post(complete_url(first), done(first))

    response = alice_client.post(undo_url(first))

    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert not AssignmentCompletion.objects.exists()
    assert "is no longer marked done" in alice_client.get(PAGE).content.decode()
    # Undoing what is not done changes nothing and does not fail.
    assert alice_client.post(undo_url(first)).status_code == 302


def test_htmx_gets_only_the_assignments_region(alice_client, first):
    completed = alice_client.post(complete_url(first), done(first), **HTMX)
    undone = alice_client.post(undo_url(first), **HTMX)
    refused = alice_client.post(complete_url(first), done(first, hours="abc"), **HTMX)

    said = (
        '<p id="assignment-status" data-hx-swap-oob="innerHTML">{}</p>\n'
        f'      <li id="assignment-{first.pk}">'
    )
    announced = {
        completed: said.format(f"Marked “{first.title}” as done."),
        undone: said.format(f"“{first.title}” is open again."),
        refused: f'<li id="assignment-{first.pk}">',  # the form says what to correct
    }
    for response, start in announced.items():
        page = response.content.decode()
        assert page.lstrip().startswith(start)
        assert "<html" not in page
    assert completed.status_code == 200
    assert "Done</span>" in completed.content.decode()
    assert f'id="undo-{first.pk}" autofocus' in completed.content.decode()
    assert undone.status_code == 200
    assert "Save as done" in undone.content.decode()
    assert refused.status_code == 400
    assert "Enter the hours as a number" in refused.content.decode()
    assert not AssignmentCompletion.objects.exists()


def test_an_assignment_is_reached_only_through_its_published_course(alice_client, alice, catalog):
    other = Course.objects.exclude(slug=SLUG).first().assignments.first()
    unpublished = AssignmentFactory(course=CourseFactory(published=False))
    AssignmentCompletion.objects.create(user=alice, assignment=unpublished, day=TODAY)
    wrong_course = reverse("learners:assignment_complete", args=[SLUG, other.pk])

    assert alice_client.post(wrong_course, done(other)).status_code == 404
    assert alice_client.post(complete_url(unpublished), done(unpublished)).status_code == 404
    assert alice_client.post(undo_url(unpublished)).status_code == 404
    missing = reverse("learners:assignment_complete", args=[SLUG, 999_999])
    assert alice_client.post(missing, {}).status_code == 404
    assert list(AssignmentCompletion.objects.values_list("assignment", flat=True)) == [
        unpublished.pk
    ]


# Charlie


def test_charlie_sees_his_own_empty_page_not_alices(client, alice, charlie, first, regression):
    link = "https://github.com/alice/regression"
    AssignmentCompletion.objects.create(user=alice, assignment=first, day=TODAY, link=link)
    CourseProgress.objects.create(user=alice, course=regression, status="completed")
    client.force_login(charlie)

    page = client.get(PAGE).content.decode()

    assert ">Planned</span>" in page
    assert "Done</span>" not in page and link not in page
    assert page.count("Save as done") == 3


def test_charlie_cannot_undo_or_change_alices_records(client, alice, charlie, first, regression):
    AssignmentCompletion.objects.create(user=alice, assignment=first, day=TODAY)
    CourseProgress.objects.create(user=alice, course=regression, status="completed")
    client.force_login(charlie)

    client.post(undo_url(first))
    client.post(STATUS, status(status="planned"))
    client.post(complete_url(first), done(first, hours="1"))

    assert AssignmentCompletion.objects.filter(user=alice, assignment=first).exists()
    assert CourseProgress.objects.get(user=alice).status == "completed"
    assert AssignmentCompletion.objects.get(user=charlie).hours == Decimal(1)


# Queries


def queries_for_page(client, course: Course) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("learners:my_course", args=[course.slug]))
    assert response.status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_assignments(client, db):
    counts = []
    for assignments in (2, 10):
        profile = ProfileFactory()
        course = CourseFactory()
        for position in range(1, assignments + 1):
            assignment = AssignmentFactory(course=course, position=position)
            if position % 2:
                AssignmentCompletion.objects.create(
                    user=profile.user, assignment=assignment, day=TODAY, link="https://x.org"
                )
        CourseProgress.objects.create(user=profile.user, course=course, status="in_progress")
        client.force_login(profile.user)
        counts.append(queries_for_page(client, course))

    assert counts[0] == counts[1]
