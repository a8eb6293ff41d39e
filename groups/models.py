"""Study groups: learners who see each other's week, post weekly check-ins and review each
other's projects.

Every model here a learner owns has a foreign key to the user, so the learner's export finds
it (learners.selectors.export lists this app among its owner apps).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.safestring import SafeString, mark_safe

from courses.models import Path, TitleField

from . import rules


class StudyGroup(models.Model):
    name = TitleField(max_length=80)
    path = models.ForeignKey(
        Path, on_delete=models.PROTECT, null=True, blank=True, related_name="study_groups"
    )
    description = models.CharField(max_length=300, blank=True)
    # Protected: deleting an owner's account hands the group on first
    # (groups.services.owner_leaving, which the account deletion calls).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_study_groups"
    )
    # The secret part of the invite link; a new one replaces it, and the old link stops working.
    invite_token = models.CharField(max_length=64, blank=True, default="")
    invite_created_at = models.DateTimeField(null=True, blank=True)
    # What opens the group to a newcomer stays out of the owner's data export.
    SECRET_FIELDS = ("invite_token",)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def invite_expires_at(self):
        """When the current invite link stops working; None when there is none."""
        if not self.invite_created_at:
            return None
        return rules.invite_expires_at(self.invite_created_at)


class Membership(models.Model):
    """A learner in a group. Leaving or being removed deletes the row."""

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    # Chosen on joining, changeable any time: the member's display name always shows; this
    # adds this week's hours against their goal and their streak, and nothing else.
    shares_week = models.BooleanField("share my week", default=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_once_per_group"),
        ]
        # "My groups" reads memberships by user.
        indexes = [models.Index(fields=["user", "group"], name="membership_user_group")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


class CheckIn(models.Model):
    """One member's note on their week in one group: what they did, what is next, where they
    are stuck (Markdown), each with its cleaned HTML, rendered when the member saves it: the
    group page shows up to 30 members' check-ins of four weeks, and rendering Markdown on each
    view cost it most of its time."""

    PROMPTS = (
        ("did", "What I did"),
        ("next", "What is next"),
        ("stuck", "Where I am stuck"),
    )

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="check_ins")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    week_start = models.DateField(help_text="Monday of the member's local week it is about.")
    did = models.TextField("what I did", blank=True)
    next = models.TextField("what is next", blank=True)
    stuck = models.TextField("where I am stuck", blank=True)
    did_html = models.TextField(editable=False, blank=True)
    next_html = models.TextField(editable=False, blank=True)
    stuck_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_start", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user", "week_start"], name="check_in_once_per_week"
            ),
            # The three prompts together, as rules.check_in_problem counts them.
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    Length("did") + Length("next") + Length("stuck"), rules.CHECK_IN_MAX_CHARS
                ),
                name="check_in_length",
            ),
        ]
        # The group page reads a group's check-ins of the last weeks.
        indexes = [models.Index(fields=["group", "week_start"], name="check_in_group_week")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}, week of {self.week_start}"

    def prompts(self) -> list[tuple[str, str]]:
        """(prompt, text) for the prompts the member answered, in order."""
        answers = [(label, getattr(self, field)) for field, label in self.PROMPTS]
        return [(label, text) for label, text in answers if text]

    def answers_html(self) -> SafeString:
        """Each answered prompt as a heading and its cleaned HTML, in order: one string built
        here, because the group page shows up to 120 check-ins and a template loop over their
        prompts cost more than the rest of each check-in."""
        # The HTML was cleaned by learners.markdown when saved (services._check_in_values).
        answers = []
        for field, label in self.PROMPTS:
            if html := getattr(self, f"{field}_html"):
                answers.append(f'<h5>{label}</h5>\n<div class="write-up">{html}</div>\n')
        return mark_safe("".join(answers))


# Peer review, the group e-mails and reports: a module of their own, models of this app.
from .review_models import (  # noqa: E402, F401
    DigestOptOut,
    GroupDigest,
    Report,
    Review,
    ReviewAnswer,
    ReviewEmail,
    ReviewRequest,
)
