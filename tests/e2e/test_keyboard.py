"""By keyboard only: sign in and log hours on the dashboard; focus stays put and the page says
what was logged."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.learners.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = "() => document.activeElement"


def tab_to(page, selector: str, most: int = 40) -> None:
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"{most} Tabs never reached {selector}")


def test_signing_in_and_logging_hours_by_keyboard(live_server, page, console_errors):
    profile = ProfileFactory(weekly_goal_hours=8)
    today = profile.local_today(timezone.now())
    page.goto(live_server.url + "/accounts/login/")

    tab_to(page, "input[name=login]")
    page.keyboard.type(profile.user.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/dashboard/")
    # The live region is on the page before any swap, and says nothing yet.
    expect(page.locator("#log-status")).to_have_text("")

    tab_to(page, "#id_hours")
    page.keyboard.type("1.5")
    tab_to(page, "#log-hours")
    page.keyboard.press("Enter")

    expect(page.locator("#log-status")).to_have_text(f"Logged 1.5 h on {today:%a %-d %b}.")
    expect(page.locator("#pace-heading")).to_have_text("1.5 of 8 h")
    # Focus is on the new form's button, where the learner left it, not on <body>.
    expect(page.locator("#log-hours")).to_be_focused()
    assert page.evaluate(f"{FOCUSED}.closest('#week') !== null")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="All your study sessions")).to_be_focused()

    # A refused entry: the live region says so and focus goes to the field to correct.
    tab_to(page, "#id_hours")
    page.keyboard.type("30")
    page.keyboard.press("Enter")
    expect(page.locator("#log-status")).to_have_text("Nothing logged: see the form.")
    expect(page.locator("#id_hours")).to_be_focused()
    expect(page.locator("#pace-heading")).to_have_text("1.5 of 8 h")
    assert [error for error in console_errors if "400" not in error] == []
