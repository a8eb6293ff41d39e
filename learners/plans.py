"""A learner's own copy of a path: its steps in their order, skipped with a reason or added
from the catalog. Part of learners.models (which imports this module).

A plan is made from a path and applies while that path is the learner's active one. Staff
changing the path never change a plan: a course the path gains is offered once (accepted it
becomes a step, declined it is kept in `declined_courses`); a course it loses stays a step.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from courses.models import Course, Path, validate_web_link

from .plan_rules import MAX_PLAN_STEPS


class Plan(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan"
    )
    path = models.ForeignKey(Path, on_delete=models.PROTECT, related_name="+")
    # Courses the path gained that the learner said "No thanks" to: not offered again.
    declined_courses = models.ManyToManyField(Course, blank=True, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user}: own plan of {self.path}"


class PlanStep(models.Model):
    class Origin(models.TextChoices):
        OFFICIAL = "official", "From the path"
        ADDED = "added", "Added by the learner"

    class SkipReason(models.TextChoices):
        NONE = "", "Not skipped"
        CERTIFICATE = "certificate", "I hold its certificate"
        KNOWN = "known", "I know the material"
        NOT_FOR_ME = "not_for_me", "Not for me"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_steps"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="plan_steps")
    position = models.PositiveSmallIntegerField()
    why = models.TextField("why here", blank=True, max_length=1000)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.OFFICIAL)
    skipped_reason = models.CharField(
        max_length=12, choices=SkipReason.choices, blank=True, default=SkipReason.NONE
    )
    # A certificate earned elsewhere (skipped_reason "certificate"): evidence on readiness and
    # the public page.
    certificate_issuer = models.CharField(max_length=120, blank=True)
    certificate_url = models.URLField(max_length=2048, blank=True, validators=[validate_web_link])
    certificate_earned_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["user_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="planstep_once_per_course"),
            # Deferred: a move renumbers every step in one transaction.
            models.UniqueConstraint(
                fields=["plan", "position"],
                name="planstep_unique_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_PLAN_STEPS),
                name="planstep_position_in_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} #{self.position}: {self.course}"

    @property
    def skipped(self) -> bool:
        return bool(self.skipped_reason)

    @property
    def earned_elsewhere(self) -> bool:
        return self.skipped_reason == self.SkipReason.CERTIFICATE
