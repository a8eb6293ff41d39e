"""A learner ticks off an assignment, undoes it, records a certificate and keeps notes, in
Chromium."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import Assignment
from learners.models import AssignmentCompletion, CourseNote, CourseProgress
from tests.learners.factories import PASSWORD, ProfileFactory

# live_server reads the data from another thread: it must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "machine-learning-regression"


@pytest.fixture
def learner():
    call_command("load_catalog", stdout=StringIO())
    return ProfileFactory(user__username="ada").user


def log_in(page, live_server) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")


def first_assignment() -> Assignment:
    return Assignment.objects.filter(course__slug=SLUG).order_by("position").first()


def test_a_learner_completes_undoes_and_certifies_in_place(
    live_server, page, learner, console_errors, axe_audit
):
    assignment = first_assignment()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/my/courses/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Machine Learning: Regression")
    axe_audit(page)
    page.evaluate("() => { window.stillTheSamePage = true; }")
    item = page.locator(f"#assignment-{assignment.pk}")

    item.locator("summary").click()
    item.get_by_label("Hours it took").fill("25")
    item.get_by_role("button", name="Save as done").click()

    # Refused: the message sits by the field, the form stays open, nothing is saved.
    hours = item.get_by_label("Hours it took")
    expect(hours).to_have_attribute("aria-invalid", "true")
    expect(hours).to_have_accessible_description(
        "Estimated: 3 h. 0 if it is in your study log. A day has 24 hours: log at most 24."
    )
    assert not AssignmentCompletion.objects.exists()
    # Chromium logs every 4xx response: the refusal is the one expected, nothing else.
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    console_errors.clear()
    axe_audit(page)

    hours.fill("2.5")
    item.get_by_label("Notebook or repository link").fill("https://github.com/ada/regression")
    item.get_by_role("button", name="Save as done").click()

    expect(item).to_contain_text("Done")
    expect(item).to_contain_text("2.5 h")
    expect(item.get_by_role("link", name="your work")).to_have_attribute(
        "href", "https://github.com/ada/regression"
    )
    expect(item.get_by_role("button", name="Undo")).to_be_focused()
    assert AssignmentCompletion.objects.get(user=learner).hours == Decimal("2.5")
    axe_audit(page)

    item.get_by_role("button", name="Undo").click()

    expect(item.get_by_text("Mark as done")).to_be_visible()
    expect(item).not_to_contain_text("2.5 h")
    assert not AssignmentCompletion.objects.exists()

    status = page.locator("#course-status")
    status.get_by_label("Where you are").select_option("Certificate earned")
    status.get_by_label("Certificate verification link").fill("https://coursera.org/verify/ADA")
    status.get_by_role("button", name="Save status").click()

    expect(page.locator("#status-saved")).to_have_text("Status saved: Certificate earned.")
    expect(status).to_contain_text("Earned today")
    expect(status.get_by_role("link", name="Verify")).to_have_attribute(
        "href", "https://www.coursera.org/verify/ADA"
    )
    assert CourseProgress.objects.get(user=learner).status == "certified"
    assert page.evaluate("() => window.stillTheSamePage") is True
    axe_audit(page)

    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert console_errors == []


def test_without_javascript_completing_posts_and_comes_back(live_server, browser, learner):
    assignment = first_assignment()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/my/courses/{SLUG}/")
    item = page.locator(f"#assignment-{assignment.pk}")

    item.locator("summary").click()
    item.get_by_label("Hours it took").fill("3")
    item.get_by_role("button", name="Save as done").click()

    # Back at the top of the page, focus on what happened (no fragment: it would stop autofocus).
    expect(page).to_have_url(f"{live_server.url}/my/courses/{SLUG}/")
    expect(page.locator(".messages").get_by_role("status")).to_have_text(
        f"“{assignment.title}” is done."
    )
    expect(page.locator(".messages")).to_be_focused()
    expect(item).to_contain_text("Done")
    assert AssignmentCompletion.objects.filter(user=learner).count() == 1
    context.close()


def test_notes_save_themselves_after_a_pause_and_are_there_after_a_reload(
    live_server, page, learner, console_errors
):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/my/courses/{SLUG}/")
    notes = page.get_by_label("Your notes")

    notes.click()
    notes.press_sequentially("## Week 1\n- ridge shrinks, lasso selects")

    # The status line (a live region) says so; the box keeps the focus and the text.
    expect(page.locator("#note-status")).to_contain_text("Saved at", timeout=10_000)
    expect(notes).to_be_focused()
    assert CourseNote.objects.get(user=learner).text == "## Week 1\n- ridge shrinks, lasso selects"
    page.reload()
    expect(page.get_by_label("Your notes")).to_have_value(
        "## Week 1\n- ridge shrinks, lasso selects"
    )
    expect(page.locator(".course-notes details .write-up h3")).to_have_text("Week 1")
    assert console_errors == []


def test_without_javascript_the_button_saves_the_notes(live_server, browser, learner):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/my/courses/{SLUG}/")

    page.get_by_label("Your notes").fill("Saved without script")
    page.get_by_role("button", name="Save notes").click()

    expect(page.get_by_text("Notes saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Your notes")).to_have_value("Saved without script")
    assert CourseNote.objects.get(user=learner).text == "Saved without script"
    context.close()
