import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from courses.models import Path, Skill
from learners.models import (
    AccessToken,
    AssignmentCompletion,
    CourseNote,
    CourseProgress,
    PortfolioProject,
    Profile,
    Reminder,
    StudySession,
)
from learners.services import (
    access_token_create,
    calendar_link_renew,
    course_note_save,
    enrollment_start,
    portfolio_publish,
    project_save,
)

DEMO_EMAIL = "demo@certguide.local"
DEMO_PASSWORD = "demo-learner-2026"
# Hours logged on each of the last days, newest last: a few weeks of uneven effort.
DEMO_HOURS = [1.5, 0, 2, 0, 1, 2.5, 0, 1, 0, 1.5, 2, 0, 0, 3, 1, 0, 2, 1.5, 0, 0, 2.5, 1, 0, 1]
DEMO_PUBLIC_SLUG = "demo-learner"
# A verification link of the shape Coursera issues (the demo's certificate is not a real one).
DEMO_CERTIFICATE_URL = "https://www.coursera.org/verify/ABCDEF123456"
# A target the demo's pace misses by weeks: the dashboard says so and offers the reset.
DEMO_TARGET_WEEKS = 8
DEMO_NOTE = (
    "## Regularisation\n\n"
    "- Ridge shrinks every weight; lasso sets some to zero, so it also picks features.\n"
    "- Choose the penalty by cross-validation, never on the test set.\n\n"
    "To explain in an interview: why the validation error rose again as the penalty fell."
)

# The public project answers every question of the interview checklist; the private one is
# under way, so the checklist shows what is still open.
HOUSE_PRICES = {
    "title": "House prices in King County: from a baseline to a model I can explain",
    "summary": "Regression on 21,000 house sales: cleaned data, a baseline, regularised "
    "models and an error analysis by neighbourhood.",
    "write_up": (
        "## What I built\n\n"
        "A price model for house sales in King County (2014–2015), trained in a notebook and "
        "served as a small API.\n\n"
        "## What I would do next\n\n"
        "- add the sale month as a feature, since prices drift through the year\n"
        "- monitor the error per neighbourhood after deployment\n"
    ),
    "repo_url": "https://github.com/demo-learner/king-county-prices",
    "public": True,
    "answer_data": "The public King County sales data set. 1 % of rows lacked the basement "
    "area: I filled it from total minus above-ground area, and dropped 12 duplicated sales.",
    "answer_baseline": "The median price per zip code (mean absolute error 98,000 USD), "
    "validated with 5-fold cross-validation on a split by sale date.",
    "answer_overfitting": "The training and validation errors stay within 4 % of each other; "
    "lasso's penalty was chosen on the validation folds, never on the test set.",
    "answer_errors": "The largest errors are waterfront houses over 2 million USD: too few "
    "sales to learn from, so the model now flags them as out of range.",
    "answer_explanation": "For one house I show the five features that moved its price most "
    "from the neighbourhood's median, in dollars.",
    "answer_limitations": "Two years of sales from one county: it does not know today's "
    "market or other regions.",
}
HOUSE_PRICES_CHECKS = ["data-preprocessing", "model-evaluation", "explaining-a-model"]
CHURN = {
    "title": "Customer churn classifier (in progress)",
    "summary": "Which subscribers leave next month, and why: logistic regression against "
    "gradient boosting.",
    "public": False,
    "answer_data": "A telecom churn data set with 7,000 customers; 11 blank charges I set to "
    "zero, as they are new customers.",
    "answer_baseline": "Predicting that nobody churns: 73 % accuracy, which is why I report "
    "recall and precision instead.",
}
CHURN_CHECKS = ["feature-engineering"]


class Command(BaseCommand):
    help = "Create a demo learner with a few weeks of activity (development only)."

    @transaction.atomic
    def handle(self, *args, **options):
        user_model = get_user_model()
        user = user_model.objects.filter(email=DEMO_EMAIL).first()
        if user is None:
            user = self.create_demo(user_model)
            self.stdout.write(self.style.SUCCESS("Created the demo learner."))
        self.add_showcase(user)
        # Other apps' part of the demo (a study group…), each adding only what is missing.
        for step in settings.DEMO_SEED_STEPS:
            import_string(step)(user=user)
        self.stdout.write(f"Demo learner: {DEMO_EMAIL} / password: {DEMO_PASSWORD}")
        self.stdout.write(
            f"Demo public page: {settings.SITE_URL}"
            + reverse("learners:public_portfolio", args=[user.profile.public_slug])
        )

    def create_demo(self, user_model):
        path = Path.objects.filter(slug="from-zero-to-building-ml-models").first()
        if path is None:
            raise CommandError("Load the catalog first: manage.py load_catalog")
        user = user_model.objects.create_user(
            username="demo", email=DEMO_EMAIL, password=DEMO_PASSWORD
        )
        EmailAddress.objects.create(user=user, email=DEMO_EMAIL, verified=True, primary=True)
        profile = Profile.objects.create(
            user=user,
            display_name="Demo Learner",
            weekly_goal_hours=Decimal(6),
            study_weekdays="135",  # Tuesday, Thursday and Saturday at 19:00: 2 h each
            study_starts_at=dt.time(19),
            time_zone="Europe/Berlin",
            background=Profile.BackgroundChoice.PROGRAMMER,
            target_role=Profile.TargetRoleChoice.ML_ENGINEER,
        )
        enrollment_start(user=user, path=path)
        today = profile.local_today(timezone.now())
        steps = list(path.steps.select_related("course").order_by("position")[:2])
        first, second = (step.course for step in steps)
        CourseProgress.objects.create(
            user=user,
            course=first,
            status=CourseProgress.Status.CERTIFIED,
            started_on=today - dt.timedelta(days=60),
            completed_on=today - dt.timedelta(days=30),
            certified_on=today - dt.timedelta(days=28),
        )
        CourseProgress.objects.create(
            user=user,
            course=second,
            status=CourseProgress.Status.IN_PROGRESS,
            started_on=today - dt.timedelta(days=25),
        )
        # The certified course: 1.75 h every third day for two months (35 h for a 30 h course).
        earlier = [
            StudySession(
                user=user,
                day=today - dt.timedelta(days=days_ago),
                hours=Decimal("1.75"),
                course=first,
            )
            for days_ago in range(88, 28, -3)
        ]
        recent = [
            StudySession(
                user=user,
                day=today - dt.timedelta(days=len(DEMO_HOURS) - 1 - offset),
                hours=Decimal(str(hours)),
                course=second,
            )
            for offset, hours in enumerate(DEMO_HOURS)
            if hours
        ]
        StudySession.objects.bulk_create([*earlier, *recent])
        for days_ago, assignment in zip(
            (40, 33), first.assignments.order_by("position")[:2], strict=False
        ):
            AssignmentCompletion.objects.create(
                user=user,
                assignment=assignment,
                day=today - dt.timedelta(days=days_ago),
                hours=assignment.estimated_hours,
            )
        return user

    def add_showcase(self, user) -> None:
        """What each feature shows, added where missing, so that a second run changes nothing
        and a demo seeded by an older version gains it."""
        profile = user.profile
        CourseProgress.objects.filter(
            user=user, status=CourseProgress.Status.CERTIFIED, certificate_url=""
        ).update(certificate_url=DEMO_CERTIFICATE_URL)
        certified = CourseProgress.objects.filter(
            user=user, status=CourseProgress.Status.CERTIFIED
        ).first()
        for fields, check_slugs in ((HOUSE_PRICES, HOUSE_PRICES_CHECKS), (CHURN, CHURN_CHECKS)):
            if PortfolioProject.objects.filter(user=user, title=fields["title"]).exists():
                continue
            project_save(
                user=user,
                project=PortfolioProject(**fields),
                skills=list(Skill.objects.filter(slug__in=check_slugs)),
                courses=[certified.course] if certified else [],
            )
        if not profile.public_portfolio:
            portfolio_publish(profile=profile, public=True, slug=DEMO_PUBLIC_SLUG)
        self.add_reminder_history(profile)
        self.add_plan_and_tools(profile, certified)

    def add_plan_and_tools(self, profile: Profile, certified: CourseProgress | None) -> None:
        """A target the demo is behind on, the year of activity on the public page, notes on
        the certified course, a calendar feed and an API token (listed by name in settings)."""
        changed = []
        if profile.target_finish_on is None:
            today = profile.local_today(timezone.now())
            profile.target_finish_on = today + dt.timedelta(weeks=DEMO_TARGET_WEEKS)
            changed.append("target_finish_on")
        if not profile.show_activity:
            profile.show_activity = True
            changed.append("show_activity")
        if changed:
            profile.save(update_fields=changed)
        user = profile.user
        if certified and not CourseNote.objects.filter(user=user, course=certified.course).exists():
            course_note_save(user=user, course=certified.course, text=DEMO_NOTE)
        if not profile.calendar_secret:
            calendar_link_renew(profile=profile)
        if not AccessToken.objects.filter(user=user).exists():
            access_token_create(user=user, name="demo script")

    def add_reminder_history(self, profile: Profile) -> None:
        """Two reminders sent in past weeks: one mid-week nudge, one about a missed week."""
        now = timezone.now()
        today = profile.local_today(now)
        this_monday = today - dt.timedelta(days=today.weekday())
        for weeks_ago, kind, logged, sent_day in (
            (3, Reminder.Kind.BEHIND_PACE, Decimal("1.5"), 3),
            (2, Reminder.Kind.MISSED_LAST_WEEK, Decimal("4"), 7),
        ):
            week_start = this_monday - dt.timedelta(weeks=weeks_ago)
            Reminder.objects.get_or_create(
                user=profile.user,
                week_start=week_start,
                kind=kind,
                defaults={
                    "hours_logged": logged,
                    "goal_hours": profile.weekly_goal_hours,
                    "status": Reminder.Status.SENT,
                    "attempts": 1,
                    "sent_at": now - dt.timedelta(weeks=weeks_ago, days=-sent_day),
                },
            )
