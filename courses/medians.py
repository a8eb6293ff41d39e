"""The table of the hours learners really took on each course, as the beat task last wrote it.

Defined here rather than in models.py (which imports it, so Django registers it) to keep that
module short. Written only by courses.services.renew_real_hours; read by the pages through
courses.selectors.stored_real_hours, one query by primary key.
"""

from django.db import models


class CourseRealHours(models.Model):
    """A course's median of the hours its completers logged on it, once there are enough of
    them (rules.REAL_HOURS_MIN_COMPLETERS); a course below that has no row."""

    course = models.OneToOneField(
        "courses.Course", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    median_hours = models.DecimalField(max_digits=7, decimal_places=1)
    completers = models.PositiveIntegerField()
    # The same moment on every row of one renewal: the public pages' ETags and kept fragments
    # change with it (selectors.catalog_version).
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = "real hours of a course"
        verbose_name_plural = "real hours of courses"

    def __str__(self) -> str:
        return f"{self.course_id}: {self.median_hours} h of {self.completers}"
