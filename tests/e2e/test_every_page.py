"""Every page of the URLconf in Chromium, anonymous and signed in.

Each page must answer 200, show no template syntax (`{#`, `#}`, `{%`, `{{`) in its text, log no
console error, pass the Nu HTML Checker (one JVM run over every page collected) and axe at 1280
and 320 px (staff pages with axe's target-size rule on too), and not scroll sideways at 320 px.
The admin's import preview, the answer to a POST, is checked the same way on its own.

Every named URL must be classified in PAGES: a new URL fails `test_every_url_is_classified` until
it has its line there, either `page(address, visitors…)` or `not_crawled(why)`.
"""

import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from playwright.sync_api import expect

from courses.catalog import EXTRA_FILES
from courses.models import Course, PathStep
from groups.models import CheckIn, Review, ReviewRequest, StudyGroup
from groups.review_mail import digest_unsubscribe_token as digest_token
from learners import plan_services
from learners.management.commands.seed_demo import DEMO_EMAIL, DEMO_PUBLIC_SLUG
from learners.models import PortfolioProject, StudySession
from learners.reminders import unsubscribe_token
from tests.conftest import ROOT
from tests.courses.factories import CourseFactory

pytestmark = pytest.mark.django_db(transaction=True)

ANONYMOUS, LEARNER, STAFF = "anonymous", "learner", "staff"
EVERYONE = (ANONYMOUS, LEARNER)
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDE, NARROW = 1280, 320
TEMPLATE_SYNTAX = ("{#", "#}", "{%", "{{")
REGRESSION = "machine-learning-regression"
STAFF_EMAIL = "staff@certguide.local"


@dataclass
class Crawl:
    """The rows the addresses name: the demo learner's (`manage.py seed_demo`) and a staff user."""

    learner: object
    staff: object
    project_id: int
    study_session_id: int
    group: object  # the demo learner's study group
    check_in_id: int  # the demo learner's check-in in it


@dataclass(frozen=True)
class Page:
    address: Callable[[Crawl], str]
    visitors: tuple[str, ...]


@dataclass(frozen=True)
class NotCrawled:
    reason: str


def page(address: str | Callable[[Crawl], str], *visitors: str) -> Page:
    """A page at `address` (or built from the crawl's rows), seen by `visitors` (everyone)."""
    return Page(address if callable(address) else lambda _: address, visitors or EVERYONE)


def not_crawled(reason: str) -> NotCrawled:
    return NotCrawled(reason)


def post_only(form_on: str) -> NotCrawled:
    return not_crawled(f"POST only; its form is on {form_on}")


def email_confirmation(crawl: Crawl) -> str:
    address = EmailAddress.objects.create(user=crawl.staff, email="new@certguide.local")
    return reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])


def password_reset(crawl: Crawl) -> str:
    # allauth moves the key into the session and redirects to the form's own address.
    uidb36, key = user_pk_to_url_str(crawl.staff), default_token_generator.make_token(crawl.staff)
    return reverse("account_reset_password_from_key", kwargs={"uidb36": uidb36, "key": key})


def request_to_review(crawl: Crawl) -> ReviewRequest:
    """The demo's request waiting for the demo learner (Jonas's project)."""
    return ReviewRequest.objects.exclude(user=crawl.learner).get(group=crawl.group)


def others_check_in(crawl: Crawl) -> CheckIn:
    return CheckIn.objects.filter(group=crawl.group).exclude(user=crawl.learner).first()


def review_received(crawl: Crawl) -> Review:
    return Review.objects.get(project=crawl.project_id)


# Named URLs by view name; "namespace:*" classifies a whole namespace.
PAGES: dict[str, Page | NotCrawled] = {
    "home": page("/"),
    "healthz": not_crawled("JSON for load balancers"),
    "admin:index": page("/admin/", STAFF),
    "admin:courses_course_changelist": page("/admin/courses/course/?level__exact=beginner", STAFF),
    "admin:courses_course_import": page("/admin/courses/course/import/", STAFF),
    "admin:courses_course_export": page("/admin/courses/course/export/", STAFF),
    "admin:*": not_crawled("Django's own admin pages; tests/courses/test_admin.py"),
    "courses:list": page("/courses/"),
    "courses:detail": page(f"/courses/{REGRESSION}/"),
    "courses:path_list": page("/paths/"),
    "courses:path_detail": page("/paths/from-zero-to-building-ml-models/"),
    "account_login": page("/accounts/login/", ANONYMOUS),
    "account_signup": page("/accounts/signup/", ANONYMOUS),
    "account_logout": page("/accounts/logout/", LEARNER),
    "account_inactive": page("/accounts/inactive/", ANONYMOUS),
    "account_email_verification_sent": page("/accounts/confirm-email/", ANONYMOUS),
    "account_confirm_email": page(email_confirmation, ANONYMOUS),
    "account_email": page("/accounts/email/", LEARNER),
    "account_change_password": page("/accounts/password/change/", LEARNER),
    "account_set_password": not_crawled("every account has a password: it redirects to change"),
    "account_reset_password": page("/accounts/password/reset/", ANONYMOUS),
    "account_reset_password_done": page("/accounts/password/reset/done/", ANONYMOUS),
    "account_reset_password_from_key": page(password_reset, ANONYMOUS),
    "account_reset_password_from_key_done": page("/accounts/password/reset/key/done/", ANONYMOUS),
    "account_reauthenticate": page("/accounts/reauthenticate/", LEARNER),
    "account_request_reauthentication_code": not_crawled("log-in by e-mailed code is off"),
    "account_confirm_reauthentication_code": not_crawled("log-in by e-mailed code is off"),
    "account_confirm_login_code": not_crawled("log-in by e-mailed code is off"),
    "learners:onboarding": page("/start/", LEARNER),
    "learners:onboarding_plan": page("/start/plan/", LEARNER),
    "learners:enrol": post_only("/start/plan/"),
    "learners:dashboard": page("/dashboard/", LEARNER),
    "learners:my_course": page(f"/my/courses/{REGRESSION}/", LEARNER),
    "learners:course_status": post_only("the course's own page"),
    "learners:assignment_complete": post_only("the course's own page"),
    "learners:assignment_undo": post_only("the course's own page"),
    "learners:hours": page("/hours/", LEARNER),
    "learners:log_hours": post_only("the dashboard"),
    "learners:edit_hours": page(lambda c: f"/hours/{c.study_session_id}/edit/", LEARNER),
    "learners:delete_hours": post_only("/hours/"),
    "learners:portfolio": page("/portfolio/", LEARNER),
    "learners:portfolio_publish": post_only("/portfolio/"),
    "learners:project_new": page("/portfolio/new/", LEARNER),
    "learners:project_detail": page(lambda c: f"/portfolio/{c.project_id}/", LEARNER),
    "learners:project_edit": page(lambda c: f"/portfolio/{c.project_id}/edit/", LEARNER),
    "learners:project_delete": page(lambda c: f"/portfolio/{c.project_id}/delete/", LEARNER),
    "learners:readiness": page("/readiness/", LEARNER),
    "learners:public_portfolio": page(f"/u/{DEMO_PUBLIC_SLUG}/"),
    "learners:reminders": page("/reminders/", LEARNER),
    "learners:unsubscribe": page(
        lambda c: reverse("learners:unsubscribe", args=[unsubscribe_token(c.learner.pk)]),
        ANONYMOUS,
    ),
    "learners:settings": page("/settings/", LEARNER),
    "learners:export": not_crawled("a JSON download"),
    "learners:delete_account": page("/settings/delete/", LEARNER),
    "learners:plan_reset": post_only("the dashboard"),
    "learners:course_note": post_only("the course's own page"),
    "learners:calendar_feed": not_crawled(
        "an iCalendar file; tests/learners/test_calendar_feed.py"
    ),
    "learners:calendar_link": post_only("/settings/"),
    "learners:token_create": post_only("/settings/"),
    "learners:token_revoke": post_only("/settings/"),
    "learners:plan": page("/my/plan/", LEARNER),
    "learners:plan_to_official": page("/my/plan/official/", LEARNER),
    "learners:plan_make": post_only("the dashboard and the path page"),
    "learners:plan_offer": post_only("the dashboard and /my/plan/"),
    "learners:plan_step_add": post_only("/my/plan/"),
    "learners:plan_step_move": post_only("/my/plan/"),
    "learners:plan_step_skip": post_only("/my/plan/"),
    "learners:plan_step_unskip": post_only("/my/plan/"),
    "learners:plan_step_remove": post_only("/my/plan/"),
    "groups:list": page("/groups/", LEARNER),
    "groups:start": page("/groups/new/", LEARNER),
    "groups:detail": page(lambda c: f"/groups/{c.group.pk}/", LEARNER),
    "groups:sharing": post_only("the group's page"),
    "groups:check_in": post_only("the group's page"),
    "groups:check_in_edit": page(
        lambda c: f"/groups/{c.group.pk}/check-ins/{c.check_in_id}/edit/", LEARNER
    ),
    "groups:check_in_delete": post_only("the group's page"),
    "groups:leave": page(lambda c: f"/groups/{c.group.pk}/leave/", LEARNER),
    "groups:manage": page(lambda c: f"/groups/{c.group.pk}/manage/", LEARNER),
    "groups:rename": post_only("the group's manage page"),
    "groups:invite_renew": post_only("the group's manage page"),
    "groups:member_remove": post_only("the group's manage page"),
    "groups:hand_over": post_only("the group's manage page"),
    "groups:delete": page(lambda c: f"/groups/{c.group.pk}/delete/", LEARNER),
    # Staff are no member of the demo's group: they see the invite and its Join button.
    "groups:join": page(
        lambda c: reverse("groups:join", args=[c.group.pk, c.group.invite_token]), STAFF
    ),
    "reviews:review": page(
        lambda c: f"/groups/{c.group.pk}/reviews/{request_to_review(c).pk}/", LEARNER
    ),
    "reviews:review_delete": post_only("the review's own page"),
    "reviews:check_in_report": page(
        lambda c: f"/groups/{c.group.pk}/report/?check_in={others_check_in(c).pk}", LEARNER
    ),
    "reviews:ask": post_only("the project's page"),
    "reviews:hide": post_only("the project's page"),
    "reviews:review_report": page(
        lambda c: f"/portfolio/{c.project_id}/reviews/{review_received(c).pk}/report/", LEARNER
    ),
    "reviews:digest_setting": post_only("/groups/"),
    "reviews:digest_unsubscribe": page(
        lambda c: reverse("reviews:digest_unsubscribe", args=[digest_token(c.learner.pk)]),
        ANONYMOUS,
    ),
    "catalog_usage": page("/admin/catalog-usage/", STAFF),
    "api-v1:openapi-view": not_crawled(
        "django-ninja's own Swagger UI; tests/e2e/test_api_docs.py loads it under the CSP"
    ),
    "api-v1:*": not_crawled("the JSON API; tests/api/"),
}


def url_names(patterns=None, namespace: str = "") -> set[str]:
    """Every URL pattern's view name; an unnamed one as its namespace's "namespace:*"."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace)))
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
            else:
                names.add(f"{namespace}:*")
    return names


def classification(name: str) -> Page | NotCrawled | None:
    namespace = name.rpartition(":")[0]
    return PAGES.get(name) or (PAGES.get(f"{namespace}:*") if namespace else None)


def test_every_url_is_classified():
    unclassified = sorted(name for name in url_names() if classification(name) is None)
    stale = sorted(name for name in PAGES if not name.endswith(":*") and name not in url_names())

    assert unclassified == [], "classify these URLs in PAGES (tests/e2e/test_every_page.py)"
    assert stale == [], "these PAGES entries name no URL any more"


def template_syntax_leaks(text: str) -> list[str]:
    """Each line of `text` that shows template syntax, as "text line N: …"."""
    return [
        f"text line {number}: {line.strip()[:120]}"
        for number, line in enumerate(text.splitlines(), start=1)
        if any(token in line for token in TEMPLATE_SYNTAX)
    ]


def source_line(html: str, leak: str) -> str:
    """Where in the served HTML the leaked text starts: "line N" (or "?")."""
    text = leak.split(": ", 1)[1][:40]
    for number, line in enumerate(html.splitlines(), start=1):
        if text in line:
            return f"line {number}"
    return "line ?"


def test_template_syntax_leaks_are_found_with_their_line():
    text = "Catalog\n{# needs form, action,\nthe region #}\nplain {text} and 50% off"

    assert template_syntax_leaks(text) == [
        "text line 2: {# needs form, action,",
        "text line 3: the region #}",
    ]


def html_checker_errors(pages: dict[str, str], folder: Path) -> list[str]:
    """Nu HTML Checker errors of every page, from one JVM run, as "<page> line N: message"."""
    files = {}
    for number, (label, html) in enumerate(pages.items()):
        path = (folder / f"page-{number}.html").resolve()
        path.write_text(html)
        files[str(path)] = label
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    checked = {message.get("url", "").removeprefix("file:") for message in messages}
    assert checked <= set(files), f"the checker read other files: {checked - set(files)}"
    return [
        f"{files.get(message.get('url', '').removeprefix('file:'), message.get('url'))} "
        f"line {message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]


def test_the_html_checker_names_each_page_and_line(tmp_path):
    pages = {
        "GET /good/ as anonymous": "<!doctype html><html lang=en><title>t</title><p>fine</p>",
        "GET /bad/ as learner": (
            "<!doctype html><html lang=en><title>t</title>\n<p hx-get=/x>bad</p>"
        ),
    }

    errors = html_checker_errors(pages, tmp_path)

    assert len(errors) == 1
    assert errors[0].startswith("GET /bad/ as learner line 2: Attribute “hx-get” not allowed")


@pytest.fixture
def crawl(catalog_and_demo) -> Crawl:
    learner = get_user_model().objects.get(email=DEMO_EMAIL)
    staff = get_user_model().objects.create_superuser("staff", STAFF_EMAIL, "staff-password-1")
    EmailAddress.objects.create(user=staff, email=STAFF_EMAIL, verified=True, primary=True)
    return Crawl(
        learner=learner,
        staff=staff,
        project_id=PortfolioProject.objects.filter(user=learner, public=True).get().pk,
        study_session_id=StudySession.objects.filter(user=learner).first().pk,
        group=(group := StudyGroup.objects.get(owner=learner)),
        check_in_id=CheckIn.objects.get(group=group, user=learner).pk,
    )


@pytest.fixture
def catalog_and_demo():
    call_command("load_catalog", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    own_plan_of_the_demo_learner()


def own_plan_of_the_demo_learner() -> None:
    """The demo learner's path made their own: the first step skipped with a certificate held
    elsewhere, an exam with no hours known added first, and a course the path gained since
    (offered on the dashboard), so that the plan's pages show each of their parts."""
    learner = get_user_model().objects.get(email=DEMO_EMAIL)
    path = learner.enrollments.get(status="active").path
    plan = plan_services.plan_make(user=learner, path=path)
    plan_services.plan_step_skip(
        user=learner,
        step_id=plan.steps.order_by("position").first().pk,
        reason="certificate",
        issuer="Coursera",
        url="https://www.coursera.org/verify/ABC123",
    )
    exam = CourseFactory(
        title="Professional ML Engineer exam",
        program_type=Course.ProgramType.CERTIFICATION_EXAM,
        price_model=Course.PriceModel.ONE_TIME,
        one_time_fee_usd=200,
        estimated_hours=None,
    )
    plan_services.plan_step_add(user=learner, course=exam, position=1, why="My job needs it.")
    other = Course.objects.published().exclude(path_steps__path=path).exclude(pk=exam.pk).first()
    PathStep.objects.create(
        path=path, course=other, position=path.steps.count() + 1, why_here="Staff added it."
    )


@dataclass
class Visitor:
    name: str
    page: object
    console: list[str] = field(default_factory=list)


def signed_in_cookies(user, base_url: str) -> list[dict]:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return [{"name": cookie.key, "value": cookie.value, "url": base_url}]


def visit(visitor: Visitor, url: str, label: str, axe, problems: list[str]) -> str | None:
    """Load one page and check it at both widths; its HTML as served, for the checker."""
    page = visitor.page
    page.set_viewport_size({"width": WIDE, "height": 900})
    visitor.console.clear()
    response = page.goto(url)
    if response is None or response.status != 200:
        problems.append(f"{label}: status {response and response.status}, at {page.url}")
        return None
    html = response.text()
    check_shown_page(visitor, label, html, axe, problems)
    return html


def check_shown_page(visitor: Visitor, label: str, html: str, axe, problems: list[str]) -> None:
    """The checks of a page on screen, at 1280 px then at 320 px. Its console is read first: axe
    itself may upset a CSP that the context does not bypass."""
    page = visitor.page
    problems += [f"{label} console error: {error}" for error in visitor.console]
    page.set_viewport_size({"width": WIDE, "height": 900})
    shown = page.evaluate("() => document.title + '\\n' + document.body.innerText")
    problems += [
        f"{label} shows template syntax: {leak} (served HTML {source_line(html, leak)})"
        for leak in template_syntax_leaks(shown)
    ]
    problems += axe(page, f"{label} at {WIDE} px")
    page.set_viewport_size({"width": NARROW, "height": 800})
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width > NARROW:
        problems.append(f"{label} scrolls sideways at {NARROW} px (scrollWidth {scroll_width})")
    problems += axe(page, f"{label} at {NARROW} px")


def test_every_page_is_valid_accessible_and_fits(
    live_server, browser, crawl, axe_violations, tmp_path
):
    problems: list[str] = []
    served: dict[str, str] = {}
    users = {LEARNER: crawl.learner, STAFF: crawl.staff}
    for name in (ANONYMOUS, LEARNER, STAFF):
        # The audit's context bypasses the CSP so that axe can be injected; a CSP violation of
        # the page's own would still be a console error in the other browser tests.
        context = browser.new_context(base_url=live_server.url, bypass_csp=True)
        if name in users:
            context.add_cookies(signed_in_cookies(users[name], live_server.url))
        visitor = Visitor(name, context.new_page())
        visitor.page.on(
            "console", lambda m, v=visitor: m.type == "error" and v.console.append(m.text)
        )
        visitor.page.on("pageerror", lambda error, v=visitor: v.console.append(str(error)))
        axe = partial(axe_violations, enable=("target-size",)) if name == STAFF else axe_violations
        for url_name, kind in PAGES.items():
            if not isinstance(kind, Page) or name not in kind.visitors:
                continue
            url = kind.address(crawl)
            label = f"GET {url} ({url_name}) as {name}"
            html = visit(visitor, live_server.url + url, label, axe, problems)
            if html is not None:
                served[label] = html
        context.close()

    problems += html_checker_errors(served, tmp_path)

    assert len(served) >= 30, sorted(served)
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_import_preview_and_export_are_valid_accessible_and_fit(
    live_server, browser, catalog_with_backers, axe_violations, tmp_path
):
    """The preview of the extra programs' import, and the export page, under the site's CSP (no
    console error)."""
    staff = get_user_model().objects.create_superuser("staff", STAFF_EMAIL, "staff-password-1")
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(signed_in_cookies(staff, live_server.url))
    visitor = Visitor(STAFF, context.new_page())
    visitor.page.on("console", lambda m: m.type == "error" and visitor.console.append(m.text))
    page = visitor.page
    page.goto("/admin/courses/course/import/")
    page.get_by_label("File to import").set_input_files(str(EXTRA_FILES[-1][1]))
    page.get_by_label("Format").select_option(label="csv")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Submit").click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("tbody tr")).to_have_count(10)
    assert preview.get_attribute("tabindex") == "0"
    assert preview.get_by_role("columnheader").first.text_content() == "Change"
    problems: list[str] = []
    label = "the import preview (POST /admin/courses/course/import/) as staff"
    axe = partial(axe_violations, enable=("target-size",))
    check_shown_page(visitor, label, answer.value.text(), axe, problems)
    served = {label: answer.value.text()}
    # The export page, under the CSP too: "Select all" still unticks every field.
    visitor.console.clear()
    label = "GET /admin/courses/course/export/ as staff, under the CSP"
    export = f"{live_server.url}/admin/courses/course/export/"
    served[label] = visit(visitor, export, label, axe, problems)
    page.get_by_label("Select all").uncheck()
    ticked = page.locator(".selectable-field-export-row input[type=checkbox]:checked")
    expect(ticked).to_have_count(0)
    problems += html_checker_errors(served, tmp_path)
    context.close()

    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)
