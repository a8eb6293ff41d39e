"""Making a path one's own in Chromium: enrol, make it mine, skip course 1 with a certificate,
add an exam, move course 3 to the top. The dashboard's n of m and finish date, and the
calendar, follow."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Course, Path
from learners.models import PlanStep
from learners.selectors.calendar import planned_finishes
from tests.courses.factories import CourseFactory
from tests.e2e.test_my_course import log_in
from tests.learners.factories import ProfileFactory

# live_server reads the data from another thread: it must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

ZERO = "from-zero-to-building-ml-models"


@pytest.fixture
def learner():
    call_command("load_catalog", stdout=StringIO())
    CourseFactory(
        title="Professional ML Engineer exam",
        slug="professional-ml-engineer",
        program_type=Course.ProgramType.CERTIFICATION_EXAM,
        price_model=Course.PriceModel.ONE_TIME,
        one_time_fee_usd=Decimal(200),
        estimated_hours=None,
    )
    return ProfileFactory(user__username="ada", display_name="Ada").user


def finish_date(page) -> str:
    return page.locator("#projection-heading + p time").inner_text()


def step_item(page, title: str):
    return page.locator("ol.plan-steps > li").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )


def test_enrol_make_it_mine_skip_add_and_reorder(
    live_server, page, learner, console_errors, axe_audit
):
    log_in(page, live_server)
    path = Path.objects.get(slug=ZERO)
    titles = list(path.steps.order_by("position").values_list("course__title", flat=True))

    # Enrol from the path page: "Make this path mine" enrols too.
    page.goto(f"{live_server.url}/paths/{ZERO}/")
    page.get_by_role("button", name="Make this path mine").click()
    expect(page).to_have_url(f"{live_server.url}/my/plan/")
    expect(page.locator(".messages")).to_contain_text("is now your own plan")
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("#path-count")).to_contain_text("0 of 5 courses done")
    before = finish_date(page)

    # Skip course 1: I hold its certificate, with Coursera's verify link.
    page.get_by_role("button", name="Change my plan").click()
    first = step_item(page, titles[0])
    first.locator("summary").click()
    first.get_by_label("I hold its certificate").check()
    first.get_by_label("Verification link (optional)").fill(
        "https://www.coursera.org/verify/ADA42XY?utm_source=link"
    )
    first.get_by_role("button", name=re.compile("^Skip “")).click()
    expect(page.locator(".messages")).to_contain_text(f"Skipped “{titles[0]}”")
    expect(step_item(page, titles[0]).locator("del")).to_have_text(titles[0])

    # Add the exam first, with a note of why.
    page.get_by_label("Program", exact=True).select_option(label="Professional ML Engineer exam")
    page.get_by_label("At position").fill("1")
    page.get_by_label("Why (optional)").fill("My employer pays for it.")
    page.get_by_role("button", name="Add to my plan").click()
    expect(page.locator(".messages")).to_contain_text("as step 1")
    expect(page.locator("#hours-unknown")).to_contain_text("Professional ML Engineer exam")

    # Course 3 to the top: three moves up by keyboard (it is step 4 after the exam).
    third = step_item(page, titles[2])
    move_up = third.get_by_role("button", name=re.compile("^Move up"))
    for _ in range(3):
        move_up.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    order = page.locator("ol.plan-steps > li h3").all_inner_texts()
    assert order[:3] == [titles[2], "Professional ML Engineer exam", titles[0]]
    expect(move_up).to_be_disabled()
    assert not console_errors
    axe_audit(page)

    # The dashboard: one skipped, the exam counted in n of m, four courses' hours in the date.
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("#path-count")).to_contain_text("0 of 5 courses done (1 skipped)")
    after = finish_date(page)
    assert after != before
    expect(page.locator("#hours-unknown")).to_be_visible()
    steps = page.locator("ol.steps h3").all_inner_texts()
    assert steps[0] == titles[2]

    # The calendar follows: course 3 first, course 1 not at all, the exam without a date.
    profile = learner.profile
    finishes = planned_finishes(profile=profile, now=timezone.now())
    slugs = [finish.key for finish in finishes if finish.key != "target"]
    first_slug = PlanStep.objects.get(user=learner, position=3).course.slug
    assert slugs[0] == PlanStep.objects.get(user=learner, position=1).course.slug
    assert first_slug not in slugs and "professional-ml-engineer" not in slugs
    assert re.match(r"\d+ \w+ \d{4}", after)
