"""The reminder sweep and its e-mails through PgBouncer in transaction mode, as the README
describes, with Django's own pool in front of it too.

A PgBouncer of the test's own runs on a loopback port (Debian's package, installed by
scripts/ensure-services when missing); a separate process reaches the test database only
through it: every statement of the sweep, the claims and the marks runs in transaction pooling.
"""

import datetime as dt
import os
import socket
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from learners.models import Profile, Reminder
from tests.conftest import ROOT

from .learners.factories import ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

PGBOUNCER_PORT = 7131
LEARNERS = 12
SWEEP_WITH_EMAILS = """
import sys
import django
django.setup()
from certguide.celery import app
from django.core.management import call_command

# The e-mail tasks run in this process, so that they too go through PgBouncer.
app.conf.task_always_eager = True
call_command("send_reminders", at=sys.argv[1])
"""


def pgbouncer_binary() -> str:
    subprocess.run([ROOT / "scripts" / "ensure-services", "pgbouncer"], check=True)
    return next(
        path for path in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer") if Path(path).exists()
    )


@pytest.fixture
def pgbouncer():
    binary = pgbouncer_binary()
    assert not _listening(PGBOUNCER_PORT), f"Port {PGBOUNCER_PORT} is taken: not our PgBouncer."
    database = settings.DATABASES["default"]
    user = database["USER"] or "postgres"
    # World-readable: PgBouncer refuses to run as root and reads its files as `nobody`.
    folder = Path(tempfile.mkdtemp(prefix="certguide-pgbouncer-"))
    folder.chmod(0o755)
    (folder / "users.txt").write_text(f'"{user}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        f"""[databases]
* = host={database["HOST"] or "127.0.0.1"} port={database["PORT"] or 5432}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {PGBOUNCER_PORT}
unix_socket_dir =
auth_type = trust
auth_file = {folder / "users.txt"}
stats_users = {user}
pool_mode = transaction
default_pool_size = 3
max_client_conn = 50
ignore_startup_parameters = extra_float_digits,options
"""
    )
    for path in folder.iterdir():
        path.chmod(0o644)
    as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
    process = subprocess.Popen(
        [binary, *as_user, str(folder / "pgbouncer.ini")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 10
        while not _listening(PGBOUNCER_PORT):
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "PgBouncer did not start."
            time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def due_learners(count: int, at: dt.datetime) -> list[Profile]:
    """Learners behind on this week's goal at `at`, whose reminder slot (Monday 00:00 UTC) has
    passed, and who joined a month before."""
    profiles = ProfileFactory.create_batch(
        count,
        time_zone="UTC",
        weekly_goal_hours=Decimal(40),
        reminder_weekday=Profile.Weekday.MONDAY,
        reminder_hour=0,
    )
    Profile.objects.filter(pk__in=[p.pk for p in profiles]).update(
        created_at=at - dt.timedelta(days=30)
    )
    return profiles


def sweep_through(
    pgbouncer_port: int, mail_dir: Path, at: dt.datetime
) -> subprocess.CompletedProcess:
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "certguide.test_settings",
        "DATABASE_URL": (
            f"postgres://{database['USER'] or 'postgres'}@127.0.0.1:{pgbouncer_port}/"
            f"{database['NAME']}"
        ),
        "DATABASE_POOL": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    return subprocess.run(
        [sys.executable, "-c", SWEEP_WITH_EMAILS, at.isoformat()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def served_queries(pgbouncer_port: int, database_name: str, user: str) -> int:
    """Queries PgBouncer passed on to the database (its admin console speaks only simple
    queries: asked with psql)."""
    stats = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(pgbouncer_port),
            "-U",
            user,
            "-At",
            "-F,",
            "-c",
            "SHOW STATS",
            "pgbouncer",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for row in stats.splitlines():
        fields = row.split(",")
        if fields[0] == database_name:
            return int(fields[3])  # total_query_count
    return 0


# A Wednesday: each learner is behind on this week. A Monday morning: also under last week's
# goal, two reminders in one e-mail.
WEDNESDAY_NOON = dt.datetime(2026, 11, 4, 12, tzinfo=dt.UTC)
MONDAY_MORNING = dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("at", "rows"),
    [(WEDNESDAY_NOON, LEARNERS), (MONDAY_MORNING, 2 * LEARNERS)],
    ids=["wednesday", "monday"],
)
def test_the_sweep_sends_each_reminder_once_through_pgbouncer_in_transaction_mode(
    pgbouncer, tmp_path, at, rows
):
    learners = due_learners(LEARNERS, at)

    first = sweep_through(PGBOUNCER_PORT, tmp_path, at)
    second = sweep_through(PGBOUNCER_PORT, tmp_path, at)

    assert first.returncode == 0, first.stderr
    assert f"{LEARNERS} e-mail(s) to send" in first.stdout
    assert second.returncode == 0, second.stderr
    assert "0 e-mail(s) to send" in second.stdout
    sent = Reminder.objects.filter(status=Reminder.Status.SENT)
    assert sent.count() == rows
    assert sorted(set(sent.values_list("user_id", flat=True))) == sorted(
        p.user_id for p in learners
    )
    recipients = [
        line
        for message_file in tmp_path.iterdir()
        for line in message_file.read_text().splitlines()
        if line.startswith("To: ")
    ]
    assert sorted(recipients) == sorted(f"To: {p.user.email}" for p in learners)
    database = settings.DATABASES["default"]
    queries = served_queries(PGBOUNCER_PORT, database["NAME"], database["USER"] or "postgres")
    assert queries > LEARNERS * 3
