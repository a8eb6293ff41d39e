"""The group e-mails' HTML in Chromium, as a mail client shows it: one main landmark, no
sideways scroll at 320 px, axe clean, and text and links at 7:1 in a light and a dark client."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from groups.models import GroupDigest, ReviewEmail
from groups.review_services import Verdict, review_save
from groups.tasks import send_digest, send_review_email
from tests.e2e.conftest import contrast
from tests.groups.reviews.conftest import group_of, learner

pytestmark = pytest.mark.django_db(transaction=True)


def email_html(kind: str) -> str:
    alice, bob = learner("alice", display_name="Alice"), learner("bob", display_name="Bob")
    group = group_of(alice, bob)
    project = alice.projects.create(title="House prices", answer_data="Kaggle.")
    request = group.review_requests.create(user=alice, project=project)
    if kind == "digest":
        digest = GroupDigest.objects.create(user=bob, week_start=dt.date(2026, 12, 7))
        assert send_digest(digest.pk) is True
    else:
        review_save(
            reviewer=bob,
            review_request=request,
            overall="",
            verdicts={"answer_data": Verdict("convincing", "")},
            now=timezone.now(),
        )
        assert send_review_email(ReviewEmail.objects.get().pk) is True
    [message] = mail.outbox
    html, _ = message.alternatives[0]
    return html


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["digest", "review"])
def test_the_group_emails_read_at_320_px_in_a_light_and_a_dark_client(
    browser, axe_violations, kind, scheme
):
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme)
    page = context.new_page()
    page.set_content(email_html(kind))

    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert axe_violations(page, f"the {kind} e-mail in a {scheme} client") == []
    ratios = {
        "text": contrast(page, "main p", "color"),
        "links": contrast(page, "main a", "color"),
    }
    assert min(ratios.values()) >= 7, ratios
    context.close()
