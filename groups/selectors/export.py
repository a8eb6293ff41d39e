"""What the learner's data export holds of study groups: the groups they are in, by name, and the
reviews they gave and received (the setting LEARNERS_EXPORT_GROUPS names `group_data_of`)."""

from ..models import Membership
from .reviews import reviews_for_export


def group_data_of(*, user) -> dict:
    """The export's sections from this app: `study_groups` (each group the learner is in, with
    its name, whether they own it, when they joined and whether they share their week) and
    `peer_reviews` (given and received, with every verdict). Never an invite token, nor other
    members' names or figures."""
    memberships = (
        Membership.objects.filter(user=user).select_related("group").order_by("joined_at", "pk")
    )
    return {
        "study_groups": [
            {
                "group": membership.group.name,
                "owner": membership.group.owner_id == membership.user_id,
                "joined_at": membership.joined_at.isoformat(),
                "shares_week": membership.shares_week,
            }
            for membership in memberships
        ],
        "peer_reviews": reviews_for_export(user=user),
    }
