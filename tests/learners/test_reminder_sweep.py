"""The sweep: who gets a weekly goal reminder, when in their own time zone, and only once."""

import datetime as dt
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Assignment
from learners.models import AssignmentCompletion, Profile, Reminder, StudySession
from learners.reminders import reminders_sweep

from .factories import UserFactory
from .reminder_data import BERLIN_SLOT, JOINED, MONDAY, NEXT_MONDAY, UTC, learner, log

# The sweep runs on SQLite (the development default) as on PostgreSQL: `make test` runs this
# module on both.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_smoke]

SECOND = dt.timedelta(seconds=1)


def sweep_at(moment: dt.datetime):
    with time_machine.travel(moment, tick=False):
        return reminders_sweep(now=moment)


def test_a_learner_behind_pace_gets_one_reminder_after_two_sweeps():
    alice = learner()
    # By Thursday 18:00, 90 of the week's 168 hours are gone: on pace is 8 × 90/168 = 4.29 h.
    log(alice, MONDAY, "1")

    first = sweep_at(BERLIN_SLOT)
    # A second beat, or `send_reminders` run by hand, a minute later.
    second = sweep_at(BERLIN_SLOT + dt.timedelta(minutes=1))

    reminder = Reminder.objects.get()
    assert (reminder.user, reminder.kind, reminder.week_start) == (
        alice.user,
        "behind_pace",
        MONDAY,
    )
    assert (reminder.hours_logged, reminder.goal_hours) == (Decimal(1), Decimal(8))
    assert reminder.status == "pending"
    assert first.to_send == [reminder.pk]
    assert second.due == []
    assert second.to_send == []


@pytest.mark.parametrize(
    ("logged", "due"),
    [("4.28", True), ("4.29", False), ("6", False)],
    ids=["just-behind", "exactly-on-pace", "ahead"],
)
def test_a_learner_on_pace_gets_none(logged, due):
    alice = learner()
    log(alice, MONDAY, logged)

    sweep_at(BERLIN_SLOT)

    assert Reminder.objects.exists() is due


def test_learners_who_cannot_or_should_not_be_reminded_get_none():
    learner(reminders_enabled=False)
    learner(user__verified_email=False)
    learner(user__is_active=False)
    # Joined on Wednesday: the week was already half gone.
    with time_machine.travel(dt.datetime(2026, 10, 28, 12, tzinfo=UTC), tick=False):
        UserFactory()  # signed up, verified, never set a goal: no profile
        Profile.objects.create(user=UserFactory(), time_zone="Europe/Berlin")

    sweep = sweep_at(BERLIN_SLOT)

    assert sweep.due == []
    assert not Reminder.objects.exists()


def test_an_address_no_longer_primary_gets_none():
    alice = learner()
    EmailAddress.objects.filter(user=alice.user).update(primary=False)
    EmailAddress.objects.create(user=alice.user, email="new@example.com", primary=True)

    assert sweep_at(BERLIN_SLOT).due == []


@pytest.mark.parametrize(
    ("zone", "weekday", "hour", "slot", "monday"),
    [
        # Thursday 18:00 at UTC−7 (summer time, until Sunday 1 November) and UTC−8 after.
        ("America/Los_Angeles", 3, 18, dt.datetime(2026, 10, 30, 1, tzinfo=UTC), MONDAY),
        ("America/Los_Angeles", 3, 18, dt.datetime(2026, 11, 6, 2, tzinfo=UTC), NEXT_MONDAY),
        # Sunday 18:00 in the week Los Angeles gains an hour: 169 hours long.
        ("America/Los_Angeles", 6, 18, dt.datetime(2026, 11, 2, 2, tzinfo=UTC), MONDAY),
        ("Asia/Kolkata", 3, 18, dt.datetime(2026, 10, 29, 12, 30, tzinfo=UTC), MONDAY),
        ("Pacific/Auckland", 3, 18, dt.datetime(2026, 10, 29, 5, tzinfo=UTC), MONDAY),
        # Monday 09:00 in Auckland is still Sunday in UTC: the week is Auckland's.
        ("Pacific/Auckland", 0, 9, dt.datetime(2026, 11, 1, 20, tzinfo=UTC), NEXT_MONDAY),
    ],
    ids=["LA-summer", "LA-winter", "LA-dst-sunday", "Kolkata", "Auckland", "Auckland-monday"],
)
def test_a_learner_is_due_exactly_from_their_own_local_slot(zone, weekday, hour, slot, monday):
    alice = learner(time_zone=zone, reminder_weekday=weekday, reminder_hour=hour)
    # The Sunday before counts for the week before, not this one.
    log(alice, monday - dt.timedelta(days=1), "8")

    assert sweep_at(slot - SECOND).due == []
    [due] = sweep_at(slot).due

    assert (due.user_id, due.kind, due.week_start, due.hours_logged) == (
        alice.user_id,
        "behind_pace",
        monday,
        Decimal(0),
    )


def test_learners_of_many_zones_are_each_due_at_their_own_slot():
    # Thursday 12:30 UTC is 18:00 in Kolkata but 13:30 in Berlin and 05:30 in Los Angeles.
    kolkata = learner(time_zone="Asia/Kolkata")
    learner(time_zone="Europe/Berlin")
    learner(time_zone="America/Los_Angeles")

    sweep = sweep_at(dt.datetime(2026, 10, 29, 12, 30, tzinfo=UTC))

    assert [due.user_id for due in sweep.due] == [kolkata.user_id]


def test_assignment_hours_count_towards_the_week(catalog):
    alice, bob = learner(), learner()
    assignments = Assignment.objects.order_by("pk")[:2]
    log(alice, MONDAY, "1")
    log(bob, MONDAY, "1")
    AssignmentCompletion.objects.create(
        user=alice.user, assignment=assignments[0], day=MONDAY, hours=Decimal(4)
    )
    AssignmentCompletion.objects.create(
        user=bob.user, assignment=assignments[1], day=MONDAY, hours=Decimal(2)
    )

    [due] = sweep_at(BERLIN_SLOT).due

    # Alice's 1 + 4 h are on pace (4.29); Bob's 1 + 2 h are not.
    assert (due.user_id, due.hours_logged) == (bob.user_id, Decimal(3))


MONDAY_8AM_BERLIN = dt.datetime(2026, 11, 2, 7, tzinfo=UTC)


def test_a_learner_under_last_weeks_goal_hears_on_monday_from_8am():
    alice, bob = learner(), learner()
    log(alice, MONDAY, "5")
    log(bob, MONDAY + dt.timedelta(days=6), "8")  # Sunday: goal met

    assert sweep_at(MONDAY_8AM_BERLIN - SECOND).due == []
    sweep_at(MONDAY_8AM_BERLIN)
    sweep_at(MONDAY_8AM_BERLIN + dt.timedelta(minutes=15))

    reminder = Reminder.objects.get()
    assert (reminder.user, reminder.kind, reminder.week_start) == (
        alice.user,
        "missed_last_week",
        MONDAY,
    )
    assert (reminder.hours_logged, reminder.goal_hours) == (Decimal(5), Decimal(8))


def test_a_learner_whose_slot_is_on_monday_hears_of_both_weeks_at_that_slot_at_once():
    # Monday 10:00 in Berlin; 5 of 8 h last week, nothing yet this week.
    alice = learner(reminder_weekday=Profile.Weekday.MONDAY, reminder_hour=10)
    log(alice, MONDAY, "5")
    slot = dt.datetime(2026, 11, 2, 9, tzinfo=UTC)

    # Not at 08:00 with everyone else: their own slot is on Monday.
    assert sweep_at(MONDAY_8AM_BERLIN).due == []
    assert sweep_at(slot - SECOND).due == []
    sweep = sweep_at(slot)

    assert sorted((due.kind, due.week_start) for due in sweep.due) == [
        ("behind_pace", NEXT_MONDAY),
        ("missed_last_week", MONDAY),
    ]
    # Two rows, one e-mail task: the claim takes both.
    assert Reminder.objects.count() == 2
    assert sweep.to_send == [Reminder.objects.earliest("pk").pk]


def test_on_sunday_night_and_monday_morning_in_the_learners_own_zone_one_reminder_each():
    # Los Angeles, slot Sunday 20:00; 2 of 8 h logged in the week of 26 October.
    alice = learner(time_zone="America/Los_Angeles", reminder_weekday=6, reminder_hour=20)
    log(alice, MONDAY, "2")
    sunday_night = dt.datetime(2026, 11, 1, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    monday_morning = dt.datetime(2026, 11, 2, 8, 30, tzinfo=ZoneInfo("America/Los_Angeles"))

    on_sunday = sweep_at(sunday_night)
    on_monday = sweep_at(monday_morning)

    assert [(due.kind, due.week_start) for due in on_sunday.due] == [("behind_pace", MONDAY)]
    # Monday morning: last week is over; this week's slot (Sunday) is days away.
    assert [(due.kind, due.week_start) for due in on_monday.due] == [("missed_last_week", MONDAY)]
    assert len(on_sunday.to_send) == len(on_monday.to_send) == 1


def test_last_weeks_reminder_is_not_sent_after_monday():
    learner()

    assert sweep_at(dt.datetime(2026, 11, 2, 22, 59, tzinfo=UTC)).due != []
    assert sweep_at(dt.datetime(2026, 11, 2, 23, tzinfo=UTC)).due == []  # Tuesday in Berlin


def make_learners(count: int) -> None:
    """`count` verified learners across zones with this week's logs, quickly (bulk inserts)."""
    zones = ["Europe/Berlin", "Asia/Kolkata", "Pacific/Auckland", "America/New_York"]
    first = get_user_model().objects.count()
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bulk{first + n}", email=f"bulk{first + n}@example.com")
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    with time_machine.travel(JOINED, tick=False):
        Profile.objects.bulk_create(
            Profile(user=user, weekly_goal_hours=Decimal(8), time_zone=zones[n % len(zones)])
            for n, user in enumerate(users)
        )
    # Every other learner is on pace (7 h by Friday); the others logged 1 h.
    StudySession.objects.bulk_create(
        StudySession(user=user, day=MONDAY, hours=Decimal(7 if n % 2 else 1))
        for n, user in enumerate(users)
    )


def queries_for_a_sweep() -> tuple[int, int]:
    """(queries, reminders created) for a sweep on Friday 30 October, 12:00 UTC."""
    before = Reminder.objects.count()
    with CaptureQueriesContext(connection) as queries:
        sweep_at(dt.datetime(2026, 10, 30, 12, tzinfo=UTC))
    return len(queries), Reminder.objects.count() - before


@pytest.mark.postgres_only
def test_the_sweeps_query_count_is_the_same_for_10_and_1000_learners():
    # On PostgreSQL, where the tests run, the rows go in one INSERT; SQLite (development only)
    # splits it into batches of 999 parameters.
    make_learners(10)
    small, created_small = queries_for_a_sweep()
    Reminder.objects.all().delete()
    make_learners(990)
    large, created_large = queries_for_a_sweep()

    assert (created_small, created_large) == (5, 500)
    assert small == large


def test_a_dry_run_writes_nothing_and_lists_who_is_due():
    alice, bob = learner(), learner()
    log(bob, MONDAY, "6")
    out = StringIO()

    with time_machine.travel(BERLIN_SLOT, tick=False):
        call_command("send_reminders", "--dry-run", stdout=out)

    assert alice.user.email in out.getvalue()
    assert bob.user.email not in out.getvalue()
    assert "1 reminder(s) due; dry run, nothing written." in out.getvalue()
    assert not Reminder.objects.exists()


def reminder_row(profile: Profile, week_start: dt.date, **fields) -> Reminder:
    return Reminder.objects.create(
        user=profile.user,
        kind="behind_pace",
        week_start=week_start,
        hours_logged=Decimal(1),
        goal_hours=Decimal(8),
        **fields,
    )


def test_a_send_abandoned_past_its_lease_goes_back_to_pending_and_is_enqueued_again():
    with time_machine.travel(BERLIN_SLOT, tick=False):
        now = timezone.now()
        abandoned = reminder_row(
            learner(), MONDAY, status="sending", claimed_at=now - dt.timedelta(minutes=11)
        )
        in_flight = reminder_row(
            learner(), MONDAY, status="sending", claimed_at=now - dt.timedelta(minutes=9)
        )

    sweep = sweep_at(BERLIN_SLOT)

    abandoned.refresh_from_db()
    in_flight.refresh_from_db()
    assert (abandoned.status, in_flight.status) == ("pending", "sending")
    assert sweep.reopened == 1
    assert sweep.to_send == [abandoned.pk]


def test_a_pending_reminder_no_queue_holds_is_enqueued_again_after_the_lease():
    alice, bob, carol = learner(), learner(), learner()
    for profile in (alice, bob, carol):
        log(profile, MONDAY, "8")  # on pace: the sweep creates no new rows
    with time_machine.travel(BERLIN_SLOT - dt.timedelta(minutes=11), tick=False):
        lost = reminder_row(alice, MONDAY)
    with time_machine.travel(BERLIN_SLOT - dt.timedelta(minutes=5), tick=False):
        queued = reminder_row(bob, MONDAY)
    with time_machine.travel(BERLIN_SLOT - dt.timedelta(days=3), tick=False):
        reminder_row(carol, MONDAY - dt.timedelta(days=7))  # about a week gone by

    sweep = sweep_at(BERLIN_SLOT)

    assert lost.pk in sweep.to_send
    assert queued.pk not in sweep.to_send
    assert len(sweep.to_send) == 1
