"""After each htmx swap, and after each full-page result, in Chromium: where focus is, that the
focused element is inside the viewport (and the page did not jump), and what the live region that
was on the page before the swap now says."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import Assignment
from learners.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD
from learners.models import PortfolioProject
from tests.learners.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "machine-learning-regression"
# Where the focused element is, its box against the viewport, and the page's scroll position.
FOCUS = """() => {
  const element = document.activeElement;
  const box = element.getBoundingClientRect();
  return {
    id: element.id,
    tag: element.tagName.toLowerCase(),
    in_viewport: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight
      && box.right <= innerWidth && box.height > 0,
    scroll_y: Math.round(scrollY),
  };
}"""


def focus(page) -> dict:
    return page.evaluate(FOCUS)


def mark_live_region(page, region_id: str) -> None:
    """Mark the live region, so a test can tell it is the same element after the swap."""
    page.evaluate(f"() => {{ document.getElementById('{region_id}').markedBeforeSwap = true; }}")


def assert_same_live_region(page, region_id: str) -> None:
    marked = page.evaluate(f"() => document.getElementById('{region_id}').markedBeforeSwap")
    assert marked is True, f"#{region_id} was replaced: a new live region is not announced"
    assert page.locator(f"#{region_id}").count() == 1


def assert_after_swap(page, region_id: str, said, focused: str) -> dict:
    """The three checks after a swap: the live region that was there before now says `said`,
    focus is on `focused` (a selector), and that is inside the viewport. Returns where focus is."""
    expect(page.locator(f"#{region_id}")).to_have_text(said)
    # htmx moves focus (back to the same id, or to an autofocus control) once the swap settles.
    expect(page.locator(focused)).to_be_focused()
    where = focus(page)
    assert where["in_viewport"], where
    assert_same_live_region(page, region_id)
    return where


def log_in(page, live_server, email: str, password: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")


@pytest.fixture
def catalog():
    call_command("load_catalog", stdout=StringIO())


@pytest.fixture
def demo(catalog):
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def learner(catalog):
    return ProfileFactory(user__username="ada").user


@pytest.fixture
def my_course(live_server, page, learner):
    """A new learner's page of the Regression course."""
    log_in(page, live_server, "ada@example.com", PASSWORD)
    page.goto(f"{live_server.url}/my/courses/{SLUG}/")
    return page


@pytest.fixture
def dashboard(live_server, page, demo):
    """The demo learner's dashboard (a year of hours, a path), scrolled as in the audit: the log
    form in view, the page above it out of view."""
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, DEMO_EMAIL, DEMO_PASSWORD)
    page.evaluate("() => window.scrollTo(0, 435)")
    mark_live_region(page, "log-status")
    return page


def test_logging_hours_keeps_the_page_still_and_announces_what_was_logged(
    dashboard, console_errors
):
    page = dashboard
    before = focus(page)["scroll_y"]
    assert before == 435

    page.get_by_label("Hours", exact=True).fill("1.5")
    page.get_by_role("button", name="Log hours").click()

    logged = re.compile(r"^Logged 1\.5 h on \w{3} ")
    after = assert_after_swap(page, "log-status", logged, "#log-hours")
    expect(page.locator("#pace-heading")).to_have_text(re.compile(r" of \d+ h$"))
    # Scroll anchoring held on to a replaced node and threw the page 1,600 px.
    assert abs(after["scroll_y"] - before) <= 2, (before, after)
    assert console_errors == []


def test_a_refused_log_focuses_the_field_in_view_and_says_nothing_was_logged(dashboard):
    page = dashboard
    before = focus(page)["scroll_y"]

    page.get_by_label("Hours", exact=True).fill("25")
    page.get_by_role("button", name="Log hours").click()

    after = assert_after_swap(page, "log-status", "Nothing logged: see the form.", "#id_hours")
    expect(page.get_by_label("Hours", exact=True)).to_have_attribute("aria-invalid", "true")
    assert abs(after["scroll_y"] - before) <= 2, (before, after)


def test_marking_an_assignment_done_and_undoing_it_are_announced(my_course, console_errors):
    page = my_course
    assignment = Assignment.objects.filter(course__slug=SLUG).order_by("position").first()
    mark_live_region(page, "assignment-status")
    item = page.locator(f"#assignment-{assignment.pk}")

    item.locator("summary").click()
    item.get_by_label("Hours it took").fill("2")
    item.get_by_role("button", name="Save as done").click()

    done = f"Marked “{assignment.title}” as done."
    assert_after_swap(page, "assignment-status", done, f"#undo-{assignment.pk}")

    page.locator(f"#undo-{assignment.pk}").click()

    undone = f"“{assignment.title}” is open again."
    assert_after_swap(page, "assignment-status", undone, f"#assignment-{assignment.pk} summary")
    assert console_errors == []


def test_the_digest_switch_is_announced_and_keeps_focus_on_itself(
    live_server, page, demo, console_errors
):
    log_in(page, live_server, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(live_server.url + "/groups/")
    mark_live_region(page, "digest-status")

    page.get_by_role("button", name="Stop the weekly digest").click()

    assert_after_swap(page, "digest-status", "No more weekly group digests.", "#digest-switch")
    expect(page.locator("#digest-switch")).to_have_text("Send me the weekly digest")
    page.locator("#digest-switch").click()
    said = "You get the weekly group digest at your reminder hour."
    assert_after_swap(page, "digest-status", said, "#digest-switch")
    assert console_errors == []


def test_saving_a_course_status_is_announced_from_outside_the_swapped_section(
    my_course, console_errors
):
    page = my_course
    mark_live_region(page, "status-saved")

    page.get_by_label("Where you are").select_option(label="In progress")
    page.get_by_role("button", name="Save status").click()

    assert_after_swap(page, "status-saved", "Status saved: In progress.", "#save-status")
    # The swapped section holds no live region of its own, already filled when it arrives.
    assert page.locator("#course-status [role=status]").count() == 0
    assert console_errors == []


def test_notes_saved_as_you_type_keep_the_caret_and_say_when(my_course, console_errors):
    page = my_course
    mark_live_region(page, "note-status")
    notes = page.get_by_label("Your notes")

    notes.click()
    notes.press_sequentially("ridge vs lasso")

    saved = re.compile(r"^Saved at \d\d:\d\d\.$")
    assert_after_swap(page, "note-status", saved, "#course-notes textarea")
    assert console_errors == []


def test_catalog_filters_keep_focus_on_the_filter_and_announce_the_count(
    live_server, page, catalog, console_errors
):
    page.goto(live_server.url + "/courses/")
    mark_live_region(page, "results-count")

    level = page.get_by_label("Level")
    level.focus()
    level.select_option("beginner")

    expect(page).to_have_url(re.compile(r"level=beginner"))
    count = re.compile(r"^\s*\d+ courses?\.\s*$")
    assert_after_swap(page, "results-count", count, "#id_level")
    assert console_errors == []


@pytest.mark.parametrize(
    ("address", "region", "said"),
    [
        ("/", "estimate", r"^At 8 h a week: a single-course certificate 3–5 weeks; "),
        (f"/courses/{SLUG}/", "verdict", r"^At 8 h a week: (worth|not worth)[^.]*, \d of 4\.$"),
        (
            "/paths/from-zero-to-building-ml-models/",
            "projection",
            r"^At 8 h a week: \d+ weeks, finishing around \d{1,2} \w+ \d{4}\.$",
        ),
    ],
)
def test_the_estimate_announces_one_short_sentence_and_leaves_the_details_silent(
    live_server, page, catalog, console_errors, address, region, said
):
    page.goto(live_server.url + address)
    mark_live_region(page, f"{region}-said")
    hours = page.get_by_label("Hours you can study each week")
    hours.evaluate("field => field.scrollIntoView({block: 'center'})")

    hours.fill("8")

    assert_after_swap(page, f"{region}-said", re.compile(said), "#id_hours_per_week")
    assert len(page.locator(f"#{region}-said").text_content()) < 120
    expect(page.locator(f"#{region}")).to_contain_text("8 h a week")
    # The details change without being re-read: they are not a live region.
    assert page.locator(f"#{region}").get_attribute("aria-live") is None
    assert page.locator(f"#{region} [role=alert], #{region} [role=status]").count() == 0
    assert console_errors == []


def assert_focus_on_message(page, text: str) -> None:
    messages = page.locator("section.messages")
    expect(messages).to_contain_text(text)
    expect(messages).to_be_focused()
    assert focus(page)["in_viewport"]


def test_full_page_results_move_focus_to_their_message(live_server, page, demo, console_errors):
    log_in(page, live_server, DEMO_EMAIL, DEMO_PASSWORD)
    today = dt.date.today()

    # A target two weeks out: far behind, so the dashboard offers a reset.
    page.goto(live_server.url + "/settings/")
    page.get_by_label("Target finish date").fill((today + dt.timedelta(weeks=2)).isoformat())
    page.get_by_role("button", name="Save settings").click()
    assert_focus_on_message(page, "Settings saved.")

    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("button", name="Reset my plan").click()
    assert_focus_on_message(page, "Plan reset: your target is now")

    project = PortfolioProject.objects.filter(user__email=DEMO_EMAIL).first()
    page.goto(f"{live_server.url}/portfolio/{project.pk}/edit/")
    page.get_by_role("button", name="Save project").click()
    assert_focus_on_message(page, f"Saved “{project.title}”.")

    page.goto(live_server.url + "/settings/")
    page.get_by_label("Token name").fill("my script")
    page.get_by_role("button", name="Make a token").click()
    expect(page.get_by_label(re.compile("^Your new token"))).to_be_focused()
    assert focus(page)["in_viewport"]
    assert console_errors == []


def test_notes_saved_without_javascript_focus_the_message(live_server, browser, learner):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "ada@example.com", PASSWORD)
    page.goto(f"/my/courses/{SLUG}/")

    page.get_by_label("Your notes").fill("ridge vs lasso")
    page.get_by_role("button", name="Save notes").click()

    assert_focus_on_message(page, "Notes saved.")
    context.close()
