"""The learner's profile, active enrolment and recommended path: what most pages start from."""

from django.db.models import Exists, OuterRef

from courses.models import Path
from courses.rules import Background, TargetRole, recommend_track

from ..models import Enrollment, Plan, Profile


def profile_for(*, user) -> Profile:
    """The learner's profile, made on first use (accounts are created by allauth)."""
    profile, _ = Profile.objects.get_or_create(user=user)
    # A profile read back does not hold its user: without this, `profile.user` reads it again.
    # Setting it also fills `user.profile`, which the layout's theme then reads for free.
    profile.user = user
    return profile


def active_enrollment(*, user) -> Enrollment | None:
    """The learner's active enrolment, its path loaded (every caller shows the path), and
    `has_plan`: whether the learner made that path their own (then their plan is followed)."""
    own_plan = Plan.objects.filter(user=OuterRef("user"), path=OuterRef("path"))
    return (
        Enrollment.objects.filter(user=user, status=Enrollment.Status.ACTIVE)
        .select_related("path")
        .annotate(has_plan=Exists(own_plan))
        .order_by("pk")
        .first()
    )


def recommended_path(*, profile: Profile) -> Path | None:
    """The first published path of the track the guide's sequencing gives this learner."""
    if not (profile.background and profile.target_role):
        return None
    track = recommend_track(Background(profile.background), TargetRole(profile.target_role))
    return Path.objects.published().filter(track=track).order_by("position", "pk").first()
