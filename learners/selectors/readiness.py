"""The readiness page: each employer check with its evidence and the next step towards it."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.module_loading import import_string

from courses.models import PathStep, Skill

from ..models import AssignmentCompletion, CourseProgress, PlanStep, PortfolioProject
from .path import steps_to_take
from .profile import active_enrollment


class CompletedEvidence(NamedTuple):
    """A completed assignment as evidence of a check: when, what, and in which course."""

    day: dt.date
    assignment_title: str
    course_title: str


class CertificateEvidence(NamedTuple):
    """A certificate the learner holds, earned elsewhere, for a course they skipped."""

    course_title: str
    issuer: str
    url: str


@dataclass(frozen=True)
class CheckReadiness:
    """One employer check: what evidences it and, for a gap, the path step that would teach it."""

    check: Skill
    completions: list[CompletedEvidence]
    projects: list[PortfolioProject]  # each with its `url`
    next_step: PathStep | PlanStep | None
    # Projects whose peers found every answer convincing: evidence apart from the learner's own.
    peer_reviewed: list[PortfolioProject]
    certificates: list[CertificateEvidence] = field(default_factory=list)

    @property
    def evidenced(self) -> bool:
        return bool(self.completions or self.projects or self.certificates)


def _employer_checks() -> QuerySet[Skill]:
    return Skill.objects.filter(kind=Skill.Kind.EMPLOYER_CHECK).order_by("position", "name")


def readiness_map(*, user) -> list[CheckReadiness]:
    """Every employer check in order, with its evidence and the next step towards it.

    The next step is the first course of the learner's active path (or of their own plan of
    it, skipped steps left out), not yet completed, that teaches the check (None when there is
    none). A certificate the learner holds for a step of their own plan they skipped evidences
    its course's checks. Six queries, however much there is: a completion or project tagged
    with several checks comes back once for each. Peer review adds its own (one, or four once
    the learner has a review).
    """
    completions = defaultdict(list)
    evidence = (
        AssignmentCompletion.objects.filter(
            user=user, assignment__skills__kind=Skill.Kind.EMPLOYER_CHECK
        )
        .annotate(
            check_id=F("assignment__skills"),
            assignment_title=F("assignment__title"),
            course_title=F("assignment__course__title"),
        )
        .order_by("-day", "assignment__title")
        .values("check_id", "day", "assignment_title", "course_title")
    )
    for row in evidence:
        completions[row["check_id"]].append(
            CompletedEvidence(row["day"], row["assignment_title"], row["course_title"])
        )
    projects = defaultdict(list)
    checked_projects = (
        PortfolioProject.objects.filter(user=user, skills__kind=Skill.Kind.EMPLOYER_CHECK)
        .annotate(check_id=F("skills"))
        .only("title", "public")
    )
    # A project tagged with several checks comes back once for each: its address is reversed
    # once (reversing is the dearest part of a row on this page), as `url`.
    urls: dict[int, str] = {}
    for project in checked_projects:
        if project.pk not in urls:
            urls[project.pk] = reverse("learners:project_detail", args=[project.pk])
        project.url = urls[project.pk]
        projects[project.check_id].append(project)
    certificates = defaultdict(list)
    held = (
        PlanStep.objects.filter(
            user=user,
            skipped_reason=PlanStep.SkipReason.CERTIFICATE,
            course__skills__kind=Skill.Kind.EMPLOYER_CHECK,
        )
        .annotate(check_id=F("course__skills"), course_title=F("course__title"))
        .order_by("course__title")
        .values_list("check_id", "course_title", "certificate_issuer", "certificate_url")
    )
    for check_id, *certificate in held:
        certificates[check_id].append(CertificateEvidence(*certificate))
    enrollment = active_enrollment(user=user)
    steps = (
        steps_to_take(user=user, enrollment=enrollment) if enrollment else PathStep.objects.none()
    )
    # A step teaching several checks comes back once for each, its check in `check_id`.
    steps_left = (
        steps.exclude(
            course__in=CourseProgress.objects.filter(
                user=user, status__in=CourseProgress.DONE
            ).values("course")
        )
        .filter(course__skills__kind=Skill.Kind.EMPLOYER_CHECK)
        .annotate(check_id=F("course__skills"))
        .select_related("course")
        .only("course__slug", "course__title")
    )
    # Peer review lives in the groups app: read through the function the settings name.
    peer_reviewed = import_string(settings.LEARNERS_PEER_REVIEWED_PROJECTS)(user=user)
    next_steps: dict[int, PathStep | PlanStep] = {}
    for step in steps_left:
        next_steps.setdefault(step.check_id, step)
    return [
        CheckReadiness(
            check,
            completions[check.pk],
            projects[check.pk],
            next_steps.get(check.pk),
            peer_reviewed.get(check.pk, []),
            certificates[check.pk],
        )
        for check in _employer_checks()
    ]
