"""The e-mails about groups, claim-then-send by the hour reminders' lease (learners.mail_lease):

- the weekly digest, one per member and local week however many groups they are in, at their
  own reminder slot in their own zone; one-click unsubscribe (RFC 8058), apart from reminders;
- "Your project got a review", one per learner and local day, the morning after, listing that
  day's reviews (the review's service makes its row).

A row is created pending (its unique key makes a second sweep, or two at once, a no-op),
claimed by a conditional update (pending → sending), then marked sent. Unlike a reminder's, a
claim takes one row. The sweep takes the moment as an argument.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core import signing
from django.db import transaction
from django.db.models import DecimalField, Exists, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from learners import mail_lease
from learners import rules as learner_rules
from learners.models import LoggedHours, Profile
from learners.reminders import has_verified_address, user_id_signed_by

from . import review_rules, rules
from .models import CheckIn, DigestOptOut, GroupDigest, Membership, Review, ReviewEmail
from .review_models import MailStatus
from .selectors.reviews import requests_waiting_in

HOURS = DecimalField(max_digits=6, decimal_places=2)


def digests_due(*, now: dt.datetime) -> list[tuple[int, dt.date]]:
    """(learner, Monday of their week) for every member whose slot this week has passed at
    `now` in their own zone: active, verified, in a group, not unsubscribed. One query."""
    profiles = (
        Profile.objects.filter(
            has_verified_address("user_id"),
            Exists(Membership.objects.filter(user=OuterRef("user_id"))),
            ~Exists(DigestOptOut.objects.filter(user=OuterRef("user_id"))),
            user__is_active=True,
        )
        .order_by("user_id")
        .values_list("user_id", "time_zone", "reminder_weekday", "reminder_hour")
    )
    zones: dict[str, ZoneInfo] = {}
    mondays: dict[str, dt.date] = {}
    due = []
    for user_id, name, weekday, hour in profiles:
        zone = zones.setdefault(name, ZoneInfo(name))
        if learner_rules.slot_passed(now, zone, weekday, hour):
            if name not in mondays:  # the same for every learner of the zone
                mondays[name] = learner_rules.local_week(now, zone)[0].date()
            due.append((user_id, mondays[name]))
    return due


def review_emails_due(*, now: dt.datetime) -> list[int]:
    """Pending review e-mails whose morning has come in the learner's zone, to active learners
    with a verified address, as the digests (one query)."""
    rows = ReviewEmail.objects.filter(
        has_verified_address("user_id"),
        status=MailStatus.PENDING,
        day__gte=(now - review_rules.WORTH_SENDING).date(),
        user__is_active=True,
    ).values_list("pk", "day", "user__profile__time_zone")
    return [
        pk
        for pk, day, zone in rows
        if review_rules.review_email_due_at(day, ZoneInfo(zone or "UTC")) <= now
    ]


@dataclass
class MailSweep:
    digests: list[int] = field(default_factory=list)  # digest rows to enqueue
    review_emails: list[int] = field(default_factory=list)


@transaction.atomic
def group_mail_sweep(*, now: dt.datetime) -> MailSweep:
    """Create the digests due at `now` and say which digests and review e-mails need a task.

    Safe to run twice or at once: the unique keys turn second inserts into nothing, and a
    task sends only what it claims."""
    for model in (GroupDigest, ReviewEmail):
        mail_lease.reopen_abandoned(model.objects, now=now)
    due = digests_due(now=now)
    GroupDigest.objects.bulk_create(
        [GroupDigest(user_id=user_id, week_start=monday) for user_id, monday in due],
        ignore_conflicts=True,
    )
    worth_sending = GroupDigest.objects.filter(
        week_start__gte=(now - review_rules.WORTH_SENDING - learner_rules.WEEK).date()
    )
    digests = mail_lease.to_enqueue(worth_sending, now=now).order_by("pk")
    return MailSweep(
        digests=list(digests.values_list("pk", flat=True)),
        review_emails=review_emails_due(now=now),
    )


def _claim_one(model, pk: int, now: dt.datetime, *extra):
    """Take the row `pk` for sending, with its learner; None when it is not pending (sent,
    being sent, gone) or does not match `extra`."""
    if not mail_lease.claim(model.objects.filter(*extra, pk=pk), now=now):
        return None
    return model.objects.select_related("user__profile").get(pk=pk)


def digest_claim(*, digest_id: int, now: dt.datetime) -> GroupDigest | None:
    """Take the digest for sending; None when it is not pending or its learner unsubscribed
    since."""
    opted_out = Exists(DigestOptOut.objects.filter(user=OuterRef("user_id")))
    return _claim_one(GroupDigest, digest_id, now, ~opted_out)


def review_email_claim(*, review_email_id: int, now: dt.datetime) -> ReviewEmail | None:
    return _claim_one(ReviewEmail, review_email_id, now)


@dataclass(frozen=True)
class GroupSection:
    """One group in a member's digest."""

    name: str
    group_id: int
    met_goal: list[str]
    check_ins: list[CheckIn]
    waiting: list


def digest_sections(digest: GroupDigest) -> list[GroupSection]:
    """The member's groups as sections of their digest: who met their goal this week (of those
    who share their week), the check-ins posted since the member's last digest (or in the week
    before this one's week, for a first digest), the reviews waiting for the member. Five
    queries, however many groups and members."""
    user, week_start = digest.user, digest.week_start
    memberships = list(
        Membership.objects.filter(user=user).select_related("group").order_by("group__name")
    )
    groups = [membership.group for membership in memberships]
    week_end = week_start + learner_rules.WEEK
    hours = (
        LoggedHours.objects.filter(user=OuterRef("user_id"), day__gte=week_start, day__lt=week_end)
        .order_by()
        .values("user")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    met = defaultdict(list)
    shared = (
        Membership.objects.filter(group__in=groups, shares_week=True, user__is_active=True)
        .annotate(
            logged=Coalesce(
                Subquery(hours, output_field=HOURS), Value(Decimal(0)), output_field=HOURS
            )
        )
        .filter(logged__gte=F("user__profile__weekly_goal_hours"))
        .order_by("user__profile__display_name", "pk")
        .values_list("group_id", "user__profile__display_name", "pk")
    )
    for group_id, name, membership_id in shared:
        met[group_id].append(rules.member_name(name or "", membership_id))
    # Posted since the last digest went out: a check-in after this week's slot is in the next.
    last_sent = (
        GroupDigest.objects.filter(user=user, week_start__lt=week_start, sent_at__isnull=False)
        .order_by("-week_start")
        .values_list("sent_at", flat=True)
        .first()
    )
    since = last_sent or dt.datetime.combine(
        week_start - learner_rules.WEEK, dt.time(), tzinfo=dt.UTC
    )
    check_ins = defaultdict(list)
    rows = (
        CheckIn.objects.filter(group__in=groups, created_at__gte=since, user__is_active=True)
        .exclude(user=user)
        .select_related("user__profile")
        .order_by("created_at", "pk")
    )
    for check_in in rows:
        check_ins[check_in.group_id].append(check_in)
    waiting = requests_waiting_in(user=user, groups=groups)
    return [
        GroupSection(g.name, g.pk, met[g.pk], check_ins[g.pk], waiting.get(g.pk, []))
        for g in groups
    ]


def reviews_of_day(review_email: ReviewEmail) -> list[Review]:
    """The reviews the learner's projects got on the e-mail's local day (one query)."""
    zone = review_email.user.profile.zone
    began = dt.datetime.combine(review_email.day, dt.time(), tzinfo=zone)
    ended = dt.datetime.combine(review_email.day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return list(
        Review.objects.filter(
            project__user=review_email.user_id, created_at__gte=began, created_at__lt=ended
        )
        .select_related("project", "reviewer__profile")
        .order_by("created_at", "pk")
    )


# No timestamp: an unsubscribe link in an old e-mail must keep working.
DIGEST_UNSUBSCRIBE_SIGNER = signing.Signer(salt="group-digest-unsubscribe")


def digest_unsubscribe_token(user_id: int) -> str:
    return DIGEST_UNSUBSCRIBE_SIGNER.sign_object(user_id)


def digest_unsubscribe_user_id(token: str) -> int | None:
    return user_id_signed_by(DIGEST_UNSUBSCRIBE_SIGNER, token)
