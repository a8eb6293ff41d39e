import re

from playwright.sync_api import expect


def test_the_estimate_updates_in_place_with_htmx(live_server, page, console_errors, axe_audit):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("evidence employers check")
    # A marker that survives only if the page is not reloaded.
    page.evaluate("() => { window.stillTheSamePage = true; }")
    # The region stays: only its content changes (its short summary goes to a live region).
    page.evaluate("() => { document.getElementById('estimate').markedBeforeSwap = true; }")

    page.get_by_label("Hours you can study each week").fill("5")

    expect(page.locator("#estimate")).to_contain_text("At 5 h a week")
    expect(page.locator("#estimate")).to_contain_text("4–8 weeks")
    expect(page).to_have_url(re.compile(r"hours_per_week=5$"))
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert page.evaluate("() => document.getElementById('estimate').markedBeforeSwap") is True
    assert page.locator("#estimate #estimate").count() == 0
    expect(page.get_by_label("Hours you can study each week")).to_be_focused()
    assert console_errors == []
    axe_audit(page)


def test_the_estimate_form_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")

    page.get_by_label("Hours you can study each week").fill("20")
    page.get_by_role("button", name="Estimate").click()

    expect(page.locator("#estimate")).to_contain_text("At 20 h a week")
    expect(page).to_have_url(re.compile(r"hours_per_week=20$"))
    context.close()
