"""A study group in Chromium: Alice starts one and copies its invite link; Bob opens it, signs
in, joins sharing his week and checks in; each htmx change moves focus to its control and is
announced by the page's live region. Then Alice asks the group to review her project, Bob
reviews it, and with a second convinced peer Alice sees the reviews on the project page and
the check peer-reviewed on her readiness map."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from groups.models import ReviewRequest, StudyGroup
from groups.review_services import Verdict, review_save
from groups.services import group_join
from tests.e2e.test_focus_and_announcements import assert_after_swap, mark_live_region
from tests.e2e.test_peer_review import house_prices, review_on_group_page
from tests.learners.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in_at(page, email: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_learner_starts_a_group_and_another_joins_and_checks_in(live_server, browser, axe_audit):
    call_command("load_catalog", stdout=StringIO())
    alice = ProfileFactory(user__username="alice").user
    bob = ProfileFactory(user__username="bob").user
    project = house_prices(alice)

    owner = browser.new_context(base_url=live_server.url).new_page()
    owner.goto("/accounts/login/")
    log_in_at(owner, alice.email)
    owner.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    owner.get_by_role("button", name="Start a group").click()
    owner.get_by_label("Name").fill("Evening learners")
    owner.get_by_role("button", name="Start the group").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Manage “Evening learners”")
    invite = owner.get_by_label("The group’s invite link").input_value()
    assert re.fullmatch(rf"{live_server.url}/groups/\d+/join/[\w-]{{32}}/", invite)
    axe_audit(owner)

    member = browser.new_context(base_url=live_server.url).new_page()
    member.goto(invite)
    expect(member).to_have_url(re.compile(r"/accounts/login/\?next="))
    log_in_at(member, bob.email)
    expect(member.get_by_role("heading", level=1)).to_have_text("Join “Evening learners”")
    expect(member.get_by_label("Share my week with the group")).to_be_checked()
    member.get_by_role("button", name="Join").click()
    expect(member.get_by_role("status").first).to_have_text("Welcome to “Evening learners”.")
    axe_audit(member)

    mark_live_region(member, "group-status")
    member.get_by_label("What I did").fill("Two chapters on **trees**")
    member.get_by_role("button", name="Post my check-in").click()
    assert_after_swap(
        member, "group-status", re.compile(r"^Check-in saved for the week of"), "#save-check-in"
    )
    expect(member.locator(".check-in strong")).to_have_text("trees")

    member.get_by_label("Share my week with the group").uncheck()
    member.get_by_role("button", name="Save what I share").click()
    assert_after_swap(
        member,
        "group-status",
        "Your week is private: the group sees only your name.",
        "#save-sharing",
    )

    owner.goto(re.sub(r"join/.*", "", invite))
    expect(owner.get_by_role("row", name=re.compile("Bob"))).to_contain_text("Not shared")
    expect(owner.locator(".check-in")).to_contain_text("Two chapters on trees")

    owner.goto(f"/portfolio/{project.pk}/")
    mark_live_region(owner, "review-status")
    owner.get_by_label("Ask a group to review it").select_option(label="Evening learners")
    owner.get_by_role("button", name="Ask for a review").click()
    asked = "Asked Evening learners to review “House prices”."
    assert_after_swap(owner, "review-status", asked, "#peer-reviews-heading")

    member.reload()
    convincing = ("Convincing", "")
    review_on_group_page(
        member,
        "House prices",
        {"Where did the data come from": convincing, "How do you know the model": convincing},
    )
    owner.reload()
    expect(owner.locator("#peer-reviews")).to_contain_text("1 peer reviewed your answers.")
    axe_audit(owner)

    # A second peer, convinced too, makes the check peer-reviewed.
    carol = ProfileFactory(user__username="carol").user
    group_join(user=carol, group_id=StudyGroup.objects.get().pk, shares_week=False)
    review_save(
        reviewer=carol,
        review_request=ReviewRequest.objects.get(),
        overall="",
        verdicts={
            "answer_data": Verdict("convincing", ""),
            "answer_overfitting": Verdict("convincing", ""),
        },
        now=timezone.now(),
    )
    owner.reload()
    expect(owner.locator("#peer-reviews")).to_contain_text("2 peers reviewed your answers.")
    owner.get_by_role("link", name="Readiness").click()
    evaluation = owner.get_by_role("article", name="Model evaluation & overfitting")
    expect(evaluation).to_contain_text("Peer-reviewed")
    # Listed twice: as the learner's own evidence, and as peer-reviewed.
    expect(evaluation.get_by_role("link", name="House prices")).to_have_count(2)
