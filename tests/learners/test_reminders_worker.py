"""Reminders through the real Celery worker on the real Redis: sent once, to the right people.

The worker is another process: it reads only committed rows (hence `transaction=True`) and
writes its e-mail to files in `worker_mail_dir` (see tests/conftest.py).
"""

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from certguide.celery import ping
from learners.models import Reminder
from learners.tasks import send_reminder, sweep_reminders
from tests.conftest import ROOT, database_url_for

from .factories import ProfileFactory
from .reminder_data import BERLIN_SLOT, MONDAY, learner, log

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def outbox(celery_worker_process, worker_mail_dir) -> Path:
    for message_file in worker_mail_dir.iterdir():
        message_file.unlink()
    return worker_mail_dir


def messages_to(outbox: Path, address: str) -> int:
    return sum(
        message_file.read_text().splitlines().count(f"To: {address}")
        for message_file in outbox.iterdir()
    )


def wait_until_sent(reminder_filter: dict, timeout: float = 20) -> None:
    """Wait for the reminder to be sent, then for the worker to finish everything queued before
    (one solo process takes tasks in order): whatever would be sent twice has been by then."""
    deadline = time.monotonic() + timeout
    while not Reminder.objects.filter(status="sent", **reminder_filter).exists():
        assert time.monotonic() < deadline, "The worker sent nothing in time."
        time.sleep(0.1)
    assert ping.delay().get(timeout=10) == "pong"


def test_a_due_learner_gets_exactly_one_email_after_two_sweeps(outbox):
    alice = learner(user__username="alice")
    bob = learner(user__username="bob")
    log(bob, MONDAY, "6")  # on pace
    carol = learner(user__username="carol", reminders_enabled=False)

    with time_machine.travel(BERLIN_SLOT):
        sweep_reminders()
        sweep_reminders()
    wait_until_sent({"user": alice.user})

    assert messages_to(outbox, alice.user.email) == 1
    assert messages_to(outbox, bob.user.email) == 0
    assert messages_to(outbox, carol.user.email) == 0
    assert Reminder.objects.get().attempts == 1


def test_a_task_delivered_twice_sends_once(outbox):
    alice = learner(user__username="alice")
    with time_machine.travel(BERLIN_SLOT):
        sweep_reminders()
    reminder = Reminder.objects.get()

    send_reminder.delay(reminder.pk)
    wait_until_sent({"pk": reminder.pk})

    assert messages_to(outbox, alice.user.email) == 1


def test_with_redis_down_a_sweep_returns_at_once_and_leaves_the_rows_pending():
    # Due now, whatever the day: slot Monday 00:00, a goal of 80 h, nothing logged.
    with time_machine.travel(timezone.now() - dt.timedelta(days=30)):
        ProfileFactory(time_zone="UTC", reminder_weekday=0, reminder_hour=0, weekly_goal_hours=80)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "certguide.test_settings",
        "DATABASE_URL": database_url_for(settings.DATABASES["default"]),
        "REDIS_URL": f"redis://127.0.0.1:{closed_port}/15",
    }

    started = time.monotonic()
    command = subprocess.run(
        [sys.executable, "manage.py", "send_reminders"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    # Python and Django start in a second or two; a publish waiting on Redis took ~20 s.
    assert time.monotonic() - started < 8
    assert command.returncode == 0, command.stderr
    assert "reminder e-mail(s); they stay pending." in command.stderr
    # One, or two on a Monday (last week's too): none lost.
    assert set(Reminder.objects.values_list("status", flat=True)) == {"pending"}
