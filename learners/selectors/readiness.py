"""The readiness page: each employer check with its evidence and the next course towards it."""

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.module_loading import import_string

from courses.models import PathStep, Skill

from ..models import CourseProgress, PortfolioProject, SkillEvidence
from .path import steps_to_take
from .profile import active_enrollment


class CourseLink(NamedTuple):
    """A course as a link: its title and the address it leads to."""

    title: str
    url: str


@dataclass(frozen=True)
class CheckReadiness:
    """One employer check: what evidences it and, for a gap, the course that would teach it."""

    check: Skill
    # Rows of SkillEvidence.values(*EVIDENCE_COLUMNS) (dicts: the template reads them cheapest),
    # a project's with its address as `url`.
    completions: list[dict]
    projects: list[dict]
    certificates: list[dict]
    # The course of the learner's path to take next, as a link to its page.
    next_course: CourseLink | None
    # Projects whose peers found every answer convincing: evidence apart from the learner's own.
    peer_reviewed: list[PortfolioProject]

    @property
    def evidenced(self) -> bool:
        return bool(self.completions or self.projects or self.certificates)


@dataclass(frozen=True)
class Readiness:
    """The readiness page: every employer check, and the certificates to add a link to."""

    checks: list[CheckReadiness]
    # The learner's certificates with no verification link yet, each linking to its course's
    # status on their course page.
    unlinked_certificates: list[CourseLink]

    @property
    def evidenced_count(self) -> int:
        """How many checks have evidence."""
        return sum(check.evidenced for check in self.checks)


EVIDENCE_COLUMNS = (
    "kind",
    "source_id",
    "skill",
    "day",
    "title",
    "course_title",
    "public",
    "certificate_issuer",
    "certificate_url",
)


def _employer_checks() -> QuerySet[Skill]:
    return Skill.objects.filter(kind=Skill.Kind.EMPLOYER_CHECK).order_by("position", "name")


def readiness_of(*, user) -> Readiness:
    """Every employer check in order, with its evidence and, for a gap, the next course; and
    the learner's certificates without their verification link.

    A gap's next course is the first of the learner's active path (or of their own plan of
    it, skipped steps left out), not yet completed, that teaches the check (None when there is
    none). A certificate the learner holds for a step of their own plan they skipped evidences
    its course's checks. Five queries, however much there is: a completion, project or
    certificate evidencing several checks comes back once for each. Peer review adds its own
    (one, or four once the learner has a review).
    """
    evidence = {kind: defaultdict(list) for kind in SkillEvidence.Kind}
    rows = (
        SkillEvidence.objects.filter(user=user, skill__kind=Skill.Kind.EMPLOYER_CHECK)
        # Completions latest first, projects last changed first, certificates by course.
        .order_by("-day", "-updated_at", "title")
        .values(*EVIDENCE_COLUMNS)
    )
    # A project tagged with several checks comes back once for each: its address is reversed
    # once (reversing is the dearest part of a row on this page).
    urls: dict[int, str] = {}
    for row in rows:
        if row["kind"] == SkillEvidence.Kind.PROJECT:
            project_id = row["source_id"]
            if project_id not in urls:
                urls[project_id] = reverse("learners:project_detail", args=[project_id])
            row["url"] = urls[project_id]
        evidence[row["kind"]][row["skill"]].append(row)
    # The learner's courses done: none is a next course; a certificate among them without its
    # verification link yet is asked for.
    done_courses = set()
    unlinked_certificates = []
    done = (
        CourseProgress.objects.filter(user=user, status__in=CourseProgress.DONE)
        .order_by("course__title")
        .values_list("course", "status", "certificate_url", "course__slug", "course__title")
    )
    for course_id, status, certificate_url, slug, title in done:
        done_courses.add(course_id)
        if status == CourseProgress.Status.CERTIFIED and not certificate_url:
            unlinked_certificates.append(
                CourseLink(title, reverse("learners:my_course", args=[slug]))
            )
    enrollment = active_enrollment(user=user)
    steps = (
        steps_to_take(user=user, enrollment=enrollment) if enrollment else PathStep.objects.none()
    )
    # A step teaching several checks comes back once for each.
    steps_left = steps.filter(course__skills__kind=Skill.Kind.EMPLOYER_CHECK).values_list(
        "course", "course__skills", "course__slug", "course__title"
    )
    next_courses: dict[int, tuple[str, str]] = {}
    for course_id, check_id, slug, title in steps_left:
        if course_id not in done_courses:
            next_courses.setdefault(check_id, (slug, title))
    # Peer review lives in the groups app: read through the function the settings name.
    peer_reviewed = import_string(settings.LEARNERS_PEER_REVIEWED_PROJECTS)(user=user)
    checks = []
    for check in _employer_checks():
        readiness = CheckReadiness(
            check,
            completions=evidence[SkillEvidence.Kind.COMPLETION][check.pk],
            projects=evidence[SkillEvidence.Kind.PROJECT][check.pk],
            certificates=evidence[SkillEvidence.Kind.CERTIFICATE][check.pk],
            next_course=None,
            peer_reviewed=peer_reviewed.get(check.pk, []),
        )
        # Only a gap shows its next course: only its address is reversed.
        if not readiness.evidenced and check.pk in next_courses:
            slug, title = next_courses[check.pk]
            next_course = CourseLink(title, reverse("courses:detail", args=[slug]))
            readiness = replace(readiness, next_course=next_course)
        checks.append(readiness)
    return Readiness(checks, unlinked_certificates)
