"""The light and dark themes in Chromium: the system's by default, the learner's choice when they
make one, rendered by the server (no flash, no inline style), and in each theme text, muted text
and links at 7:1, chart marks, progress bars and focus rings at 3:1 against what is behind them."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from learners.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_PUBLIC_SLUG
from learners.models import Profile
from tests.e2e.conftest import contrast

pytestmark = pytest.mark.django_db(transaction=True)

TEXT, GRAPHICS = 7.0, 3.0
DASHBOARD_TEXT = {
    "body text": ("main p", "color"),
    "muted text": ("hgroup > p", "color"),
    "link": ("main p a", "color"),
    "brand link": (".brand", "color"),
}
DASHBOARD_GRAPHICS = {
    "bar short of the goal": (".week-chart rect.bar:not(.bar-met)", "fill"),
    "bar that met the goal": (".week-chart rect.bar-met", "fill"),
    "goal line": (".week-chart .goal-line", "stroke"),
    "progress bar": ("#week-progress", "color"),
    "empty day's edge": (".heatmap rect.level-0", "stroke"),
    "days with hours": (".heatmap rect.day:not(.level-0)", "fill"),
}


def assert_contrasts(page, wanted: dict[str, tuple[str, str]], least: float) -> None:
    ratios = {name: contrast(page, *where) for name, where in wanted.items()}
    assert {name: ratio for name, ratio in ratios.items() if ratio < least} == {}, ratios


def assert_focus_ring(page, locator) -> None:
    locator.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard: :focus-visible
    expect(locator).to_be_focused()
    width = locator.evaluate("element => parseFloat(getComputedStyle(element).outlineWidth)")
    assert width >= 2
    focused = page.evaluate("() => document.activeElement.id")
    assert contrast(page, f"#{focused}", "outlineColor") >= GRAPHICS


def theme(page) -> str | None:
    return page.evaluate("() => document.documentElement.getAttribute('data-theme')")


def background(page) -> str:
    return page.evaluate("() => getComputedStyle(document.documentElement).backgroundColor")


@pytest.fixture
def demo():
    call_command("load_catalog", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    Profile.objects.filter(user__email=DEMO_EMAIL).update(show_activity=True)


def log_in(page, live_server) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/dashboard/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_follow_the_system_theme_with_text_at_7_and_marks_at_3_to_1(
    live_server, browser, demo, scheme
):
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(f"/u/{DEMO_PUBLIC_SLUG}/")
    # Anonymous pages name no theme: the same bytes for everyone, the system decides.
    assert theme(page) is None
    dark = background(page) != "rgb(255, 255, 255)"
    assert dark is (scheme == "dark")
    assert_contrasts(page, {"body text": ("main p", "color"), "link": ("main a", "color")}, TEXT)
    assert_contrasts(page, {"heatmap day": (".heatmap rect.day:not(.level-0)", "fill")}, GRAPHICS)

    log_in(page, live_server)
    assert theme(page) is None
    assert_contrasts(page, DASHBOARD_TEXT, TEXT)
    assert_contrasts(page, DASHBOARD_GRAPHICS, GRAPHICS)
    assert_focus_ring(page, page.get_by_role("button", name="Log hours"))
    assert_focus_ring(page, page.get_by_label("Hours", exact=True))
    assert errors == []
    context.close()


def test_the_dark_setting_wins_over_a_light_system_from_the_first_paint(live_server, browser, demo):
    context = browser.new_context(base_url=live_server.url, color_scheme="light")
    page = context.new_page()
    log_in(page, live_server)
    page.goto("/settings/")

    page.get_by_label("Dark").check()
    page.get_by_role("button", name="Save settings").click()

    expect(page.locator(".messages")).to_contain_text("Settings saved.")
    assert Profile.objects.get(user__email=DEMO_EMAIL).theme == Profile.Theme.DARK
    # The server names the theme in the page itself: dark before any script or style loads.
    response = page.goto("/dashboard/")
    assert '<html lang="en" data-theme="dark">' in response.text()
    assert theme(page) == "dark"
    assert background(page) != "rgb(255, 255, 255)"
    assert_contrasts(page, DASHBOARD_TEXT, TEXT)
    assert_contrasts(page, DASHBOARD_GRAPHICS, GRAPHICS)
    assert_focus_ring(page, page.get_by_role("button", name="Log hours"))

    page.goto("/settings/")
    page.get_by_label("As my system").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".messages")).to_contain_text("Settings saved.")
    assert theme(page) is None
    assert background(page) == "rgb(255, 255, 255)"
    context.close()


# The calendar button inside a date field is a pseudo-element: no script can focus it or read
# its focused style, so the test reads the style sheet's rule for it and compares its ring with
# the one every other control has.
CALENDAR_BUTTON_RING = """() => {
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      const selector = rule.selectorText || "";
      if (selector.includes("::-webkit-calendar-picker-indicator:focus-visible")) {
        return rule.style.getPropertyValue("outline");
      }
    }
  }
  return null;
}"""


def test_the_date_fields_calendar_button_has_the_focus_ring_of_every_control(
    live_server, page, demo
):
    log_in(page, live_server)
    button = page.get_by_role("button", name="Log hours")
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring_of_a_control = button.evaluate("element => getComputedStyle(element).outlineColor")

    ring = page.evaluate(CALENDAR_BUTTON_RING)

    assert ring, "no focus ring for the date field's calendar button"
    # A shorthand with a custom property stays text in the style sheet: "2px solid var(--…)".
    width, _, colour = ring.split(" ", 2)
    assert float(width.removesuffix("px")) >= 2
    # The same colour as the other controls' rings, whose 3:1 the tests above measure.
    shown = page.evaluate(
        """colour => { const probe = document.createElement("i");
          probe.style.color = colour; document.body.append(probe);
          const value = getComputedStyle(probe).color; probe.remove(); return value; }""",
        colour,
    )
    assert shown == ring_of_a_control
