"""Notes on a course in Chromium: typed and saved after a pause, there after a reload; saved
by the button with JavaScript off. And the API's documentation page under the site's CSP."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from learners.models import CourseNote
from tests.learners.factories import PASSWORD, ProfileFactory

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


def test_the_api_documentation_works_under_the_sites_csp(live_server, page, console_errors):
    response = page.goto(f"{live_server.url}/api/v1/docs")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("certguide API")
    expect(page.get_by_text("/api/v1/hours").first).to_be_visible()
    assert console_errors == []
