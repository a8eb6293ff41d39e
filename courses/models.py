"""The catalog: certificate programs, who backs them, what they teach, and paths through them.

The catalog knows no learner: `learners` points here, never the other way round.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from . import rules

# Imported so that Django registers the tables with the catalog's models.
from .medians import CourseRealHours  # noqa: F401
from .versions import CatalogTableVersion  # noqa: F401


def validate_web_link(url: str) -> None:
    """Links are shown to recruiters and learners: http(s) only (URLField alone allows ftp),
    nothing hidden in them."""
    if url and (problem := rules.web_link_problem(url)):
        raise ValidationError(problem)


class TitleField(models.CharField):
    """A title or name people read: direction and zero-width characters are taken out when it
    is validated (forms, the admin, imports that validate) and again whenever it is written,
    so that rows made without validation get no hidden characters either."""

    def to_python(self, value):
        value = super().to_python(value)
        return rules.without_hidden_characters(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return rules.without_hidden_characters(value) if isinstance(value, str) else value


HOURS_VALIDATORS = [MinValueValidator(Decimal("0.5"), "Hours must be at least 0.5.")]
PRICE_VALIDATORS = [MinValueValidator(Decimal(0), "A price cannot be negative.")]
# Django's four, and the admin's import and export (settings IMPORT_EXPORT_*_PERMISSION_CODE).
CATALOG_PERMISSIONS = ("add", "change", "delete", "view", "import", "export")


WEB_LINK_VALIDATORS = [validate_web_link]


class Platform(models.Model):
    """Where programs are delivered (Coursera, edX…), with its pricing."""

    name = TitleField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    url = models.URLField(blank=True, validators=WEB_LINK_VALIDATORS)
    audit_free = models.BooleanField(
        "free to audit", default=False, help_text="Lectures and materials can be read at no cost."
    )
    subscription_min_usd = models.DecimalField(
        "subscription from (USD/month)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PRICE_VALIDATORS,
    )
    subscription_max_usd = models.DecimalField(
        "subscription up to (USD/month)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PRICE_VALIDATORS,
    )
    financial_aid = models.BooleanField(default=False)
    # Read with the catalog's version (selectors.catalog_version).
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        default_permissions = CATALOG_PERMISSIONS
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subscription_min_usd__isnull=True, subscription_max_usd__isnull=True)
                | Q(
                    subscription_min_usd__gte=0, subscription_max_usd__gte=F("subscription_min_usd")
                ),
                name="platform_subscription_range_valid",
                violation_error_message="Give both ends of the subscription price: the lowest "
                "not negative and not above the highest.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def subscription_range(self) -> rules.PriceRange | None:
        if self.subscription_min_usd is None or self.subscription_max_usd is None:
            return None
        return rules.PriceRange(self.subscription_min_usd, self.subscription_max_usd)


class Institution(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", "University"
        COMPANY = "company", "Company"
        PLATFORM_ONLY = "platform_only", "Platform only"

    name = TitleField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    recognised = models.BooleanField(
        default=False, help_text="Hiring managers have a reference point for this institution."
    )
    # Read with the catalog's version (selectors.catalog_version).
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        default_permissions = CATALOG_PERMISSIONS
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A topic taught, or one of the checks employers make of a candidate."""

    class Kind(models.TextChoices):
        TOPIC = "topic", "Topic"
        EMPLOYER_CHECK = "employer_check", "Employer check"

    name = TitleField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    workflow_stage = models.BooleanField(
        default=False,
        help_text="One of the stages of the full workflow beyond modelling "
        "(preprocessing, features, evaluation, production).",
    )
    description = models.TextField(blank=True, help_text="What employers ask about it.")
    position = models.PositiveSmallIntegerField(default=0)
    # Read with the catalog's version (selectors.catalog_version).
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        default_permissions = CATALOG_PERMISSIONS
        ordering = ["kind", "position", "name"]

    def __str__(self) -> str:
        return self.name


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Course(models.Model):
    class ProgramType(models.TextChoices):
        UNIVERSITY_SPECIALIZATION = "university_specialization", "University specialization"
        INDUSTRY = "industry", "Industry-developed program"
        SINGLE_COURSE = "single_course", "Single course"
        BOOTCAMP = "bootcamp", "Bootcamp or nanodegree"
        # An exam fee and no assignments: see rules.builds_something.
        CERTIFICATION_EXAM = "certification_exam", "Professional certification exam"

    class Level(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    class PriceModel(models.TextChoices):
        SUBSCRIPTION = "subscription", "Platform subscription"
        ONE_TIME = "one_time", "One-time fee"
        FREE = "free", "Free certificate"
        # No source gave the price: shown as such, never guessed.
        NOT_KNOWN = "not_known", "Price not known"

    title = TitleField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="courses")
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="courses",
        null=True,
        blank=True,
        help_text="Leave empty for a platform-only credential.",
    )
    program_type = models.CharField(max_length=30, choices=ProgramType.choices)
    part_of = models.CharField(
        max_length=160, blank=True, help_text="The specialization or program it belongs to."
    )
    rating = models.DecimalField(
        "rating out of 10",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(0), "The rating is out of 10: give a number from 0 to 10."),
            MaxValueValidator(Decimal(10), "The rating is out of 10: give a number from 0 to 10."),
        ],
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    non_programmer_friendly = models.BooleanField(
        "suited to non-programmers",
        default=False,
        help_text="Teaches without requiring code.",
    )
    estimated_hours = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=HOURS_VALIDATORS,
        help_text="Leave empty when no source gives them: the course then shows “not known” "
        "and cannot be a step of a path. For an exam, the exam's length.",
    )
    hours_are_estimate = models.BooleanField(
        default=False, help_text="The hours are our estimate, not the provider's figure."
    )
    audit_free = models.BooleanField("free to audit", default=True)
    price_model = models.CharField(
        max_length=20, choices=PriceModel.choices, default=PriceModel.SUBSCRIPTION
    )
    one_time_fee_usd = models.DecimalField(
        "one-time fee (USD)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PRICE_VALIDATORS,
    )
    url = models.URLField("course URL", blank=True, validators=WEB_LINK_VALIDATORS)
    summary = models.TextField(blank=True)
    source = models.URLField(
        "source of the figures",
        blank=True,
        validators=WEB_LINK_VALIDATORS,
        help_text="Where figures from a third party, or estimated, come from: the course page "
        "shows it with “check before you enrol”.",
    )
    source_note = models.CharField(
        "what the source says",
        max_length=300,
        blank=True,
        help_text="Which figures are a third party's or an estimate, e.g. “Hours and rating "
        "from a third-party review”.",
    )
    skills = models.ManyToManyField(Skill, related_name="courses", blank=True)
    published = models.BooleanField(
        default=True,
        help_text="Unpublish to retire a course: it leaves the catalog and recommendations, "
        "and learners who took it keep it in their progress, portfolio and export.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[skills])

    class Meta:
        default_permissions = CATALOG_PERMISSIONS
        # Unrated courses last on every database (PostgreSQL sorts NULL first descending).
        ordering = [F("rating").desc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=0, rating__lte=10) | Q(rating__isnull=True),
                name="course_rating_0_to_10",
                violation_error_message="The rating is out of 10: give a number from 0 to 10.",
            ),
            models.CheckConstraint(
                condition=Q(estimated_hours__gt=0) | Q(estimated_hours__isnull=True),
                name="course_hours_positive",
                violation_error_message="Estimated hours must be more than 0.",
            ),
            models.CheckConstraint(
                condition=Q(one_time_fee_usd__gte=0) | Q(one_time_fee_usd__isnull=True),
                name="course_fee_not_negative",
                violation_error_message="A price cannot be negative.",
            ),
            models.CheckConstraint(
                condition=~Q(price_model="one_time") | Q(one_time_fee_usd__isnull=False),
                name="course_one_time_needs_fee",
                violation_error_message="A one-time price model needs the fee.",
            ),
        ]
        indexes = [models.Index(fields=["published", "title"], name="course_published_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:detail", args=[self.slug])

    @property
    def is_exam(self) -> bool:
        return self.program_type == self.ProgramType.CERTIFICATION_EXAM

    def clean(self) -> None:
        super().clean()
        if self.is_exam and self.price_model != self.PriceModel.ONE_TIME:
            raise ValidationError(
                {"price_model": "A certification exam is paid by its exam fee: pick one-time fee."}
            )
        if self.estimated_hours is None and self.pk and self.path_steps.exists():
            raise ValidationError(
                {
                    "estimated_hours": "This course is a step of a path, whose finish date needs "
                    "its hours: give them, or take it out of the path first."
                }
            )
        if self.is_exam and self.pk and self.assignments.exists():
            raise ValidationError(
                {"program_type": "A certification exam has no assignments: remove them first."}
            )
        platform = getattr(self, "platform", None)
        if (
            self.price_model == self.PriceModel.SUBSCRIPTION
            and platform is not None
            and platform.subscription_range is None
        ):
            raise ValidationError(
                {
                    "price_model": f"{platform} has no subscription price: set it on the "
                    "platform, or pick another price model."
                }
            )

    def cost_item(self, real_hours: rules.RealHours | None = None) -> rules.CostItem:
        """The course as the cost rule counts it: with the hours learners really took when
        `real_hours` is given, else the advertised ones."""
        return rules.CostItem(
            hours=real_hours.median if real_hours else self.estimated_hours,
            price_model=self.price_model,
            platform=self.platform.name,
            subscription=self.platform.subscription_range,
            one_time_fee=self.one_time_fee_usd,
            audit_free=self.audit_free,
        )

    def verdict_facts(self, workflow_stages: Iterable[str]) -> rules.CourseFacts:
        """What the verdict needs, given the names of all workflow stages.

        Reads assignments and skills through `.all()`, so prefetch them for many courses.
        """
        institution = self.institution
        covered = frozenset(skill.name for skill in self.skills.all() if skill.workflow_stage)
        return rules.CourseFacts(
            assessment_kinds=frozenset(a.kind for a in self.assignments.all()),
            workflow_stages=covered,
            missing_workflow_stages=frozenset(workflow_stages) - covered,
            backer=institution.name if institution else None,
            backer_recognised=bool(institution and institution.recognised),
            hours=self.estimated_hours,
            is_exam=self.is_exam,
        )


class Assignment(models.Model):
    class Kind(models.TextChoices):
        QUIZ = rules.AssessmentKind.QUIZ, "Quiz"
        CODING = rules.AssessmentKind.CODING, "Coding assignment"
        NOTEBOOK = rules.AssessmentKind.NOTEBOOK, "Notebook"
        CAPSTONE = rules.AssessmentKind.CAPSTONE, "Capstone project"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    title = TitleField(max_length=160)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField()
    estimated_hours = models.DecimalField(
        max_digits=5, decimal_places=1, validators=HOURS_VALIDATORS
    )
    is_estimate = models.BooleanField(
        default=False, help_text="Title and hours are our estimate, not the provider's syllabus."
    )
    skills = models.ManyToManyField(
        Skill, related_name="assignments", blank=True, help_text="What completing it evidences."
    )
    # Read with the catalog's version (selectors.catalog_version).
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[skills])

    class Meta:
        default_permissions = CATALOG_PERMISSIONS
        ordering = ["course_id", "position"]
        constraints = [
            # Deferred, like a path's steps, so that staff can swap two positions in one save.
            models.UniqueConstraint(
                fields=["course", "position"],
                name="assignment_unique_position",
                deferrable=models.Deferrable.DEFERRED,
                violation_error_message="Two assignments of a course cannot share a position.",
            ),
            models.CheckConstraint(
                condition=Q(estimated_hours__gt=0),
                name="assignment_hours_positive",
                violation_error_message="Estimated hours must be more than 0.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.title}"

    def clean(self) -> None:
        super().clean()
        course = getattr(self, "course", None)
        if course is not None and course.is_exam:
            raise ValidationError(
                {"course": "A certification exam has no assignments: its exam is all it asks."}
            )


# Defined in their own module to keep this one short; imported so that Django registers them.
from .paths import Path, PathStep  # noqa: E402, F401
