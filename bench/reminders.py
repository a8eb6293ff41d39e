"""How long the reminder sweep takes over many learners, against one raw SQL aggregate.

    .venv/bin/python bench/reminders.py [--learners 100000]

It runs on its own PostgreSQL database (DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/certguide_bench), which it creates and migrates, then seeds
with N learners once (again only when N changes): time zones across the world, goals of 3 to
15 h, a tenth with reminders off, a twentieth unverified, and about 8 study sessions each over
the last three weeks. It then times, at Friday 12:00 UTC of the current week:

- the sweep's decision alone (`reminders_due`, what `send_reminders --dry-run` runs),
- the week's first sweep (every learner whose slot has passed is due at once: the worst case),
  rolled back after each run, with its query count,
- the next sweep, 15 minutes later, once the rows of the first exist (beat's usual case),
- `SELECT user_id, SUM(hours) FROM learners_studysession WHERE day >= %s GROUP BY user_id`,

best of 3 each, and the ratios of the sweeps to the aggregate.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/certguide_bench")
# The test settings need no secrets and send no mail.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certguide.test_settings")

import django

ZONES = [
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "America/St_Johns",
    "Atlantic/Azores",
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Madrid",
    "Africa/Lagos",
    "Africa/Cairo",
    "Europe/Istanbul",
    "Asia/Tehran",
    "Asia/Dubai",
    "Asia/Kabul",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Dhaka",
    "Asia/Yangon",
    "Asia/Bangkok",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Australia/Eucla",
    "Asia/Tokyo",
    "Australia/Adelaide",
    "Australia/Sydney",
    "Pacific/Noumea",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Pacific/Tongatapu",
    "Pacific/Kiritimati",
]
SESSIONS_PER_LEARNER = 8
BATCH = 10_000


def ensure_database() -> None:
    """Create the bench database when it is missing, then migrate it."""
    import psycopg
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    with psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{database["NAME"]}"')
    call_command("migrate", verbosity=0)


def seed(learners: int, now: dt.datetime) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.db import connection

    from learners.models import Profile, StudySession

    user_model = get_user_model()
    if user_model.objects.filter(username__startswith="bench").count() == learners:
        return
    print(f"Seeding {learners:,} learners…", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE auth_user RESTART IDENTITY CASCADE")
    rng = random.Random(2026)
    users = user_model.objects.bulk_create(
        (user_model(username=f"bench{n}", email=f"bench{n}@example.com") for n in range(learners)),
        batch_size=BATCH,
    )
    EmailAddress.objects.bulk_create(
        (
            EmailAddress(user=user, email=user.email, primary=True, verified=rng.random() > 0.05)
            for user in users
        ),
        batch_size=BATCH,
    )
    Profile.objects.bulk_create(
        (
            Profile(
                user=user,
                time_zone=rng.choice(ZONES),
                weekly_goal_hours=Decimal(rng.randrange(6, 31)) / 2,
                reminder_weekday=rng.randrange(7),
                reminder_hour=rng.randrange(24),
                reminders_enabled=rng.random() > 0.1,
            )
            for user in users
        ),
        batch_size=BATCH,
    )
    # Learners joined two months ago: every week of the bench counts for them.
    Profile.objects.update(created_at=now - dt.timedelta(days=60))
    today = now.date()
    StudySession.objects.bulk_create(
        (
            StudySession(
                user=user,
                day=today - dt.timedelta(days=rng.randrange(21)),
                hours=Decimal(rng.randrange(1, 9)) / 2,
            )
            for user in users
            for _ in range(rng.randrange(2 * SESSIONS_PER_LEARNER + 1))
        ),
        batch_size=BATCH,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Seeded in {time.perf_counter() - started:.1f} s.", flush=True)


def best_of_3(run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(3):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=100_000)
    args = parser.parse_args()
    django.setup()

    import time_machine
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from learners.models import Reminder
    from learners.reminders import reminders_due, reminders_sweep
    from learners.rules import week_start

    today = dt.datetime.now(dt.UTC).date()
    now = dt.datetime.combine(week_start(today) + dt.timedelta(days=4), dt.time(12), dt.UTC)
    ensure_database()
    seed(args.learners, now)

    def sweep_rolled_back(at: dt.datetime):
        with transaction.atomic():
            sweep = reminders_sweep(now=at)
            transaction.set_rollback(True)
        return sweep

    def raw_aggregate():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT user_id, SUM(hours) FROM learners_studysession "
                "WHERE day >= %s GROUP BY user_id",
                [week_start(now.date())],
            )
            return cursor.fetchall()

    Reminder.objects.all().delete()
    with time_machine.travel(now, tick=False):
        decide, due = best_of_3(lambda: reminders_due(now=now))
        first_time, first = best_of_3(lambda: sweep_rolled_back(now))
        with CaptureQueriesContext(connection) as captured:
            sweep_rolled_back(now)
        reminders_sweep(now=now)  # kept, as beat's sweeps keep theirs
    # Beat's next sweep: the rows exist, few or no learners newly due.
    later = now + dt.timedelta(minutes=15)
    with time_machine.travel(later, tick=False):
        steady_time, steady = best_of_3(lambda: sweep_rolled_back(later))
    Reminder.objects.all().delete()
    aggregate_time, sums = best_of_3(raw_aggregate)

    transaction_control = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK")
    queries = [q for q in captured.captured_queries if not q["sql"].startswith(transaction_control)]
    print(f"learners:                    {args.learners:,} (at {now:%a %Y-%m-%d %H:%M} UTC)")
    print(f"decision alone (dry run):    {decide * 1000:,.0f} ms, {len(due):,} reminders due")
    print(
        f"first sweep of the week:     {first_time * 1000:,.0f} ms, {len(queries)} queries, "
        f"{len(first.due):,} rows inserted"
    )
    print(f"next sweep, 15 min later:    {steady_time * 1000:,.0f} ms, {len(steady.due)} due")
    print(f"raw weekly aggregate:        {aggregate_time * 1000:,.0f} ms ({len(sums):,} learners)")
    print(f"first sweep / aggregate:     {first_time / aggregate_time:.1f}×")
    print(f"next sweep / aggregate:      {steady_time / aggregate_time:.1f}×")


if __name__ == "__main__":
    main()
