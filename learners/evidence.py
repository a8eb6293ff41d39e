"""What evidences a learner's skills, read only: part of learners.models (which imports this
module). A database view (migration 0011) of the three kinds of evidence, so that a learner's
evidence for every check is one plain queryset rather than three joins read apart."""

from django.conf import settings
from django.db import models

from courses.models import Skill


class SkillEvidence(models.Model):
    """One piece of evidence for one skill: an assignment the learner completed that is tagged
    with it, a project of theirs tagged with it, or a certificate they hold for a course of
    their plan they skipped, the course teaching it. A completion, project or certificate
    evidencing several skills is one row for each."""

    class Kind(models.TextChoices):
        COMPLETION = "completion"
        PROJECT = "project"
        CERTIFICATE = "certificate"

    pk = models.CompositePrimaryKey("kind", "source_id", "skill")
    kind = models.CharField(max_length=11, choices=Kind.choices)
    # The completion's, project's or plan step's id.
    source_id = models.BigIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # Only on a completion: the day it was done.
    day = models.DateField(null=True)
    # Only on a project: when it last changed.
    updated_at = models.DateTimeField(null=True)
    # The assignment's, the project's, or (a certificate) its course's.
    title = models.CharField(max_length=160)
    # The completed assignment's course, or the certificate's.
    course_title = models.CharField(max_length=160)
    # Only on a project.
    public = models.BooleanField(null=True)
    # Only on a certificate (blank when the learner gave none).
    certificate_issuer = models.CharField(max_length=120)
    certificate_url = models.URLField(max_length=2048)

    class Meta:
        managed = False
        db_table = "learners_skillevidence"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.source_id} for skill {self.skill_id}"
