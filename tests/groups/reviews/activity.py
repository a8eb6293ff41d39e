"""A learner's rows in every model of the groups app, for the data-rights tests
(tests/learners/test_data_rights.py): their export holds them, their deletion removes them."""

import datetime as dt

from django.utils import timezone

from groups import services
from groups.models import DigestOptOut, GroupDigest, Report, ReviewEmail, ReviewRequest
from groups.review_services import Verdict, review_save
from learners.models import PortfolioProject
from tests.learners.factories import ProfileFactory


def give_group_activity(user) -> None:
    """`user` starts a group with a peer, checks in, asks for and gives a review, reports the
    peer's check-in, and has had both group e-mails (and unsubscribed from digests)."""
    now = timezone.now()
    peer = ProfileFactory(user__username=f"{user.username}-peer").user
    group = services.group_start(user=user, name="Peers", description="", path=None, now=now)
    services.group_join(user=peer, group_id=group.pk, shares_week=True)
    monday = dt.date(2026, 11, 2)
    group.check_ins.create(user=user, week_start=monday, did="Chapter 2")
    peer_check_in = group.check_ins.create(user=peer, week_start=monday, did="Chapter 1")
    own = PortfolioProject.objects.create(user=user, title="Churn", answer_data="A telecom set.")
    ReviewRequest.objects.create(user=user, project=own, group=group)
    peers = PortfolioProject.objects.create(user=peer, title="Prices", answer_data="Kaggle.")
    review_save(
        reviewer=user,
        review_request=ReviewRequest.objects.create(user=peer, project=peers, group=group),
        overall="Clear.",
        verdicts={"answer_data": Verdict("convincing", "")},
        now=now,
    )
    Report.objects.create(reporter=user, check_in=peer_check_in, reason="Off topic")
    ReviewEmail.objects.create(user=user, day=monday)
    GroupDigest.objects.create(user=user, week_start=monday)
    DigestOptOut.objects.create(user=user)
