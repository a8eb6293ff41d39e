"""Celery tasks: the reminder sweep (beat, every 15 minutes) and one e-mail per reminder."""

import logging
import smtplib
from collections.abc import Callable, Sequence
from functools import partial

from celery import shared_task
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from . import emails, mail_lease, reminders
from .models import Reminder

logger = logging.getLogger(__name__)

# smtplib's errors are OSErrors too; both named for the reader: refused or dropped connections,
# timeouts and SMTP error replies are all worth another try.
SMTP_ERRORS = (smtplib.SMTPException, OSError)
MAX_RETRIES = 5


# No results are kept (CELERY_TASK_IGNORE_RESULT): the rows are the record.
@shared_task
def sweep_reminders() -> int:
    """Create the rows of the reminders due and enqueue their e-mails; returns how many."""
    sweep = reminders.reminders_sweep(now=timezone.now())
    enqueue_reminders(sweep.to_send)
    return len(sweep.to_send)


# Every e-mail task's options (the reminders', the group e-mails'): late acknowledgement, and
# retries after SMTP errors at 30 s, 60 s… at most 5 minutes, with full jitter: the whole series
# stays far below both the rows' lease and the Redis visibility timeout.
SENDING_TASK = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": SMTP_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": MAX_RETRIES,
}


def enqueue_reminders(reminder_ids: Sequence[int]) -> None:
    enqueue(send_reminder, reminder_ids, what="reminder e-mail(s)")


def enqueue(task, ids: Sequence[int], *, what: str) -> None:
    """One `task` per row id, once the rows are committed (a rolled-back sweep sends nothing);
    `what` names the e-mails in the log when the broker is down."""
    if ids:
        transaction.on_commit(partial(_publish, task, ids, what))


def _publish(task, ids: Sequence[int], what: str) -> None:
    for done, pk in enumerate(ids):
        try:
            task.delay(pk)
        except OperationalError:
            # The broker is down (after the short publish retries of the settings). Stop at the
            # first failure so the sweep does not wait once per row: the rows stay pending and a
            # sweep after the lease enqueues them again.
            logger.exception("Could not enqueue %d %s; they stay pending.", len(ids) - done, what)
            return


@shared_task(**SENDING_TASK)
def send_reminder(self, reminder_id: int) -> bool:
    """Send the reminder, with its learner's other pending ones in the same e-mail, unless it
    was already sent or is being sent: True when sent now."""
    claimed = reminders.reminder_claim(reminder_id=reminder_id, now=timezone.now())
    if not claimed:
        return False
    rows = Reminder.objects.filter(pk__in=[reminder.pk for reminder in claimed])
    return send_claimed(self, rows, partial(emails.reminder_email, claimed))


def send_claimed(task, rows: QuerySet, send: Callable[[], None]) -> bool:
    """`send()` the e-mail of the rows `task` claimed, then mark them sent (True). After an SMTP
    error they go back to pending for the task's retry, or fail for good on its last try, and
    the error propagates for Celery to retry. The group e-mails' tasks use it too."""
    try:
        send()
    except SMTP_ERRORS:
        last_try = task.request.retries >= task.max_retries
        mail_lease.release(rows, failed=last_try)
        raise
    mail_lease.mark_sent(rows, now=timezone.now())
    return True
