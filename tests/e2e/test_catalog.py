import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.courses.factories import CourseFactory, PathFactory, PathStepFactory

# live_server reads the data from another thread: it must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


def mark_the_page(page) -> None:
    """Set a marker that survives only if the page is not reloaded."""
    page.evaluate("() => { window.stillTheSamePage = true; }")


def assert_not_reloaded(page) -> None:
    assert page.evaluate("() => window.stillTheSamePage") is True


def test_filtering_the_catalog_updates_the_list_and_the_url_in_place(
    live_server, page, console_errors, axe_audit
):
    CourseFactory(title="Machine Learning for All", non_programmer_friendly=True)
    CourseFactory(title="Machine Learning: Regression")
    page.goto(live_server.url + "/courses/")
    expect(page.locator("#results article")).to_have_count(2)
    axe_audit(page)
    mark_the_page(page)
    page.evaluate("() => { document.getElementById('results-count').markedBeforeSwap = true; }")

    page.get_by_label("Suited to non-programmers").check()

    expect(page.locator("#results article")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Machine Learning for All")
    expect(page).to_have_url(re.compile(r"/courses/\?.*non_programmer=on"))

    page.get_by_label("Search").fill("regression")

    # The count's live region is the same element as before the swaps, with the new count.
    expect(page.locator("#results-count")).to_have_text(
        "No published course matches these filters."
    )
    assert page.evaluate("() => document.getElementById('results-count').markedBeforeSwap")
    expect(page).to_have_url(re.compile(r"q=regression"))
    assert_not_reloaded(page)
    assert console_errors == []
    axe_audit(page)

    # Back restores the previous list: htmx refetches the whole page for its history.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Catalog")
    expect(page.locator("#results article")).to_have_count(1)


def test_pages_of_the_catalog_change_in_place_and_keep_the_filters(
    live_server, page, console_errors
):
    CourseFactory.create_batch(13, level="beginner")
    CourseFactory(level="advanced")
    page.goto(live_server.url + "/courses/")
    mark_the_page(page)

    page.get_by_label("Level").select_option("Beginner")

    expect(page.locator("#results-count")).to_have_text("Showing 1–12 of 13 courses.")

    page.get_by_role("link", name="Next").click()

    expect(page.locator("#results article")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"level=beginner&.*page=2$"))
    assert_not_reloaded(page)
    assert console_errors == []


def test_the_catalog_filters_work_without_javascript(live_server, browser):
    CourseFactory(title="Machine Learning for All", non_programmer_friendly=True)
    CourseFactory(title="Machine Learning: Regression")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/courses/")

    page.get_by_label("Suited to non-programmers").check()
    page.get_by_role("button", name="Filter").click()

    expect(page.locator("#results article")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"non_programmer=on"))
    context.close()


def test_a_course_opens_from_the_catalog_with_its_verdict(
    live_server, page, console_errors, axe_audit
):
    CourseFactory(title="Machine Learning: Regression", slug="regression")
    page.goto(live_server.url + "/courses/")

    page.get_by_role("link", name="Machine Learning: Regression").click()

    expect(page).to_have_url(live_server.url + "/courses/regression/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Machine Learning: Regression")
    expect(page.locator("#verdict")).to_contain_text("of 4")
    mark_the_page(page)

    page.get_by_label("Hours you can study each week").fill("30")

    expect(page.locator("#verdict")).to_contain_text("a second job")
    assert_not_reloaded(page)
    assert console_errors == []
    axe_audit(page)


def test_changing_the_hours_on_a_path_updates_the_projection_in_place(
    live_server, page, console_errors, axe_audit
):
    path = PathFactory(title="From zero to building ML models", slug="zero")
    for position in range(1, 6):
        PathStepFactory(path=path, position=position, course__estimated_hours=Decimal(30))
    page.goto(live_server.url + "/paths/")
    axe_audit(page)

    page.get_by_role("link", name="From zero to building ML models").click()

    expect(page).to_have_url(live_server.url + "/paths/zero/")
    expect(page.locator("#projection")).to_contain_text("15 weeks")
    mark_the_page(page)

    page.get_by_label("Hours you can study each week").fill("5")

    # 150 h at 5 h a week: 30 weeks, 7 months of $49–79.
    expect(page.locator("#projection")).to_contain_text("30 weeks")
    expect(page.locator("#projection")).to_contain_text("$343–553")
    expect(page).to_have_url(re.compile(r"/paths/zero/\?hours_per_week=5$"))
    assert_not_reloaded(page)
    assert console_errors == []
    axe_audit(page)
