"""The pages for getting in, in real Chromium: accessible (axe-core), quiet console (so no CSP
violation), and usable on a 360 px wide phone."""

import pytest
from playwright.sync_api import expect

from tests.learners.factories import PASSWORD, ProfileFactory

PAGES = [
    ("/accounts/signup/", "Create your certguide account"),
    ("/accounts/login/", "Log in"),
    ("/accounts/password/reset/", "Reset your password"),
]


@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_the_page_passes_axe_with_no_console_errors(
    live_server, page, console_errors, axe_audit, path, heading
):
    page.goto(live_server.url + path)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    axe_audit(page)
    assert console_errors == []


@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_the_page_fits_a_360_px_screen(live_server, page, console_errors, path, heading):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + path)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    # Nothing wider than the screen (no sideways scrolling), the form's button included.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    submit = page.locator("main form button[type=submit]").bounding_box()
    assert submit is not None
    assert submit["x"] >= 0
    assert submit["x"] + submit["width"] <= 360
    assert console_errors == []


def test_sign_up_errors_are_announced_next_to_their_field(
    live_server, page, console_errors, axe_audit
):
    page.goto(live_server.url + "/accounts/signup/")

    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-test-password-1")
    page.get_by_label("Password (again)").fill("a-different-password-2")
    page.get_by_role("button", name="Create account").click()

    again = page.get_by_label("Password (again)")
    expect(again).to_have_attribute("aria-invalid", "true")
    expect(again).to_have_accessible_description("You must type the same password each time.")
    axe_audit(page)
    assert console_errors == []


def test_a_learner_logs_in_finds_accessible_account_pages_and_logs_out(
    live_server, page, console_errors, axe_audit
):
    ProfileFactory(user__username="ada")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")

    for path, heading in [
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/email/", "Your e-mail address"),
        ("/accounts/logout/", "Log out"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe_audit(page)

    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(navigation.get_by_role("link", name="Log in")).to_be_visible()
    assert console_errors == []
