"""Earned certificates as a recruiter checks them and as LinkedIn's form takes them."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F

from .. import rules
from ..certificates import CertificateLink, CertificateLinkError, certificate_link, linkedin_add_url
from ..models import CourseProgress


@dataclass(frozen=True)
class Certificate:
    """An earned certificate as a recruiter checks it, and as LinkedIn's form takes it."""

    progress: CourseProgress
    link: CertificateLink | None  # None: no link given, or one we would not show
    age: str | None  # "3 months ago"; None without the date it was earned
    organization: str
    linkedin_url: str


def certificate_of(progress: CourseProgress, today: dt.date) -> Certificate:
    """`progress` (certified, its course's institution and platform loaded) as a certificate."""
    try:
        link = certificate_link(progress.certificate_url) if progress.certificate_url else None
    except CertificateLinkError:
        link = None
    course = progress.course
    organization = (course.institution or course.platform).name
    return Certificate(
        progress=progress,
        link=link,
        age=rules.time_ago(progress.certified_on, today) if progress.certified_on else None,
        organization=organization,
        linkedin_url=linkedin_add_url(
            name=course.title,
            organization=organization,
            issued_on=progress.certified_on,
            cert_url=link.url if link else "",
            cert_id=link.credential_id if link else None,
        ),
    )


def certificates_of(*, user, today: dt.date) -> list[Certificate]:
    """The learner's certificates, latest first (one query)."""
    certified = (
        CourseProgress.objects.filter(user=user, status=CourseProgress.Status.CERTIFIED)
        .select_related("course__institution", "course__platform")
        .order_by(F("certified_on").desc(nulls_last=True), "course__title")
    )
    return [certificate_of(progress, today) for progress in certified]
