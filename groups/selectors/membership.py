"""Who may see a group: its active members, and nobody else."""

from django.db.models import Count, Q
from django.http import Http404

from ..models import Membership, StudyGroup

# The members a group counts: a deactivated account holds no place (groups.services.group_join).
ACTIVE_MEMBERS = Q(memberships__user__is_active=True)


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


def groups_of(*, user) -> list[StudyGroup]:
    """The groups `user` is in, by name, each with its `member_count` and path (one query)."""
    return list(
        StudyGroup.objects.filter(pk__in=Membership.objects.filter(user=user).values("group_id"))
        .select_related("path")
        .annotate(member_count=Count("memberships", filter=ACTIVE_MEMBERS))
        .order_by("name", "pk")
    )


def group_for_invite(*, group_id: int) -> StudyGroup | None:
    """The group an invite link names, with its `member_count` and path; None when there is
    no such group (one query)."""
    return (
        StudyGroup.objects.filter(pk=group_id)
        .select_related("path")
        .annotate(member_count=Count("memberships", filter=ACTIVE_MEMBERS))
        .first()
    )


def membership_in(*, group: StudyGroup, membership_id: int) -> Membership:
    """An active member of `group`, by membership id; Http404 when it is none of its own."""
    membership = Membership.objects.filter(
        pk=membership_id, group=group, user__is_active=True
    ).first()
    if membership is None:
        raise Http404("No such member.")
    return membership


def is_member(*, user, group_id: int) -> bool:
    return Membership.objects.filter(group_id=group_id, user=user).exists()
