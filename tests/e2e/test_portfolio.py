"""A learner adds a project, sees it as evidence on the readiness map and publishes it."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.learners.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_project_becomes_evidence_and_then_public(
    live_server, browser, page, console_errors, axe_audit
):
    call_command("load_catalog", stdout=StringIO())
    user = ProfileFactory(display_name="Ada Lovelace").user
    public_url = live_server.url + "/u/ada-lovelace/"

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")

    page.get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your portfolio")
    axe_audit(page)
    page.get_by_role("button", name="Add a project").click()
    axe_audit(page)
    page.get_by_label("Title").fill("Churn prediction")
    page.get_by_label("One-line summary").fill("Which subscribers leave, and why.")
    page.get_by_label("Write-up").fill(
        "## Approach\n\nGradient boosting, validated on a **time split**.\n\n"
        "- cleaned the nulls\n- tuned on recall\n\n<script>alert('x')</script>"
    )
    page.get_by_label("Repository link").fill("https://github.com/ada/churn")
    page.get_by_label("Model evaluation & overfitting").check()
    page.get_by_label("Show it on my public portfolio").check()
    page.get_by_label("How do you know the model does not overfit?").fill(
        "A time-based hold-out and learning curves."
    )
    page.get_by_role("button", name="Save project").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Churn prediction")
    expect(page.get_by_role("heading", name="Approach")).to_be_visible()
    expect(page.get_by_text("1 of 6 answered").first).to_be_visible()
    axe_audit(page)

    page.get_by_role("link", name="Readiness").click()
    evaluation = page.get_by_role("article", name="Model evaluation & overfitting")
    expect(evaluation).to_contain_text("Evidenced")
    expect(evaluation.get_by_role("link", name="Churn prediction")).to_be_visible()
    expect(page.get_by_role("article", name="Production & monitoring")).to_contain_text("Gap")
    axe_audit(page)

    assert page.request.get(public_url).status == 404
    page.get_by_role("link", name="Portfolio").click()
    expect(page.get_by_label("Its address")).to_have_value("ada-lovelace")
    page.get_by_label("Publish my portfolio").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"public at {public_url}")

    # What a recruiter sees: a browser that never logged in.
    recruiter = browser.new_context()
    try:
        public = recruiter.new_page()
        public.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
        public.goto(public_url)
        expect(public.get_by_role("heading", level=1)).to_have_text("Ada Lovelace’s ML portfolio")
        expect(public.get_by_role("heading", name="Churn prediction")).to_be_visible()
        expect(public.get_by_text("A time-based hold-out and learning curves.")).to_be_visible()
        expect(public.get_by_role("link", name="Log in")).to_be_visible()
        expect(public.locator("body")).not_to_contain_text(user.email)
        axe_audit(public)
    finally:
        recruiter.close()
    assert console_errors == []
