"""The group e-mails' messages, rendered by learners.emails.send from templates/emails/."""

from django.urls import reverse

from learners.emails import absolute, send

from .models import GroupDigest, ReviewEmail
from .review_mail import GroupSection, digest_unsubscribe_token


def digest_email(digest: GroupDigest, sections: list[GroupSection]) -> None:
    """One message for all the member's groups, one section each, with a one-click
    unsubscribe (RFC 8058) that stops digests only."""
    user = digest.user
    unsubscribe_url = absolute(
        reverse("reviews:digest_unsubscribe", args=[digest_unsubscribe_token(user.pk)])
    )
    context = {
        "name": user.profile.display_name,
        "week_start": digest.week_start,
        "sections": [
            {
                "section": section,
                "url": absolute(reverse("groups:detail", args=[section.group_id])),
                "waiting": [
                    {
                        "request": request,
                        "url": absolute(
                            reverse("reviews:review", args=[section.group_id, request.pk])
                        ),
                    }
                    for request in section.waiting
                ],
            }
            for section in sections
        ],
    }
    send("group-digest", user.email, context, unsubscribe_url=unsubscribe_url)


def review_email(review_email: ReviewEmail, reviews: list) -> None:
    """ "Your project got a review": the day's reviews, each with a link to its project."""
    user = review_email.user
    context = {
        "name": user.profile.display_name,
        "day": review_email.day,
        "reviews": [
            {
                "review": review,
                "url": absolute(
                    reverse("learners:project_detail", args=[review.project_id]) + "#peer-reviews"
                ),
            }
            for review in reviews
        ],
    }
    send("project-reviewed", user.email, context)
