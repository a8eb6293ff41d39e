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
