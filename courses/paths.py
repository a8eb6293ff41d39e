"""Paths through the catalog: an ordered list of courses for one kind of learner, each step
saying why it comes there. Part of courses.models (which imports this module)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from . import rules
from .models import CATALOG_PERMISSIONS, Course, PublishedQuerySet, TitleField


class Path(models.Model):
    """An ordered list of courses for one kind of learner."""

    class Track(models.TextChoices):
        BUILDER = rules.Track.BUILDER, "Build ML models (data scientist, ML engineer)"
        LITERACY = rules.Track.LITERACY, "Work alongside ML (non-engineering roles)"
        MLOPS = rules.Track.MLOPS, "ML engineering and MLOps"

    title = TitleField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    track = models.CharField(
        max_length=20,
        choices=Track.choices,
        help_text="Learners are recommended the first published path of their track.",
    )
    audience = models.CharField(max_length=200, help_text="Who it is for, in a sentence.")
    summary = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=True)
    courses = models.ManyToManyField(Course, through="PathStep", related_name="paths")
    # Read with the catalog's version (selectors.catalog_version).
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        default_permissions = CATALOG_PERMISSIONS
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:path_detail", args=[self.slug])


class PathStep(models.Model):
    path = models.ForeignKey(Path, on_delete=models.CASCADE, related_name="steps")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="path_steps")
    position = models.PositiveSmallIntegerField()
    why_here = models.TextField("why here", help_text="Why this course comes at this point.")
    # Read with the catalog's version (selectors.catalog_version).
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        default_permissions = CATALOG_PERMISSIONS
        ordering = ["path_id", "position"]
        constraints = [
            # Deferred (checked at commit), so that staff can swap two steps' positions or
            # courses in one save: Django saves inline rows one at a time.
            models.UniqueConstraint(
                fields=["path", "position"],
                name="pathstep_unique_position",
                deferrable=models.Deferrable.DEFERRED,
                violation_error_message="Two steps of a path cannot share a position.",
            ),
            models.UniqueConstraint(
                fields=["path", "course"],
                name="pathstep_unique_course",
                deferrable=models.Deferrable.DEFERRED,
                violation_error_message="A course appears only once in a path.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path} #{self.position}: {self.course}"

    def clean(self) -> None:
        super().clean()
        course = getattr(self, "course", None)
        if course is not None and course.estimated_hours is None:
            raise ValidationError(
                {
                    "course": "This course's hours are not known, and a path's finish date needs "
                    "them: give the course its hours first."
                }
            )
