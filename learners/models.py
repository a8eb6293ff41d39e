"""What a learner owns: their profile, enrolments, progress and logs.

Every model here that a learner owns has a `user` foreign key: exports, deletion and the
authorisation tests find learner data by it.
"""

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from courses.models import Assignment, Course, Path, Skill, TitleField, validate_web_link
from courses.rules import Background, TargetRole

from . import rules
from .study_days import study_days_from_digits


def validate_time_zone(name: str) -> None:
    if problem := rules.time_zone_problem(name):
        raise ValidationError(problem)


class Profile(models.Model):
    class Theme(models.TextChoices):
        # "system" renders no theme on the page: the browser's prefers-color-scheme decides.
        SYSTEM = "system", "As my system"
        LIGHT = "light", "Light"
        DARK = "dark", "Dark"

    class BackgroundChoice(models.TextChoices):
        PROGRAMMER = Background.PROGRAMMER, "I can program (Python or another language)"
        NON_PROGRAMMER = Background.NON_PROGRAMMER, "I don't program"

    class TargetRoleChoice(models.TextChoices):
        DATA_SCIENTIST = TargetRole.DATA_SCIENTIST, "Data scientist"
        ML_ENGINEER = TargetRole.ML_ENGINEER, "ML engineer"
        MLOPS = TargetRole.MLOPS, "MLOps engineer"
        NON_ENGINEERING = TargetRole.NON_ENGINEERING, "A non-engineering role working with ML"

    class Weekday(models.IntegerChoices):
        MONDAY = 0
        TUESDAY = 1
        WEDNESDAY = 2
        THURSDAY = 3
        FRIDAY = 4
        SATURDAY = 5
        SUNDAY = 6

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = TitleField(max_length=80, blank=True)
    weekly_goal_hours = models.DecimalField(
        "weekly hour goal",
        max_digits=3,
        decimal_places=1,
        default=Decimal(10),
        validators=[
            MinValueValidator(Decimal("0.5"), "Set a goal of at least half an hour a week."),
            MaxValueValidator(Decimal(80), "A weekly goal can be at most 80 hours."),
        ],
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    background = models.CharField(max_length=20, choices=BackgroundChoice.choices, blank=True)
    target_role = models.CharField(max_length=20, choices=TargetRoleChoice.choices, blank=True)
    reminder_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.THURSDAY
    )
    reminder_hour = models.PositiveSmallIntegerField(
        default=18,
        validators=[MaxValueValidator(23, "Pick an hour from 0 to 23.")],
        help_text="Local hour, 0–23.",
    )
    reminders_enabled = models.BooleanField("e-mail reminders", default=True)
    # Study days as weekday digits in order, Monday 0 ("135": Tue, Thu, Sat; see
    # study_days.py), and the local time their blocks start: both set, or neither.
    study_weekdays = models.CharField("study days", max_length=7, blank=True, default="")
    study_starts_at = models.TimeField("study start time", null=True, blank=True)
    public_portfolio = models.BooleanField(default=False)
    public_slug = models.SlugField(max_length=60, unique=True, null=True, blank=True)
    target_finish_on = models.DateField(
        "target finish date",
        null=True,
        blank=True,
        help_text="Optional: the day you mean to finish your path by.",
    )
    show_activity = models.BooleanField(
        "show my activity",
        default=False,
        help_text="Your year of study days on your public portfolio, when that is on.",
    )
    theme = models.CharField(
        "colour theme", max_length=6, choices=Theme.choices, default=Theme.SYSTEM
    )
    # The secret part of the learner's calendar feed address; none until they ask for one.
    calendar_secret = models.CharField(max_length=64, blank=True, default="")
    # What opens something without a log-in stays out of the learner's data export.
    SECRET_FIELDS = ("calendar_secret",)
    onboarded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_goal_hours__gte=Decimal("0.5"), weekly_goal_hours__lte=80),
                name="profile_goal_in_range",
            ),
            models.CheckConstraint(
                condition=Q(reminder_weekday__lte=6, reminder_hour__lte=23),
                name="profile_reminder_slot_valid",
            ),
            models.CheckConstraint(
                condition=Q(study_weekdays="", study_starts_at__isnull=True)
                | Q(study_weekdays__regex=r"^0?1?2?3?4?5?6?$", study_weekdays__gt="")
                & Q(study_starts_at__isnull=False),
                name="profile_study_days_valid",
                violation_error_message="Pick study days and a start time, or neither.",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.user.email

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def study_days(self) -> tuple[int, ...]:
        return study_days_from_digits(self.study_weekdays)

    def local_today(self, now: dt.datetime) -> dt.date:
        return now.astimezone(self.zone).date()

    @property
    def joined_on(self) -> dt.date:
        """The local day the account was made: how far back hours may be logged counts from it."""
        return self.local_today(self.user.date_joined)


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SWITCHED = "switched", "Switched to another path"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    path = models.ForeignKey(Path, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # One active path at a time: enrolling elsewhere ends the current one.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="active"),
                name="enrollment_one_active_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.path} ({self.status})"


class CourseProgress(models.Model):
    """A learner's standing in one course, kept across path switches."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        CERTIFIED = "certified", "Certificate earned"

    # The statuses of a course the learner finished: the one place that says so.
    DONE = (Status.COMPLETED, Status.CERTIFIED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_progress"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # Verification pages (2,048 characters at most, as browsers keep them).
    certificate_url = models.URLField(max_length=2048, blank=True, validators=[validate_web_link])
    certified_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "course progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="progress_unique_course"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.course} ({self.get_status_display()})"

    @property
    def is_done(self) -> bool:
        return self.status in self.DONE


class PlanReset(models.Model):
    """A learner who fell behind moved their target finish date: kept, so the dashboard and
    the export say when and from what to what."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_resets"
    )
    reset_at = models.DateTimeField(auto_now_add=True)
    old_target = models.DateField(null=True, blank=True)
    new_target = models.DateField()

    class Meta:
        ordering = ["-reset_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user}: {self.old_target} → {self.new_target}"


class StudySession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_sessions"
    )
    day = models.DateField(help_text="The learner's local day.")
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    # A course with a learner's hours on it cannot be deleted (the admin says why): it is
    # unpublished instead. A session may name no course.
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, null=True, blank=True, related_name="study_sessions"
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24), name="session_hours_in_day"
            ),
        ]
        # Weekly sums read a learner's sessions by day range.
        indexes = [models.Index(fields=["user", "day"], name="session_user_day")]

    def __str__(self) -> str:
        return f"{self.user}: {self.hours} h on {self.day}"


class AssignmentCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignment_completions"
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="completions")
    day = models.DateField(help_text="The learner's local day.")
    hours = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal(0))
    link = models.URLField(
        "notebook or repository link", blank=True, validators=[validate_web_link]
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "assignment"], name="completion_once_per_assignment"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0, hours__lte=24), name="completion_hours_in_day"
            ),
        ]
        indexes = [models.Index(fields=["user", "day"], name="completion_user_day")]

    def __str__(self) -> str:
        return f"{self.user}: {self.assignment}"


class LoggedHours(models.Model):
    """Study sessions and assignment work in one list, read only: a database view (migration
    0005) of both logs, so that a learner's hours by day, week or course, and their latest
    logs, are one plain queryset rather than a union of two."""

    # A study session's id, or minus an assignment completion's.
    id = models.BigIntegerField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    day = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    created_at = models.DateTimeField()
    # The session's course, or the course of the completed assignment.
    course = models.ForeignKey(
        Course, on_delete=models.DO_NOTHING, null=True, db_constraint=False, related_name="+"
    )
    # Only on a completion.
    assignment = models.ForeignKey(
        Assignment, on_delete=models.DO_NOTHING, null=True, db_constraint=False, related_name="+"
    )
    note = models.CharField(max_length=500)

    class Meta:
        managed = False
        db_table = "learners_loggedhours"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.hours} h on {self.day}"


WRITE_UP_MAX_CHARS = 20_000


class PortfolioProject(models.Model):
    """Work a learner can show and explain, mapped to what employers check."""

    # What interviewers ask about a project; each answered question shows on its page.
    INTERVIEW_QUESTIONS = (
        ("answer_data", "Where did the data come from, and how did you handle missing values?"),
        ("answer_baseline", "What was your baseline, and how did you validate against it?"),
        ("answer_overfitting", "How do you know the model does not overfit?"),
        ("answer_errors", "What did your error analysis show?"),
        ("answer_explanation", "How would you explain one prediction to a non-expert?"),
        ("answer_limitations", "What are the model's limitations?"),
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="projects"
    )
    title = TitleField(max_length=160)
    summary = models.CharField(max_length=300, blank=True)
    write_up = models.TextField(
        blank=True,
        help_text="Markdown.",
        validators=[
            MaxLengthValidator(
                WRITE_UP_MAX_CHARS,
                f"Keep the write-up under {WRITE_UP_MAX_CHARS:,} characters: "
                "link to the repository for the rest.",
            )
        ],
    )
    repo_url = models.URLField("repository link", blank=True, validators=[validate_web_link])
    demo_url = models.URLField("demo link", blank=True, validators=[validate_web_link])
    skills = models.ManyToManyField(Skill, related_name="projects", blank=True)
    courses = models.ManyToManyField(Course, related_name="projects", blank=True)
    public = models.BooleanField(
        default=False, help_text="Shown on your public portfolio page when that is on."
    )
    show_peer_reviews = models.BooleanField(
        "show how many peers reviewed it",
        default=False,
        help_text="“Reviewed by N peers” on your public page; never what they wrote.",
    )
    answer_data = models.TextField(blank=True)
    answer_baseline = models.TextField(blank=True)
    answer_overfitting = models.TextField(blank=True)
    answer_errors = models.TextField(blank=True)
    answer_explanation = models.TextField(blank=True)
    answer_limitations = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def interview_answers(self) -> list[tuple[str, str]]:
        """(question, answer) for every question, answered or not, in order."""
        return [(question, getattr(self, field)) for field, question in self.INTERVIEW_QUESTIONS]

    @property
    def interview_ready(self) -> bool:
        return all(answer.strip() for _, answer in self.interview_answers())


class Reminder(models.Model):
    """One e-mail about one learner's week; the unique key makes a second sweep a no-op."""

    class Kind(models.TextChoices):
        BEHIND_PACE = "behind_pace", "Behind pace this week"
        MISSED_LAST_WEEK = "missed_last_week", "Missed last week's goal"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    week_start = models.DateField(help_text="Monday of the learner's local week it is about.")
    hours_logged = models.DecimalField(max_digits=5, decimal_places=2)
    goal_hours = models.DecimalField(max_digits=4, decimal_places=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week_start", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week_start", "kind"], name="reminder_once_per_week_and_kind"
            ),
        ]
        # The sender finds what is still to send, and leases that ran out, by status.
        indexes = [models.Index(fields=["status", "claimed_at"], name="reminder_status_claimed")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} ({self.week_start})"


NOTE_MAX_CHARS = 20_000


class CourseNote(models.Model):
    """The learner's private Markdown notes on one course: never shown to anyone else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_notes"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(
        blank=True,
        validators=[
            MaxLengthValidator(
                NOTE_MAX_CHARS,
                f"Notes can hold at most {NOTE_MAX_CHARS:,} characters: shorten them, or move "
                "the rest to a file or repository of your own. Nothing was saved.",
            )
        ],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="note_once_per_course"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: notes on {self.course}"


class AccessToken(models.Model):
    """A personal access token for the API. Only its SHA-256 digest is kept: the token itself
    is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=80)
    digest = models.CharField(max_length=64, unique=True)
    SECRET_FIELDS = ("digest",)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # The rate limit keys on this: one bucket per token, never the token itself.
        return f"access token {self.pk}"


# Defined in their own module to keep this one short; imported so that Django registers them.
from .evidence import SkillEvidence  # noqa: E402, F401
from .plans import Plan, PlanStep  # noqa: E402, F401
