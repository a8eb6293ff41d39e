"""The demo learner `make run` seeds: every feature shows something; a rerun adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from groups.models import CheckIn, StudyGroup
from learners.management.commands.seed_demo import (
    DEMO_CERTIFICATE_URL,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_PUBLIC_SLUG,
)
from learners.models import (
    AssignmentCompletion,
    CourseProgress,
    PortfolioProject,
    Profile,
    Reminder,
    StudySession,
)
from learners.selectors.export import owned_models

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in owned_models()}


def test_the_demo_shows_every_feature(client, catalog):
    output = seed()

    assert f"Demo learner: {DEMO_EMAIL} / password: {DEMO_PASSWORD}" in output
    assert f"/u/{DEMO_PUBLIC_SLUG}/" in output
    certified = CourseProgress.objects.get(status=CourseProgress.Status.CERTIFIED)
    assert certified.certificate_url.startswith("https://www.coursera.org/verify/")
    projects = {project.public: project for project in PortfolioProject.objects.all()}
    assert set(projects) == {True, False}
    assert projects[True].interview_ready
    assert not projects[False].interview_ready
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 2
    assert StudySession.objects.count() > 20
    assert AssignmentCompletion.objects.exists()

    assert client.login(email=DEMO_EMAIL, password=DEMO_PASSWORD)
    readiness = client.get(reverse("learners:readiness")).content.decode()
    assert "Your evidence" in readiness
    assert projects[True].title in readiness
    assert "Behind pace this week" in client.get(reverse("learners:reminders")).content.decode()
    dashboard = client.get(reverse("learners:dashboard")).content.decode()
    assert "Reset my plan" in dashboard
    my_course = client.get(reverse("learners:my_course", args=[certified.course.slug]))
    assert "Regularisation" in my_course.content.decode()
    settings_page = client.get(reverse("learners:settings")).content.decode()
    assert "demo script" in settings_page and "/cal/" in settings_page
    client.logout()
    public = client.get(reverse("learners:public_portfolio", args=[DEMO_PUBLIC_SLUG]))
    assert public.status_code == 200
    assert projects[True].title in public.content.decode()
    assert projects[False].title not in public.content.decode()
    assert f'href="{DEMO_CERTIFICATE_URL}"' in public.content.decode()
    assert "active day" in public.content.decode()  # the year of activity, ticked on


def test_seeding_twice_changes_nothing(catalog):
    seed()
    before = row_counts()
    projects_before = list(PortfolioProject.objects.values("pk", "updated_at"))
    profile_before = list(Profile.objects.values("target_finish_on", "calendar_secret"))

    output = seed()

    assert "Created the demo learner." not in output
    assert row_counts() == before
    assert list(PortfolioProject.objects.values("pk", "updated_at")) == projects_before
    assert list(Profile.objects.values("target_finish_on", "calendar_secret")) == profile_before


def test_the_demo_learner_is_in_a_group_of_three_who_each_checked_in(client, catalog):
    seed()
    seed()

    [group] = StudyGroup.objects.all()
    assert group.owner.email == DEMO_EMAIL
    assert group.memberships.count() == 3
    assert CheckIn.objects.filter(group=group).count() == 3
    assert client.login(email=DEMO_EMAIL, password=DEMO_PASSWORD)
    page = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "Amara" in page and "Jonas" in page and "Not shared" in page
