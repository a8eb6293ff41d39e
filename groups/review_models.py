"""Peer review of portfolio projects, the e-mails about groups, and reports to staff.

Imported at the end of groups/models.py, so these are models of the groups app. Each row a
learner owns carries a foreign key to them (the requester, the reviewer, the reporter, the
recipient), so their export holds it and deleting their account deletes it.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from learners.models import PortfolioProject, Reminder

from . import review_rules
from .models import CheckIn, StudyGroup

COMMENT_TOO_LONG = (
    f"A comment holds at most {review_rules.REVIEW_COMMENT_MAX_CHARS:,} characters: "
    "shorten it. Nothing was saved."
)


def comment_field(verbose_name: str) -> models.TextField:
    return models.TextField(
        verbose_name,
        blank=True,
        validators=[MaxLengthValidator(review_rules.REVIEW_COMMENT_MAX_CHARS, COMMENT_TOO_LONG)],
    )


class ReviewRequest(models.Model):
    """A learner asks one of their groups to review one of their projects."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_requests"
    )
    project = models.ForeignKey(
        PortfolioProject, on_delete=models.CASCADE, related_name="review_requests"
    )
    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="review_requests")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "group"], name="review_request_once"),
        ]

    def __str__(self) -> str:
        return f"“{self.project}” asked of {self.group}"


class Review(models.Model):
    """One reviewer's verdicts on one project's interview answers, and an overall comment."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews_given"
    )
    project = models.ForeignKey(PortfolioProject, on_delete=models.CASCADE, related_name="reviews")
    # The request it answered; the review stays when the request or its group goes.
    request = models.ForeignKey(
        ReviewRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    overall = comment_field("overall comment")
    # Hidden reviews leave the owner's page and count nowhere (readiness, public count).
    hidden_by_owner = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "reviewer"], name="review_once_per_reviewer"
            ),
        ]
        # The review e-mail reads a learner's reviews of one day.
        indexes = [models.Index(fields=["project", "created_at"], name="review_project_created")]

    def __str__(self) -> str:
        return f"Review of “{self.project}” by {self.reviewer}"

    def verdicts(self) -> dict[str, str]:
        """Verdict by question key (reads the prefetched answers)."""
        return {answer.question: answer.verdict for answer in self.answers.all()}


class ReviewAnswer(models.Model):
    class Verdict(models.TextChoices):
        CONVINCING = review_rules.CONVINCING, "Convincing"
        NEEDS_WORK = review_rules.NEEDS_WORK, "Needs work"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(
        max_length=40, choices=[(key, key) for key, _ in PortfolioProject.INTERVIEW_QUESTIONS]
    )
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    comment = comment_field("comment")

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "question"], name="review_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_verdict_display()}"


# The statuses of the lease the group e-mails share with the reminders (learners.mail_lease).
MailStatus = Reminder.Status


class ClaimedMail(models.Model):
    """One e-mail sent once: created pending, claimed by a conditional update, marked sent."""

    status = models.CharField(max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class ReviewEmail(ClaimedMail):
    """ "Your project got a review": one per learner and local day, listing that day's
    reviews; the first review of the day makes the row, later ones find it there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_emails"
    )
    day = models.DateField(help_text="The learner's local day whose reviews it lists.")

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="review_email_once_a_day"),
        ]
        indexes = [models.Index(fields=["status", "day"], name="review_email_status_day")]

    def __str__(self) -> str:
        return f"Reviews of {self.day} to {self.user}"


class GroupDigest(ClaimedMail):
    """The weekly digest of all a member's groups: one per learner and local week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_digests"
    )
    week_start = models.DateField(help_text="Monday of the learner's local week.")

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="group_digest_once_a_week"),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="group_digest_status")]

    def __str__(self) -> str:
        return f"Digest of {self.week_start} to {self.user}"


class DigestOptOut(models.Model):
    """A learner who unsubscribed from group digests (hour reminders are apart)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_opt_out"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user}: no group digests"


class Report(models.Model):
    """A member reports a check-in or a review to staff; the item stays up until staff act."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    check_in = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(check_in__isnull=True, review__isnull=False)
                | Q(check_in__isnull=False, review__isnull=True),
                name="report_names_one_item",
            ),
            models.UniqueConstraint(fields=["reporter", "check_in"], name="report_check_in_once"),
            models.UniqueConstraint(fields=["reporter", "review"], name="report_review_once"),
        ]

    def __str__(self) -> str:
        return f"Report of {self.check_in or self.review} by {self.reporter}"
