"""A certificate a recruiter can check, then a week that slips and a plan reset, in Chromium."""

import datetime as dt
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Path
from learners.models import CourseProgress, PlanReset, Profile
from learners.services import enrollment_start
from tests.e2e.test_my_course import log_in
from tests.learners.factories import ProfileFactory

# live_server reads the data from another thread: it must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "machine-learning-regression"


@pytest.fixture
def learner():
    call_command("load_catalog", stdout=StringIO())
    profile = ProfileFactory(
        user__username="ada",
        display_name="Ada",
        public_portfolio=True,
        public_slug="ada-ml",
    )
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    enrollment_start(user=profile.user, path=path)
    return profile.user


def test_a_verified_certificate_then_a_slipped_plan_reset(
    live_server, page, learner, console_errors, axe_audit
):
    log_in(page, live_server)

    # A certificate with Coursera's verify link, tracking query and all.
    page.goto(f"{live_server.url}/my/courses/{SLUG}/")
    status = page.locator("#course-status")
    status.get_by_label("Where you are").select_option("Certificate earned")
    status.get_by_label("Certificate verification link").fill(
        "https://www.coursera.org/verify/ADA42XY?utm_source=link&utm_medium=certificate"
    )
    status.get_by_role("button", name="Save status").click()
    expect(page.locator("#status-saved")).to_have_text("Status saved: Certificate earned.")
    assert CourseProgress.objects.get(user=learner).certificate_url == (
        "https://www.coursera.org/verify/ADA42XY"
    )

    # The public page: issuer, credential ID, the verify link and LinkedIn's form.
    page.goto(f"{live_server.url}/u/ada-ml/")
    certificate = page.locator("article.certificate")
    expect(certificate.get_by_role("heading")).to_have_text("Machine Learning: Regression")
    expect(certificate.locator(".credential-id")).to_have_text("ADA42XY")
    expect(certificate).to_contain_text("Coursera")
    expect(certificate).to_contain_text("(today)")
    expect(certificate.get_by_role("link", name="Verify")).to_have_attribute(
        "href", "https://www.coursera.org/verify/ADA42XY"
    )
    linkedin = certificate.get_by_role("link", name="Add to LinkedIn").get_attribute("href")
    today = Profile.objects.get(user=learner).local_today(timezone.now())
    assert parse_qs(urlsplit(linkedin).query) == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Machine Learning: Regression"],
        "organizationName": ["University of Washington"],
        "issueYear": [str(today.year)],
        "issueMonth": [str(today.month)],
        "certUrl": ["https://www.coursera.org/verify/ADA42XY"],
        "certId": ["ADA42XY"],
    }
    certificate.get_by_text("Values for LinkedIn’s form").click()
    expect(certificate.locator(".copy-values")).to_contain_text("University of Washington")
    axe_audit(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})

    # Falling behind: a target two weeks out, while the path takes months at 8 h a week,
    # and no hour logged this week.
    target = today + dt.timedelta(weeks=2)
    page.goto(f"{live_server.url}/settings/")
    page.get_by_label("Target finish date").fill(target.isoformat())
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status").first).to_contain_text("Settings saved.")
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("#bare-minimum")).to_contain_text("The bare minimum:")
    expect(page.locator("#bare-minimum")).to_contain_text("keeps this week’s goal")
    expect(page.locator("#target-status")).to_contain_text("Behind by")
    axe_audit(page)

    page.get_by_role("button", name="Reset my plan").click()

    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    reset = PlanReset.objects.get(user=learner)
    assert (reset.old_target, reset.new_target > target) == (target, True)
    expect(page.get_by_role("status").first).to_contain_text("Plan reset: your target is now")
    expect(page.locator("#target-status")).to_contain_text("On track")
    expect(page.locator("#last-reset")).to_contain_text(f"the target moved from {target:%-d %B %Y}")
    expect(page.get_by_role("button", name="Reset my plan")).to_have_count(0)
    axe_audit(page)
    assert console_errors == []
