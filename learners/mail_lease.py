"""The lease around each e-mail sent, shared by the hour reminders (learners.reminders) and the
group e-mails (groups.review_mail): a row is created pending, claimed by a conditional update
(pending → sending) that one worker alone wins, then marked sent, or released for a retry or
as failed. A sweep reopens the rows a dead worker left `sending`, and queues again the pending
rows no queue holds any more.

Each function takes the rows as a queryset (or manager) of a model with the columns of an
e-mail row (status, attempts, created_at, claimed_at, sent_at) and the statuses below; which
rows a claim may take stays with each kind of e-mail.
"""

import datetime as dt

from django.db.models import F, Manager, Q, QuerySet
from django.db.models.functions import Coalesce

from .models import Reminder

Status = Reminder.Status
Rows = QuerySet | Manager

# A worker holds a claim at most for the task's time limit (120 s): a `sending` row claimed
# longer ago than this was abandoned by a worker that died, and a `pending` row untouched for
# this long sits in no queue (its publish failed, or its retry was lost). Longer than the
# longest retry back-off, so a row waiting for its retry is not queued twice.
LEASE = dt.timedelta(minutes=10)


def reopen_abandoned(rows: Rows, *, now: dt.datetime) -> int:
    """Put the rows whose lease ran out at `now` back to pending; returns how many."""
    return rows.filter(status=Status.SENDING, claimed_at__lt=now - LEASE).update(
        status=Status.PENDING
    )


def to_enqueue(rows: Rows, *, now: dt.datetime) -> QuerySet:
    """The pending rows that need a task: those the sweep at `now` inserted just now (ids do
    not come back from an insert that ignores conflicts, and an id list would not scale on
    SQLite), and those no queue holds any more."""
    return (
        rows.filter(status=Status.PENDING)
        .alias(touched_at=Coalesce("claimed_at", "created_at"))
        .filter(Q(created_at__gte=now) | Q(touched_at__lt=now - LEASE))
    )


def claim(rows: Rows, *, now: dt.datetime) -> int:
    """Take the pending rows for sending; returns how many were taken (0 when another worker
    has them, or they were sent). The claim's instant tells this claim's rows from others'."""
    return rows.filter(status=Status.PENDING).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )


def release(rows: Rows, *, failed: bool) -> None:
    """Sending failed: back to pending for a retry, or failed for good."""
    rows.filter(status=Status.SENDING).update(status=Status.FAILED if failed else Status.PENDING)


def mark_sent(rows: Rows, *, now: dt.datetime) -> None:
    rows.filter(status=Status.SENDING).update(status=Status.SENT, sent_at=now)
