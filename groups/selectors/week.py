"""A group's week: each member's hours against their goal and streak, as much as they share,
and the group's check-ins. A constant number of queries however many members and check-ins:
the members in one, every sharing member's hours per week in one grouped query, the
check-ins in one."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from learners.models import Profile
from learners.rules import BACKFILL, Pace, week_start
from learners.selectors.hours import hours_by_week_of_each, pace_and_streak

from .. import rules
from ..models import CheckIn, Membership, StudyGroup


@dataclass(frozen=True)
class MemberWeek:
    """One member as the group sees them: their name always; their week only if they share it."""

    membership_id: int
    user_id: int
    name: str
    is_owner: bool
    joined_at: dt.datetime
    shares_week: bool
    pace: Pace | None = None
    streak: int | None = None

    @property
    def met(self) -> bool | None:
        """Whether the member has met this week's goal; None when they do not share."""
        return None if self.pace is None else self.pace.goal_met


@dataclass(frozen=True)
class GroupWeek:
    members: list[MemberWeek]
    total_hours: Decimal  # this week's hours of the members who share theirs

    @property
    def met(self) -> list[MemberWeek]:
        return [member for member in self.members if member.met]

    @property
    def names(self) -> dict[int, str]:
        """Member names by user id."""
        return {member.user_id: member.name for member in self.members}


DEFAULT_GOAL = Profile._meta.get_field("weekly_goal_hours").get_default()
DEFAULT_ZONE = Profile._meta.get_field("time_zone").get_default()

MEMBER_FIELDS = (
    "pk",
    "user_id",
    "joined_at",
    "shares_week",
    "user__date_joined",
    "user__profile__display_name",
    "user__profile__weekly_goal_hours",
    "user__profile__time_zone",
)


def _member_rows(group: StudyGroup) -> list[dict]:
    return list(
        Membership.objects.filter(group=group, user__is_active=True)
        .order_by("joined_at", "pk")
        .values(*MEMBER_FIELDS)
    )


def _member(row: dict, group: StudyGroup) -> dict:
    """What every member shows, shared week or not."""
    return {
        "membership_id": row["pk"],
        "user_id": row["user_id"],
        "name": rules.member_name(row["user__profile__display_name"] or "", row["pk"]),
        "is_owner": row["user_id"] == group.owner_id,
        "joined_at": row["joined_at"],
        "shares_week": row["shares_week"],
    }


def group_members(*, group: StudyGroup) -> list[MemberWeek]:
    """Every active member of `group`, longest-standing first, without their weeks: what the
    owner's manage page lists (one query)."""
    return [MemberWeek(**_member(row, group)) for row in _member_rows(group)]


def group_week(*, group: StudyGroup, now: dt.datetime) -> GroupWeek:
    """Every active member of `group`, longest-standing first, with the week of those who share
    it (two queries; one when nobody shares). Only names, goals, hours and streaks are read:
    no e-mail address, note or entry leaves the database."""
    rows = _member_rows(group)
    sharing = [row for row in rows if row["shares_week"]]
    weeks = {}
    if sharing:
        # From the earliest day any of them may log, so that no streak is cut short.
        since = min(row["user__date_joined"] for row in sharing).date() - BACKFILL - dt.timedelta(1)
        weeks = hours_by_week_of_each(user_ids=[row["user_id"] for row in sharing], since=since)
    members, total = [], Decimal(0)
    for row in rows:
        member = _member(row, group)
        if row["shares_week"]:
            goal, zone = row["user__profile__weekly_goal_hours"], row["user__profile__time_zone"]
            if goal is None:  # no profile yet: the profile's defaults
                goal, zone = DEFAULT_GOAL, DEFAULT_ZONE
            pace, streak = pace_and_streak(goal, ZoneInfo(zone), now, weeks[row["user_id"]])
            member |= {"pace": pace, "streak": streak}
            total += pace.logged
        members.append(MemberWeek(**member))
    return GroupWeek(members=members, total_hours=total)


def this_week_of(*, profile: Profile, now: dt.datetime) -> dt.date:
    """The Monday of the member's own local week: the week their check-in is about."""
    return week_start(profile.local_today(now))


def recent_check_ins(*, group: StudyGroup, this_week: dt.date) -> list[CheckIn]:
    """The check-ins of the group's active members over the last CHECK_IN_WEEKS weeks up to
    `this_week`, newest week first, latest first within it (one query)."""
    oldest = rules.check_in_weeks(this_week)[-1]
    return list(
        CheckIn.objects.filter(group=group, week_start__gte=oldest, user__is_active=True)
        .order_by("-week_start", "-created_at", "-pk")
        # Not shown: two timestamps a row, parsed for up to 120 check-ins.
        .defer("created_at", "updated_at")
    )


def group_page(*, membership: Membership, profile: Profile, now: dt.datetime) -> dict:
    """What the group page shows its member (three queries): every member's week, the
    check-ins of the last weeks (each with its `author_name`), and the viewer's own check-in
    of their week, if any."""
    group = membership.group
    this_week = this_week_of(profile=profile, now=now)
    week = group_week(group=group, now=now)
    names = week.names
    check_ins = recent_check_ins(group=group, this_week=this_week)
    own = None
    for check_in in check_ins:
        check_in.author_name = names.get(check_in.user_id, "A former member")
        if check_in.user_id == membership.user_id and check_in.week_start == this_week:
            own = check_in
    return {
        "group": group,
        "membership": membership,
        "is_owner": group.owner_id == membership.user_id,
        "week": week,
        "this_week": this_week,
        "check_ins": check_ins,
        "own_check_in": own,
    }
