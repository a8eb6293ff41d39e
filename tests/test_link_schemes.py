"""Every link to somewhere else that a page renders from stored data is http(s) (ASVS L1), with
no direction or zero-width character in it.

Forms refuse other schemes, but rows made without validation (the catalog loader, the shell,
a migration) may hold any: each page checks the scheme again where it renders the link. Here
the rows are made with `.create()`, as such code would, and every href of each page is read.
"""

import datetime as dt
import html
import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from courses.models import Assignment, Course, Path
from courses.rules import has_hidden_characters
from learners.models import AssignmentCompletion, CourseProgress, PortfolioProject
from learners.services import enrollment_start
from tests.learners.factories import ProfileFactory

pytestmark = pytest.mark.django_db

REGRESSION = "machine-learning-regression"
HOSTILE_LINKS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.com/certificate.pdf",
    # http(s), but with characters that make it look like another address.
    "https://git\u200bhub.com/alice/work",
    "https://example.com/\u202efdp.exe",
]
SAFE_SCHEMES = {"", "http", "https", "mailto"}
HREF = re.compile(r'href="([^"]*)"')


def hrefs(response) -> list[str]:
    assert response.status_code == 200
    return [html.unescape(href) for href in HREF.findall(response.content.decode())]


def assert_only_safe_links(response, what: str) -> None:
    for href in hrefs(response):
        # urlsplit drops the tabs and leading spaces a browser drops too.
        assert urlsplit(href).scheme.lower() in SAFE_SCHEMES, f"{what}: {href}"
        assert not has_hidden_characters(href), f"{what}: {href!r}"


@pytest.fixture
def learner_with_links(db):
    """A published learner whose every stored link is `link`, made without validation."""
    call_command("load_catalog", stdout=StringIO())

    def make(link: str):
        profile = ProfileFactory(public_portfolio=True, public_slug="alice-ml")
        user = profile.user
        enrollment_start(user=user, path=Path.objects.get(slug="from-zero-to-building-ml-models"))
        course = Course.objects.get(slug=REGRESSION)
        Course.objects.filter(pk=course.pk).update(url=link)
        day = dt.date.today()
        CourseProgress.objects.create(
            user=user,
            course=course,
            status=CourseProgress.Status.CERTIFIED,
            started_on=day,
            completed_on=day,
            certified_on=day,
            certificate_url=link,
        )
        AssignmentCompletion.objects.create(
            user=user,
            assignment=Assignment.objects.filter(course=course).first(),
            day=day,
            hours=1,
            link=link,
        )
        project = PortfolioProject.objects.create(
            user=user, title="House prices", public=True, repo_url=link, demo_url=link
        )
        return user, project

    return make


def pages(client, user, project) -> dict:
    public = {
        "course": client.get(f"/courses/{REGRESSION}/"),
        "public portfolio": client.get("/u/alice-ml/"),
    }
    client.force_login(user)
    return public | {
        "my course": client.get(f"/my/courses/{REGRESSION}/"),
        "project": client.get(f"/portfolio/{project.pk}/"),
        "portfolio": client.get("/portfolio/"),
        "dashboard": client.get("/dashboard/"),
        "readiness": client.get("/readiness/"),
    }


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_a_stored_link_of_another_scheme_is_never_rendered(client, learner_with_links, link):
    user, project = learner_with_links(link)

    for what, response in pages(client, user, project).items():
        assert_only_safe_links(response, what)


def test_a_stored_https_link_is_rendered_everywhere_it_belongs(client, learner_with_links):
    link = "https://example.com/alice/work"
    user, project = learner_with_links(link)

    shown = {
        what: hrefs(response).count(link) for what, response in pages(client, user, project).items()
    }

    # The course's own page; the certificate and both project links on the public page; the
    # certificate and the assignment's work on the learner's course page; the project's links.
    assert shown["course"] == 1
    assert shown["public portfolio"] == 3
    assert shown["my course"] == 2
    assert shown["project"] == 2
