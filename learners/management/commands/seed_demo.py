import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from courses.models import Path
from learners.models import AssignmentCompletion, CourseProgress, Profile, StudySession
from learners.services import enrollment_start

DEMO_EMAIL = "demo@certguide.local"
DEMO_PASSWORD = "demo-learner-2026"
# Hours logged on each of the last days, newest last: a few weeks of uneven effort.
DEMO_HOURS = [1.5, 0, 2, 0, 1, 2.5, 0, 1, 0, 1.5, 2, 0, 0, 3, 1, 0, 2, 1.5, 0, 0, 2.5, 1, 0, 1]


class Command(BaseCommand):
    help = "Create a demo learner with a few weeks of activity (development only)."

    @transaction.atomic
    def handle(self, *args, **options):
        user_model = get_user_model()
        user = user_model.objects.filter(email=DEMO_EMAIL).first()
        if user is None:
            user = self.create_demo(user_model)
            self.stdout.write(self.style.SUCCESS("Created the demo learner."))
        self.stdout.write(f"Demo learner: {DEMO_EMAIL} / password: {DEMO_PASSWORD}")

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
