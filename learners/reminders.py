"""Weekly goal reminders: who is due, the rows that make each e-mail go out once, and the
signed links that turn them off.

Who is due is decided in a constant number of queries whatever the number of learners: the
distinct time zones of learners with reminders on, then per kind one query whose CASE on the
time zone carries each zone's week, slots passed and share of the week gone, computed here in
Python by `learners.rules` (no time-zone SQL, so it runs the same on PostgreSQL and SQLite).

A Reminder row is created pending (the unique key on learner, week and kind makes a second sweep,
or two at once, a no-op), claimed by the e-mail task with a conditional update, then marked sent
(the lease of learners.mail_lease, which the group e-mails share).
"""

import bisect
import datetime as dt
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.core import signing
from django.db import transaction
from django.db.models import (
    Case,
    DateField,
    DateTimeField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Round

from courses.models import Assignment

from . import mail_lease, rules
from .models import AssignmentCompletion, CourseProgress, LoggedHours, Profile, Reminder
from .selectors.path import steps_to_take
from .selectors.profile import active_enrollment

Kind = Reminder.Kind
Status = Reminder.Status

# A pending reminder older than this is about a week that has moved on: it is not sent late.
WORTH_SENDING = dt.timedelta(days=2)

SLOTS_PER_WEEK = 7 * 24
# "You missed last week's goal" goes out on Monday from 08:00 local time (or at the learner's
# own slot when that is on Monday), and only that day.
MISSED_WEEK_WEEKDAY, MISSED_WEEK_HOUR = Profile.Weekday.MONDAY, 8

HOURS = DecimalField(max_digits=6, decimal_places=2)


@dataclass(frozen=True)
class ZoneWeek:
    """What one kind of reminder means now in one time zone.

    A learner is due when their slot (weekday × 24 + hour) is below `slots_passed`, or at least
    `later_slots_from`."""

    began: dt.datetime  # the instant the week the reminder is about began there
    week_start: dt.date  # its Monday
    share: Decimal  # the part of the week's goal a learner on pace has logged by now
    slots_passed: int  # reminder slots already past this week: 0 means nobody yet
    later_slots_from: int = SLOTS_PER_WEEK  # the default matches no slot


def zone_week(kind: str, now: dt.datetime, zone: ZoneInfo) -> ZoneWeek:
    start, _ = rules.local_week(now, zone)
    # Slots fall in the order of the week (a wall-clock hour skipped by daylight saving moves
    # to the next real one), so the slots already past are a prefix of the week.
    passed = bisect.bisect_left(
        range(SLOTS_PER_WEEK),
        True,
        key=lambda slot: not rules.slot_passed(now, zone, *divmod(slot, 24)),
    )
    if kind == Kind.BEHIND_PACE:
        return ZoneWeek(start, start.date(), rules.elapsed_share(now, zone), passed)
    monday = start.date() - rules.WEEK
    began = dt.datetime.combine(monday, dt.time(), tzinfo=zone)
    if now.astimezone(zone).date() != start.date():
        return ZoneWeek(began, monday, Decimal(1), 0)
    # On Monday only. A learner whose own slot is on Monday hears of last week at that slot,
    # together with this week's pace when that is behind too: one e-mail that day, not two.
    # Everyone else hears from 08:00.
    after_eight = rules.slot_passed(now, zone, MISSED_WEEK_WEEKDAY, MISSED_WEEK_HOUR)
    return ZoneWeek(
        began, monday, Decimal(1), min(passed, 24), 24 if after_eight else SLOTS_PER_WEEK
    )


@dataclass(frozen=True)
class Due:
    user_id: int
    email: str
    week_start: dt.date
    hours_logged: Decimal
    goal_hours: Decimal
    kind: str


def _eligible() -> QuerySet[Profile]:
    """Profiles that may get reminders at all: on, with a goal, a verified primary address."""
    return Profile.objects.filter(
        has_verified_address("user_id"),
        reminders_enabled=True,
        weekly_goal_hours__gt=0,
        user__is_active=True,
    )


def has_verified_address(user_field: str) -> Exists:
    """Whether the user the outer row's `user_field` (a foreign key's column, `user_id`) names
    has a verified primary e-mail address: every e-mail to a learner goes only there."""
    # allauth keeps the user's e-mail equal to their primary address.
    return Exists(
        EmailAddress.objects.filter(
            user=OuterRef(user_field),
            primary=True,
            verified=True,
            email__iexact=OuterRef(f"{user_field.removesuffix('_id')}__email"),
        )
    )


def _per_zone(weeks: dict[str, ZoneWeek], value, output_field) -> Case:
    """`value(week)` of the row's time zone. Zones sharing a value share a branch: a few
    dozen UTC offsets, not hundreds of zones."""
    zones_by_value = defaultdict(list)
    for zone, week in weeks.items():
        zones_by_value[value(week)].append(zone)
    return Case(
        *(When(time_zone__in=zones, then=Value(v)) for v, zones in zones_by_value.items()),
        output_field=output_field,
    )


def _hours_logged() -> Coalesce:
    """The learner's hours in the week of the outer row, from both logs (the LoggedHours view)."""
    week = (
        LoggedHours.objects.filter(
            user=OuterRef("user_id"), day__gte=OuterRef("week_start"), day__lt=OuterRef("week_end")
        )
        .order_by()
        .values("user")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(week, output_field=HOURS), Value(Decimal(0)), output_field=HOURS)


def _due_of_kind(kind: str, weeks: dict[str, ZoneWeek]) -> list[Due]:
    """One query: the learners of these zones whose slot has passed, behind on that week."""
    weeks = {
        zone: week
        for zone, week in weeks.items()
        if week.slots_passed or week.later_slots_from < SLOTS_PER_WEEK
    }
    if not weeks:
        return []
    already = Reminder.objects.filter(
        user=OuterRef("user_id"), kind=kind, week_start=OuterRef("week_start")
    )
    rows = (
        _eligible()
        .filter(time_zone__in=weeks)
        .annotate(
            began=_per_zone(weeks, lambda w: w.began, DateTimeField()),
            week_start=_per_zone(weeks, lambda w: w.week_start, DateField()),
            week_end=_per_zone(weeks, lambda w: w.week_start + rules.WEEK, DateField()),
            slots_passed=_per_zone(weeks, lambda w: w.slots_passed, IntegerField()),
            later_slots_from=_per_zone(weeks, lambda w: w.later_slots_from, IntegerField()),
            share=_per_zone(
                weeks, lambda w: w.share, DecimalField(max_digits=12, decimal_places=10)
            ),
            slot=F("reminder_weekday") * 24 + F("reminder_hour"),
        )
        # Only about weeks the learner was here for from their start.
        .filter(
            Q(slot__lt=F("slots_passed")) | Q(slot__gte=F("later_slots_from")),
            created_at__lt=F("began"),
        )
        .annotate(
            logged=_hours_logged(),
            # As `rules.expected_by_now`: the goal times the week gone, to the hundredth.
            expected=Round(F("weekly_goal_hours") * F("share"), 2, output_field=HOURS),
        )
        .filter(~Exists(already), logged__lt=F("expected"))
        .order_by("user_id")
        .values_list("user_id", "user__email", "week_start", "logged", "weekly_goal_hours")
    )
    return [Due(*row, kind=kind) for row in rows]


def reminders_due(*, now: dt.datetime) -> list[Due]:
    """Every reminder due at `now` that has no row yet: 1 query, plus 1 per kind with a zone due."""
    # A zone with no eligible learner only adds a branch that matches nothing: skip the
    # eligibility subqueries here, they cost more than the branch.
    names = Profile.objects.filter(reminders_enabled=True).values_list("time_zone", flat=True)
    zones = [ZoneInfo(name) for name in names.order_by().distinct()]
    return [
        due
        for kind in Kind.values
        for due in _due_of_kind(kind, {zone.key: zone_week(kind, now, zone) for zone in zones})
    ]


@dataclass
class Sweep:
    due: list[Due]
    reopened: int = 0  # `sending` rows whose lease ran out, back to pending
    to_send: list[int] = field(default_factory=list)  # ids of the rows to enqueue


@transaction.atomic
def reminders_sweep(*, now: dt.datetime, dry_run: bool = False) -> Sweep:
    """Create the rows of the reminders due at `now`, and say which pending rows need a task.

    Safe to run twice or at once: the unique key turns a second insert into nothing."""
    due = reminders_due(now=now)
    if dry_run:
        return Sweep(due=due)
    reopened = mail_lease.reopen_abandoned(Reminder.objects, now=now)
    Reminder.objects.bulk_create(
        [
            Reminder(
                user_id=d.user_id,
                kind=d.kind,
                week_start=d.week_start,
                hours_logged=d.hours_logged,
                goal_hours=d.goal_hours,
            )
            for d in due
        ],
        ignore_conflicts=True,
    )
    worth_sending = Reminder.objects.filter(
        user__profile__reminders_enabled=True, created_at__gte=now - WORTH_SENDING
    )
    pending = (
        mail_lease.to_enqueue(worth_sending, now=now).order_by("pk").values_list("pk", "user_id")
    )
    # One task per learner: its claim takes the learner's other pending rows into one e-mail.
    first_of_learner = {}
    for pk, user_id in pending:
        first_of_learner.setdefault(user_id, pk)
    return Sweep(due=due, reopened=reopened, to_send=list(first_of_learner.values()))


def reminder_claim(*, reminder_id: int, now: dt.datetime) -> list[Reminder]:
    """Take the reminder for sending, with its learner's other pending reminders (both kinds
    due on one Monday make one e-mail). Empty when it is not pending (sent, being sent by
    another worker, gone) or its learner has turned reminders off since."""
    learner = Subquery(Reminder.objects.filter(pk=reminder_id).values("user_id"))
    claimable = Reminder.objects.filter(
        Exists(Profile.objects.filter(user=OuterRef("user_id"), reminders_enabled=True)),
        Exists(Reminder.objects.filter(pk=reminder_id, status=Status.PENDING)),
        Q(pk=reminder_id) | Q(created_at__gte=now - WORTH_SENDING),
        user_id=learner,
    )
    if not mail_lease.claim(claimable, now=now):
        return []
    return list(
        Reminder.objects.filter(user_id=learner, status=Status.SENDING, claimed_at=now)
        .select_related("user__profile")
        .order_by("kind")
    )


@transaction.atomic
def reminders_off(*, user_id: int) -> None:
    """Turn the learner's reminders off; those not sent yet are dropped, so that the history
    shows only what was sent or tried."""
    Profile.objects.filter(user_id=user_id).update(reminders_enabled=False)
    Reminder.objects.filter(user_id=user_id, status=Status.PENDING).delete()


# No timestamp: an unsubscribe link in an old e-mail must keep working.
UNSUBSCRIBE_SIGNER = signing.Signer(salt="reminders-unsubscribe")


def unsubscribe_token(user_id: int) -> str:
    return UNSUBSCRIBE_SIGNER.sign_object(user_id)


def unsubscribe_user_id(token: str) -> int | None:
    return user_id_signed_by(UNSUBSCRIBE_SIGNER, token)


def user_id_signed_by(signer: signing.Signer, token: str) -> int | None:
    """The learner a one-click unsubscribe token of `signer` was made for; None when it was not
    made by it, or holds anything but an id (a payload that is not JSON, or JSON of another
    shape). The group digest's links use it too, with a signer of their own."""
    try:
        user_id = signer.unsign_object(token)
    except (signing.BadSignature, ValueError, zlib.error):
        # ValueError covers bad base64, bad UTF-8 and bad JSON.
        return None
    if type(user_id) is not int or not 0 < user_id < 2**63:
        return None
    return user_id


def reminders_of(*, user) -> Iterable[Reminder]:
    return Reminder.objects.filter(user=user).order_by("-week_start", "kind")


def next_assignment(*, user) -> Assignment | None:
    """The first assignment not completed in the first course not done on the learner's active
    path, or of their own plan of it (skipped steps left out); None without a path, or when
    nothing is left."""
    enrollment = active_enrollment(user=user)
    if enrollment is None:
        return None
    done = CourseProgress.objects.filter(
        user=user,
        course=OuterRef("course"),
        status__in=CourseProgress.DONE,
    )
    step = steps_to_take(user=user, enrollment=enrollment).exclude(Exists(done)).first()
    if step is None:
        return None
    completed = AssignmentCompletion.objects.filter(user=user, assignment=OuterRef("pk"))
    return (
        Assignment.objects.filter(course=step.course_id)
        .exclude(Exists(completed))
        .select_related("course")
        .order_by("position")
        .first()
    )
