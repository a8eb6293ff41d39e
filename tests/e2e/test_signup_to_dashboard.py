"""A newcomer signs up, verifies, onboards, enrols and lands on the dashboard, in Chromium."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def berlin_page(browser):
    # The browser's own time zone, which onboarding should guess.
    context = browser.new_context(timezone_id="Europe/Berlin")
    yield context.new_page()
    context.close()


def test_a_newcomer_goes_from_sign_up_to_an_enrolled_dashboard(live_server, berlin_page, axe_audit):
    call_command("load_catalog", stdout=StringIO())
    page = berlin_page
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(live_server.url + "/accounts/signup/")
    axe_audit(page)
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-test-password-1")
    page.get_by_label("Password (again)").fill("a-long-test-password-1")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    axe_audit(page)
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)

    page.goto(link)
    axe_audit(page)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(live_server.url + "/start/")
    expect(page.get_by_label("Your time zone")).to_have_value("Europe/Berlin")
    axe_audit(page)
    page.get_by_label("I can program").check()
    page.get_by_label("ML engineer").check()
    page.get_by_label("Hours you can give each week").fill("8")
    page.get_by_role("button", name="Show my path").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We recommend “From zero to building ML models”"
    )
    # 150 h at 8 h a week: 19 weeks.
    expect(page.locator("#projection-heading + p")).to_contain_text("19 weeks")
    expect(page.locator("time").first).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-\d\d-\d\d$")
    )
    axe_audit(page)
    page.get_by_role("button", name="Enrol in this path").click()

    expect(page).to_have_url(live_server.url + "/dashboard/")
    expect(page.locator(".messages").get_by_role("status")).to_contain_text(
        "You are enrolled in “From zero to building ML models”"
    )
    expect(page.get_by_role("heading", name=re.compile("Your path"))).to_contain_text(
        "From zero to building ML models"
    )
    axe_audit(page)
    assert errors == []
