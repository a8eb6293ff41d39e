"""The reminder e-mail's HTML in Chromium, as a mail client shows it: one main landmark and one
heading, no sideways scroll at 320 px, and text and links at 7:1 in a light and a dark client."""

from decimal import Decimal

import pytest
from django.core import mail

from learners.models import Reminder
from learners.tasks import send_reminder
from tests.e2e.conftest import contrast
from tests.learners.reminder_data import MONDAY, learner

# Transactional like every browser test: a non-transactional one would pull the others, which
# share its browser, ahead of the database tests (and their flush ahead of those tests).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reminder_html() -> str:
    profile = learner(user__username="alice", display_name="Alice")
    reminder = Reminder.objects.create(
        user=profile.user,
        kind=Reminder.Kind.BEHIND_PACE,
        week_start=MONDAY,
        hours_logged=Decimal("2.5"),
        goal_hours=profile.weekly_goal_hours,
    )
    assert send_reminder(reminder.pk) is True
    [message] = mail.outbox
    html, _ = message.alternatives[0]
    return html


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_reminder_reads_at_320_px_in_a_light_and_a_dark_client(
    browser, reminder_html, axe_violations, scheme
):
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme)
    page = context.new_page()
    page.set_content(reminder_html)

    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("heading", level=1).text_content() == "Your week so far"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert axe_violations(page, f"the reminder in a {scheme} client") == []
    ratios = {
        "text": contrast(page, "main p", "color"),
        "links": contrast(page, "main p a:not(.button)", "color"),
        "the button's text": contrast(page, "a.button", "color"),
    }
    assert min(ratios.values()) >= 7, ratios
    dark = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert (dark != "rgb(255, 255, 255)") is (scheme == "dark")
    context.close()
