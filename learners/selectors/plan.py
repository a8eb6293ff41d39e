"""A learner's own plan: the courses the path gained since (offered once), the programs that
may be added, and the certificates earned elsewhere that skipped steps hold."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F

from courses.models import Course, PathStep

from .. import rules
from ..certificates import CertificateLink, CertificateLinkError, certificate_link
from ..models import Plan, PlanStep
from .path import published_steps


def plan_offers(*, user, path_id: int) -> list[PathStep]:
    """The path's published steps whose course the learner's plan neither holds nor declined:
    what staff added since the plan was made (one query)."""
    return list(
        published_steps(path_id)
        .exclude(course__in=PlanStep.objects.filter(user=user).values("course"))
        .exclude(
            course__in=Plan.declined_courses.through.objects.filter(plan__user=user).values(
                "course"
            )
        )
        .select_related("course")
        .only("position", "why_here", "course__slug", "course__title")
    )


def addable_courses(*, user):
    """Every published program (exams and programs beyond the guide included) not in the
    learner's plan, by title."""
    return (
        Course.objects.published()
        .exclude(pk__in=PlanStep.objects.filter(user=user).values("course"))
        .only("title", "slug")
        .order_by("title")
    )


@dataclass(frozen=True)
class CertificateElsewhere:
    """A certificate the learner holds for a step they skipped, earned outside the site."""

    step: PlanStep
    link: CertificateLink | None  # None: no link given, or one we would not show
    age: str | None

    @property
    def course(self) -> Course:
        return self.step.course


def certificates_elsewhere(*, user, today: dt.date) -> list[CertificateElsewhere]:
    """The certificates the learner holds for skipped steps of their plan, latest first, course
    loaded (one query)."""
    steps = (
        PlanStep.objects.filter(user=user, skipped_reason=PlanStep.SkipReason.CERTIFICATE)
        .select_related("course")
        .order_by(F("certificate_earned_on").desc(nulls_last=True), "course__title")
    )
    found = []
    for step in steps:
        try:
            link = certificate_link(step.certificate_url) if step.certificate_url else None
        except CertificateLinkError:
            link = None
        earned = step.certificate_earned_on
        found.append(
            CertificateElsewhere(step, link, rules.time_ago(earned, today) if earned else None)
        )
    return found
