"""Staff statistics as the hourly beat task last counted them (services.renew_catalog_usage):
counting over every learner takes seconds at scale, so the admin page only reads these."""

from django.db import models


class PathCounts(models.Model):
    """Learners on a path: enrolled now, of them active in the last 4 weeks, and finished."""

    path = models.OneToOneField(
        "courses.Path", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    FIGURES = ("enrolled", "active", "finished")

    enrolled = models.PositiveIntegerField()
    active = models.PositiveIntegerField()
    finished = models.PositiveIntegerField()
    # The same moment on every row of one count.
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "path counts"

    def __str__(self) -> str:
        return f"path {self.path_id}: {self.enrolled} enrolled"


class CourseCounts(models.Model):
    """Learners on a course: started, completed, certified, and the median days from start
    to completion (None when no completer has both days)."""

    FIGURES = ("started", "completed", "certified")

    course = models.OneToOneField(
        "courses.Course", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    started = models.PositiveIntegerField()
    completed = models.PositiveIntegerField()
    certified = models.PositiveIntegerField()
    median_days = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "course counts"

    def __str__(self) -> str:
        return f"course {self.course_id}: {self.started} started"


class PlanSkipCounts(models.Model):
    """Learners whose own plan of a path skips one of its courses, for one reason."""

    path = models.ForeignKey("courses.Path", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=12)  # learners.PlanStep.SkipReason
    learners = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "plan skip counts"
        constraints = [
            models.UniqueConstraint(
                fields=["path", "course", "reason"], name="planskipcounts_once"
            ),
        ]

    def __str__(self) -> str:
        return f"path {self.path_id}, course {self.course_id}: {self.learners} skip ({self.reason})"


class PlanAddedCounts(models.Model):
    """Learners who added a program to their own plan of a path."""

    course = models.OneToOneField(
        "courses.Course", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    learners = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "plan added counts"

    def __str__(self) -> str:
        return f"course {self.course_id}: added by {self.learners}"
