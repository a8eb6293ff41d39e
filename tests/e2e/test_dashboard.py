"""The daily loop in Chromium: log hours on the dashboard and watch the week move, no reload."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import Path
from learners.services import enrollment_start
from tests.learners.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_logging_hours_updates_the_progress_bar_and_chart_in_place(
    live_server, page, console_errors, axe_audit
):
    call_command("load_catalog", stdout=StringIO())
    profile = ProfileFactory(weekly_goal_hours=8)
    enrollment_start(user=profile.user, path=Path.objects.get(slug="ml-engineering-and-mlops"))
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(profile.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")
    axe_audit(page)
    page.evaluate("() => { window.stillTheSamePage = true; }")
    this_week_bar = page.locator(".week-chart rect.bar-current")
    assert this_week_bar.get_attribute("height") == "0.0"
    expect(page.locator("#week-progress")).to_have_attribute("value", "0")

    page.get_by_label("Hours", exact=True).fill("2")
    page.get_by_label("Course (optional)").select_option(label="Machine Learning: Regression")
    page.get_by_role("button", name="Log hours").click()

    # 2 of 8 h: a quarter of the goal, and this week's bar grows.
    expect(page.locator("#week-progress")).to_have_attribute("value", "25")
    expect(page.locator("#pace-heading")).to_have_text("2 of 8 h")
    expect(page.locator(".recent")).to_contain_text("2 h · Machine Learning: Regression")
    assert float(this_week_bar.get_attribute("height")) > 0
    assert page.evaluate("() => window.stillTheSamePage") is True
    # The form comes back empty, ready for the next entry.
    expect(page.get_by_label("Hours", exact=True)).to_have_value("")
    axe_audit(page)

    page.get_by_label("Hours", exact=True).fill("25")
    page.get_by_role("button", name="Log hours").click()
    expect(page.locator("#week")).to_contain_text("A day has 24 hours: log at most 24.")
    expect(page.locator("#week-progress")).to_have_attribute("value", "25")
    assert page.evaluate("() => window.stillTheSamePage") is True
    axe_audit(page)
    # Chromium reports the refused entry's 400 response; nothing else may appear.
    assert [error for error in console_errors if not re.search(r"\b400\b", error)] == []


def test_the_dashboard_shows_hours_logged_since_once_navigated_back(
    live_server, page, console_errors
):
    """Signed-in pages are private and never stored: back on the dashboard after another page,
    the browser shows the hours just logged."""
    call_command("load_catalog", stdout=StringIO())
    profile = ProfileFactory(weekly_goal_hours=8)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(profile.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")
    response = page.reload()
    assert "no-store" in response.headers["cache-control"]
    expect(page.locator("#pace-heading")).to_have_text("0 of 8 h")

    page.get_by_label("Hours", exact=True).fill("2")
    page.get_by_role("button", name="Log hours").click()
    expect(page.locator("#pace-heading")).to_have_text("2 of 8 h")
    page.get_by_role("link", name="Catalog", exact=True).click()
    page.get_by_role("link", name="Dashboard", exact=True).click()

    expect(page).to_have_url(live_server.url + "/dashboard/")
    expect(page.locator("#pace-heading")).to_have_text("2 of 8 h")
    assert console_errors == []
