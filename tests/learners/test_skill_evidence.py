"""The view of a learner's evidence (SkillEvidence) holds, for each skill, exactly what the
three joins it replaces read: completed assignments, tagged projects, and certificates held
for skipped plan steps, each once per skill it evidences."""

import datetime as dt

import pytest
from django.db.models import F

from courses.models import Assignment, Path, Skill
from learners import plan_services
from learners.models import AssignmentCompletion, PlanStep, PortfolioProject, SkillEvidence
from learners.selectors.export import owned_models
from learners.services import enrollment_start

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_smoke]


@pytest.fixture
def evidence(alice, charlie, catalog):
    skills = list(Skill.objects.order_by("pk")[:3])
    assignment = Assignment.objects.first()
    assignment.skills.set(skills[:2])
    for user in (alice, charlie):
        AssignmentCompletion.objects.create(
            user=user, assignment=assignment, day=dt.date(2026, 3, 2)
        )
        project = PortfolioProject.objects.create(user=user, title=f"{user.username}'s project")
        project.skills.set(skills[1:])
    PortfolioProject.objects.create(user=alice, title="Untagged")
    path = Path.objects.get(slug="from-zero-to-building-ml-models")
    enrollment_start(user=alice, path=path)
    plan_services.plan_make(user=alice, path=path)
    held, skipped = PlanStep.objects.filter(user=alice).order_by("position")[:2]
    held.course.skills.add(skills[0])
    skipped.course.skills.add(skills[0])
    plan_services.plan_step_skip(
        user=alice, step_id=held.pk, reason="certificate", issuer="Coursera", url="https://x.org/v"
    )
    plan_services.plan_step_skip(user=alice, step_id=skipped.pk, reason="known")
    return held


def test_the_view_holds_what_the_three_joins_read(alice, evidence):
    completions = AssignmentCompletion.objects.filter(user=alice).values_list(
        "id", F("assignment__skills"), "day", "assignment__title", "assignment__course__title"
    )
    projects = PortfolioProject.objects.filter(user=alice, skills__isnull=False).values_list(
        "id", "skills", "updated_at", "title", "public"
    )
    certificates = PlanStep.objects.filter(
        user=alice, skipped_reason="certificate", course__skills__isnull=False
    ).values_list("id", "course__skills", "course__title", "certificate_issuer", "certificate_url")
    expected = (
        {("completion", id, s, day, None, t, c, None, "", "") for id, s, day, t, c in completions}
        | {("project", id, s, None, at, t, "", p, "", "") for id, s, at, t, p in projects}
        | {("certificate", id, s, None, None, c, c, None, i, u) for id, s, c, i, u in certificates}
    )

    rows = SkillEvidence.objects.filter(user=alice).values_list(
        "kind",
        "source_id",
        "skill",
        "day",
        "updated_at",
        "title",
        "course_title",
        "public",
        "certificate_issuer",
        "certificate_url",
    )

    assert set(rows) == expected
    assert len(rows) == len(expected) == 2 + 2 + len(certificates)
    assert {kind for kind, *_ in rows} == {"completion", "project", "certificate"}


def test_the_view_is_neither_exported_nor_deleted_as_a_learners_rows():
    assert SkillEvidence not in owned_models()
