"""The demo: one review of the demo learner's public project by a demo group member."""

from io import StringIO

import pytest
from django.core.management import call_command

from groups.models import Review, ReviewAnswer
from learners.management.commands.seed_demo import DEMO_EMAIL, DEMO_PUBLIC_SLUG
from learners.models import PortfolioProject

from .conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    call_command("load_catalog", stdout=StringIO())


def test_the_demo_project_has_one_review_shown_on_both_pages(client, catalog):
    for _ in range(2):  # a second run adds nothing
        call_command("seed_demo", stdout=StringIO())
    [review] = Review.objects.select_related("project", "reviewer")
    assert review.project.public and review.reviewer.username == "demo-amara"
    assert ReviewAnswer.objects.count() == 6
    public = client.get(f"/u/{DEMO_PUBLIC_SLUG}/").content.decode()
    assert "Reviewed by 1 peer<" in public
    assert review.overall not in public
    demo = PortfolioProject.objects.get(pk=review.project_id).user
    assert demo.email == DEMO_EMAIL
    page = signed_in(demo).get(f"/portfolio/{review.project_id}/").content.decode()
    assert review.overall in page
