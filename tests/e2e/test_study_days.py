"""Picking study days in Chromium: the settings keep them, a half-filled pick is refused with
its message, and the calendar feed follows with a block on each day."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from icalendar import Calendar
from playwright.sync_api import expect

from learners.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    call_command("load_catalog", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())


def pick_monday_wednesday_friday(page, live_server) -> list[tuple[dt.datetime, dt.datetime]]:
    """Log in as the demo, try a pick without days, then pick three; the feed's blocks."""
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/settings/")
    days = page.get_by_role("group", name="Study days")

    # The demo studies Tuesday, Thursday and Saturday: untick them all but keep the time.
    for name in ("Tuesday", "Thursday", "Saturday"):
        days.get_by_label(name).uncheck()
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.get_by_text("Tick the days you study at that time, or clear it.")).to_be_visible()

    for name in ("Monday", "Wednesday", "Friday"):
        days.get_by_label(name).check()
    page.get_by_label("Study start time").fill("07:30")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    # The demo has a calendar link already.
    feed = Calendar.from_ical(page.request.get(page.locator("#calendar-url").input_value()).body())

    return sorted(
        (event.decoded("DTSTART"), event.decoded("DTEND"))
        for event in feed.walk("VEVENT")
        if "RRULE" in event
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_picking_study_days_moves_the_calendars_blocks(live_server, browser, demo, javascript):
    page = browser.new_context(java_script_enabled=javascript).new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    blocks = pick_monday_wednesday_friday(page, live_server)

    assert [start.strftime("%a %H:%M") for start, _ in blocks] == [
        "Mon 07:30",
        "Wed 07:30",
        "Fri 07:30",
    ]
    assert {end - start for start, end in blocks} == {dt.timedelta(hours=2)}
    # Chromium reports the refused pick's 400 response; nothing else may appear.
    assert [error for error in errors if "400" not in error] == []
