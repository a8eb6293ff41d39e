"""Writes of peer review and reports: asking a group, reviewing, hiding, reporting, and
unsubscribing from digests. Each write calls its side effect (the review e-mail's row) itself."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.shortcuts import get_object_or_404

from learners.models import PortfolioProject, Profile

from .models import (
    CheckIn,
    DigestOptOut,
    GroupDigest,
    Report,
    Review,
    ReviewAnswer,
    ReviewEmail,
    ReviewRequest,
)
from .review_models import MailStatus
from .selectors.membership import active_membership


@dataclass(frozen=True)
class Verdict:
    verdict: str
    comment: str


def review_request_create(*, user, project_id: int, group_id: int) -> ReviewRequest:
    """Ask group `group_id` to review project `project_id`: only the project's owner, only of a
    group they are a member of (404 otherwise). Asking twice keeps the first request."""
    project = get_object_or_404(PortfolioProject, pk=project_id, user=user)
    membership = active_membership(user=user, group_id=group_id)
    request, _ = ReviewRequest.objects.get_or_create(
        project=project, group=membership.group, defaults={"user": user}
    )
    return request


@transaction.atomic
def review_save(
    *,
    reviewer,
    review_request: ReviewRequest,
    overall: str,
    verdicts: dict[str, Verdict],
    now: dt.datetime,
) -> tuple[Review, bool]:
    """Save the reviewer's review of the request's project (their one review of it, made or
    changed); True when it is new. A new review puts its day on the owner's review e-mail.

    The caller checked that the reviewer may review it (groups.selectors.reviews)."""
    project = review_request.project
    review, created = Review.objects.update_or_create(
        project=project,
        reviewer=reviewer,
        defaults={"overall": overall, "request": review_request},
    )
    ReviewAnswer.objects.bulk_create(
        [
            ReviewAnswer(review=review, question=key, verdict=v.verdict, comment=v.comment)
            for key, v in verdicts.items()
        ],
        update_conflicts=True,
        unique_fields=["review", "question"],
        update_fields=["verdict", "comment"],
    )
    # A question whose answer was cleared since is no longer reviewed.
    review.answers.exclude(question__in=verdicts).delete()
    if created:
        owner = Profile.objects.only("time_zone").get(user=project.user_id)
        # Reviews at the same moment make one row: the unique key turns the second into nothing.
        ReviewEmail.objects.bulk_create(
            [ReviewEmail(user_id=project.user_id, day=owner.local_today(now))],
            ignore_conflicts=True,
        )
    return review, created


def review_delete(*, reviewer, review_id: int) -> int:
    deleted, _ = Review.objects.filter(pk=review_id, reviewer=reviewer).delete()
    return deleted


def review_hide(*, owner, review_id: int, hidden: bool) -> Review:
    """Hide (or show again) a review of the owner's project; 404 for anyone else's."""
    review = get_object_or_404(Review, pk=review_id, project__user=owner)
    review.hidden_by_owner = hidden
    review.save(update_fields=["hidden_by_owner", "updated_at"])
    return review


def report_check_in(*, reporter, check_in: CheckIn, reason: str) -> Report:
    """Report a check-in to staff (once per reporter); it stays up until staff act."""
    report, _ = Report.objects.get_or_create(
        reporter=reporter, check_in=check_in, defaults={"reason": reason}
    )
    return report


def report_review(*, reporter, review: Review, reason: str) -> Report:
    report, _ = Report.objects.get_or_create(
        reporter=reporter, review=review, defaults={"reason": reason}
    )
    return report


@transaction.atomic
def digests_off(*, user_id: int) -> None:
    """No more group digests for the learner (hour reminders are unaffected); any not sent
    yet is dropped."""
    DigestOptOut.objects.get_or_create(user_id=user_id)
    GroupDigest.objects.filter(user_id=user_id, status=MailStatus.PENDING).delete()


def digests_set(*, user, on: bool) -> None:
    """The learner's choice of the weekly group digest, from the groups page."""
    if on:
        DigestOptOut.objects.filter(user=user).delete()
    else:
        digests_off(user_id=user.pk)
