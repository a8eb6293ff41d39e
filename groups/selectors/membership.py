"""Who may see a group: its active members, and nobody else."""

from django.http import Http404

from ..models import Membership


def active_membership(*, user, group_id: int) -> Membership:
    """The signed-in `user`'s membership of group `group_id`, with its group (one query).

    Raises Http404 for anyone who is not a member (never was, left, was removed) or whose
    account is deactivated: every group URL goes through here, so a member who loses access
    loses it on their next request, and an outsider cannot tell the group exists.
    """
    membership = (
        Membership.objects.select_related("group")
        .filter(group_id=group_id, user=user, user__is_active=True)
        .first()
    )
    if membership is None:
        raise Http404("No such group.")
    return membership
