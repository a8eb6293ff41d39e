"""The learner's projects, and their public page as recruiters see it."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from courses.models import Path

from ..models import PortfolioProject, Profile
from .certificates import Certificate, certificates_of
from .path import path_standing
from .plan import CertificateElsewhere, certificates_elsewhere
from .profile import active_enrollment


def projects_of(*, user) -> list[PortfolioProject]:
    """The learner's projects, latest edit first, with their skills (two queries)."""
    return list(PortfolioProject.objects.filter(user=user).prefetch_related("skills"))


@dataclass(frozen=True)
class PublicPortfolio:
    """What a learner's public page shows: nothing that is not meant for recruiters."""

    profile: Profile
    path: Path | None
    steps_done: int
    steps_total: int
    certificates: list[Certificate]
    certificates_elsewhere: list[CertificateElsewhere]
    own_plan: bool
    projects: list[PortfolioProject]
    # "Reviewed by N peers", for the projects whose learner chose to show it.
    peer_reviewers: dict[int, int]

    def shown_projects(self) -> list[tuple[PortfolioProject, int | None]]:
        """Each project with its number of peer reviewers, or None when not shown."""
        return [(project, self.peer_reviewers.get(project.pk)) for project in self.projects]


def published_portfolio(*, slug: str, now: dt.datetime) -> PublicPortfolio | None:
    """The portfolio published at `slug`; None unless its learner turned it on and their
    account is active (staff deactivating an account take its page down)."""
    profile = Profile.objects.filter(
        public_portfolio=True, public_slug=slug, user__is_active=True
    ).first()
    if profile is None:
        return None
    user = profile.user_id
    enrollment = active_enrollment(user=user)
    standing = path_standing(user=user, enrollment=enrollment) if enrollment else None
    projects = PortfolioProject.objects.filter(user=user, public=True).prefetch_related(
        "skills", "courses"
    )
    projects = list(projects)
    # Peer review lives in the groups app: read through the function the settings name.
    counted = [project.pk for project in projects if project.show_peer_reviews]
    peer_reviewers = (
        import_string(settings.LEARNERS_PEER_REVIEW_COUNTS)(project_ids=counted) if counted else {}
    )
    return PublicPortfolio(
        profile=profile,
        path=enrollment.path if enrollment else None,
        steps_done=len(standing.done) if standing else 0,
        steps_total=len(standing.counted) if standing else 0,
        certificates=certificates_of(user=user, today=profile.local_today(now)),
        certificates_elsewhere=certificates_elsewhere(user=user, today=profile.local_today(now)),
        own_plan=bool(standing and standing.own_plan),
        projects=projects,
        peer_reviewers=peer_reviewers,
    )
