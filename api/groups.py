"""The study groups in the API: the learner's groups, and a group's week as its members see it.
The same access rule as the site's group pages: only a member reaches a group (404 for anyone
else), and a member who shares nothing shows only their name."""

from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Status

from groups.selectors.membership import active_membership, groups_of
from groups.selectors.week import group_week

from .api import ERRORS, MAX_ID, read
from .schemas import GroupOut, GroupWeekOut, MemberWeekOut, PathOut


@read(
    "/groups",
    response={200: list[GroupOut], **ERRORS},
    operation_id="list_groups",
    tags=["groups"],
    summary="Your study groups",
)
def list_groups(request: HttpRequest):
    """The study groups you are in, by name."""
    user = request.auth.user
    return Status(
        200,
        [
            GroupOut(
                id=group.pk,
                name=group.name,
                description=group.description,
                path=PathOut(slug=group.path.slug, title=group.path.title) if group.path else None,
                member_count=group.member_count,
                you_own_it=group.owner_id == user.pk,
            )
            for group in groups_of(user=user)
        ],
    )


@read(
    "/groups/{id}/week",
    response={200: GroupWeekOut, **ERRORS},
    operation_id="get_group_week",
    tags=["groups"],
    summary="A group's week",
)
def get_group_week(request: HttpRequest, id: Annotated[int, Path(ge=1, le=MAX_ID)]):
    """Each member's week as far as they share it: hours against their goal, met or not, and
    streak; the group's total hours of those who share."""
    group = active_membership(user=request.auth.user, group_id=id).group
    week = group_week(group=group, now=timezone.now())
    members = [
        MemberWeekOut(
            name=member.name,
            owner=member.is_owner,
            shares_week=member.shares_week,
            logged=float(member.pace.logged) if member.pace else None,
            goal=float(member.pace.goal) if member.pace else None,
            goal_met=member.met,
            streak=member.streak,
        )
        for member in week.members
    ]
    return Status(
        200,
        GroupWeekOut(
            id=group.pk, name=group.name, total_hours=float(week.total_hours), members=members
        ),
    )
