"""Writes to study groups. Each takes the membership the view checked (or the user), locks what
two requests at once could race on, and refuses with a ValidationError that says why."""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from courses.models import Path
from learners.markdown import render_markdown

from . import rules
from .models import CheckIn, Membership, StudyGroup

INVITE_TOKEN_BYTES = 24


class GroupFull(ValidationError):
    """The group has MAX_MEMBERS members already."""


def _new_invite(group: StudyGroup, now: dt.datetime) -> None:
    group.invite_token = secrets.token_urlsafe(INVITE_TOKEN_BYTES)
    group.invite_created_at = now


@transaction.atomic
def group_start(
    *, user, name: str, description: str, path: Path | None, now: dt.datetime
) -> StudyGroup:
    """A new group owned by `user`, its first member (sharing their week), with an invite link."""
    group = StudyGroup(name=name, description=description, path=path, owner=user)
    _new_invite(group, now)
    group.save()
    Membership.objects.create(group=group, user=user, shares_week=True)
    return group


def invite_renew(*, group: StudyGroup, now: dt.datetime) -> StudyGroup:
    """A new invite link for `group`: the old one stops working at once."""
    _new_invite(group, now)
    group.save(update_fields=["invite_token", "invite_created_at"])
    return group


@transaction.atomic
def group_join(*, user, group_id: int, shares_week: bool) -> Membership:
    """Make `user` a member of the group. The group row is locked, so that members joining at
    once are counted one after the other and the group never passes MAX_MEMBERS. Joining a
    group one is in already changes nothing."""
    group = StudyGroup.objects.select_for_update().get(pk=group_id)
    existing = Membership.objects.filter(group=group, user=user).first()
    if existing:
        return existing
    # A deactivated account holds no place: the group's pages no longer show it.
    if rules.group_full(Membership.objects.filter(group=group, user__is_active=True).count()):
        raise GroupFull(f"“{group.name}” has {rules.MAX_MEMBERS} members already: it is full.")
    return Membership.objects.create(group=group, user=user, shares_week=shares_week)


def sharing_set(*, membership: Membership, shares_week: bool) -> Membership:
    membership.shares_week = shares_week
    membership.save(update_fields=["shares_week"])
    return membership


def group_rename(*, group: StudyGroup, name: str, description: str, path: Path | None) -> None:
    group.name, group.description, group.path = name, description, path
    group.save(update_fields=["name", "description", "path"])


def _remove(membership: Membership) -> None:
    """The member goes, and their check-ins in the group with them."""
    CheckIn.objects.filter(group_id=membership.group_id, user_id=membership.user_id).delete()
    membership.delete()


def _locked_member(group: StudyGroup, membership: Membership) -> tuple[StudyGroup, Membership]:
    """The group locked and its member read again under the lock: a member leaving, removed or
    made owner by another request meanwhile is seen as such, and so is an owner who handed the
    group on in another tab."""
    owner_id = group.owner_id
    group = StudyGroup.objects.select_for_update().get(pk=group.pk)
    if group.owner_id != owner_id:
        raise ValidationError("You no longer own this group.")
    membership = Membership.objects.filter(
        pk=membership.pk, group=group, user__is_active=True
    ).first()
    if membership is None:
        raise ValidationError("That is not a member of this group.")
    return group, membership


@transaction.atomic
def member_remove(*, group: StudyGroup, membership: Membership) -> None:
    """The owner removes a member of `group` (never themself: they leave, hand the group on or
    delete it)."""
    group, membership = _locked_member(group, membership)
    if membership.user_id == group.owner_id:
        raise ValidationError("You own the group: hand it to another member, or delete it.")
    _remove(membership)


@transaction.atomic
def ownership_hand(*, group: StudyGroup, membership: Membership) -> None:
    """Make the member `membership` of `group` its owner."""
    group, membership = _locked_member(group, membership)
    group.owner_id = membership.user_id
    group.save(update_fields=["owner"])


def _hand_on(group: StudyGroup, leaving_user_id: int) -> StudyGroup | None:
    """The group its owner leaves passes to its longest-standing other active member, or is
    deleted when nobody else is in it; the group (None when deleted)."""
    members = Membership.objects.filter(group=group, user__is_active=True)
    successor = rules.next_owner(
        list(members.values_list("user_id", "joined_at")), leaving=leaving_user_id
    )
    if successor is None:
        group.delete()
        return None
    group.owner_id = successor
    group.save(update_fields=["owner"])
    return group


@transaction.atomic
def group_leave(*, membership: Membership) -> StudyGroup | None:
    """The member leaves; an owner's group is handed on (see _hand_on). The group left, None
    when it was deleted."""
    group = StudyGroup.objects.select_for_update().filter(pk=membership.group_id).first()
    if group is None:  # deleted by the same member's other request (a double click)
        return None
    _remove(membership)
    if group.owner_id != membership.user_id:
        return group
    return _hand_on(group, membership.user_id)


def group_delete(*, group: StudyGroup) -> None:
    """The owner deletes the group: its memberships and check-ins go with it."""
    group.delete()


@transaction.atomic
def account_leaving(*, user) -> None:
    """Before an account is deleted: it leaves every group, handing on those it owns.

    The setting ACCOUNT_DELETION_STEPS names this function; learners.services.learner_delete
    calls it before deleting the user (whose ownership is protected by a foreign key).
    """
    for membership in Membership.objects.filter(user=user).order_by("pk"):
        group_leave(membership=membership)
    # An owner who is somehow no member any more: no row may keep the user.
    for group in StudyGroup.objects.select_for_update().filter(owner=user):
        _hand_on(group, user.pk)


@transaction.atomic
def check_in_save(
    *, membership: Membership, week_start: dt.date, did: str, next: str, stuck: str
) -> CheckIn:
    """The member's check-in for `week_start`, made or replaced. Two posts at once by the same
    member leave one check-in (the later wins); other members' are untouched."""
    values = _check_in_values(did, next, stuck)
    key = {"group_id": membership.group_id, "user_id": membership.user_id, "week_start": week_start}
    # update_or_create locks the row, or creates it and on a clash reads the other's back.
    check_in, _ = CheckIn.objects.update_or_create(**key, defaults=values)
    return check_in


def check_in_edit(*, check_in: CheckIn, did: str, next: str, stuck: str) -> CheckIn:
    values = _check_in_values(did, next, stuck)
    for name, value in values.items():
        setattr(check_in, name, value)
    check_in.save(update_fields=[*values, "updated_at"])
    return check_in


def _check_in_values(did: str, next: str, stuck: str) -> dict[str, str]:
    """The check-in's three prompts, checked (a ValidationError says why they cannot be saved),
    with each prompt's Markdown as the cleaned HTML the group page shows (`<prompt>_html`), its
    headings under the page's <h5> prompt."""
    if problem := rules.check_in_problem(did, next, stuck):
        raise ValidationError(problem)
    prompts = {"did": did, "next": next, "stuck": stuck}
    return prompts | {
        f"{name}_html": render_markdown(text, top_level=6) for name, text in prompts.items()
    }


def check_in_delete(*, membership: Membership, check_in_id: int) -> int:
    """Delete the member's own check-in `check_in_id` in their group; how many (0 or 1)."""
    deleted, _ = CheckIn.objects.filter(
        pk=check_in_id, group_id=membership.group_id, user_id=membership.user_id
    ).delete()
    return deleted
