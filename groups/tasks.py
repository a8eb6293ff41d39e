"""Celery tasks of the group e-mails: the sweep (beat, every 15 minutes; its name is in
settings.CELERY_BEAT_SCHEDULE) and one task per e-mail, each sending only what it claims."""

import logging
from collections.abc import Callable, Sequence
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from learners.tasks import MAX_RETRIES, SMTP_ERRORS

from . import review_emails, review_mail
from .models import GroupDigest, ReviewEmail

logger = logging.getLogger(__name__)

RETRYING = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": SMTP_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": MAX_RETRIES,
}


@shared_task
def sweep_group_mail() -> int:
    """Create the digests due, and enqueue them and the review e-mails due; returns how many."""
    sweep = review_mail.group_mail_sweep(now=timezone.now())
    enqueue(send_digest, sweep.digests)
    enqueue(send_review_email, sweep.review_emails)
    return len(sweep.digests) + len(sweep.review_emails)


def enqueue(task, ids: Sequence[int]) -> None:
    """One task per row, once the rows are committed (a rolled-back sweep sends nothing)."""
    if ids:
        transaction.on_commit(partial(_publish, task, ids))


def _publish(task, ids: Sequence[int]) -> None:
    for pk in ids:
        try:
            task.delay(pk)
        except OperationalError:
            # The broker is down: the rows stay pending and the next sweep enqueues them again.
            logger.exception("Could not enqueue %s; the rows stay pending.", task.name)
            return


def _send_claimed(task, model, claimed, send: Callable[[], None]) -> bool:
    try:
        send()
    except SMTP_ERRORS:
        last_try = task.request.retries >= task.max_retries
        review_mail.mail_release(model=model, pk=claimed.pk, failed=last_try)
        raise
    review_mail.mail_mark_sent(model=model, pk=claimed.pk, now=timezone.now())
    return True


@shared_task(**RETRYING)
def send_digest(self, digest_id: int) -> bool:
    """Send the member's weekly digest unless it was sent, is being sent or they unsubscribed."""
    digest = review_mail.digest_claim(digest_id=digest_id, now=timezone.now())
    if digest is None:
        return False
    sections = review_mail.digest_sections(user=digest.user, week_start=digest.week_start)
    if not sections:
        # They left every group since the sweep: nothing to say.
        review_mail.mail_mark_sent(model=GroupDigest, pk=digest.pk, now=timezone.now())
        return False
    return _send_claimed(
        self, GroupDigest, digest, partial(review_emails.digest_email, digest, sections)
    )


@shared_task(**RETRYING)
def send_review_email(self, review_email_id: int) -> bool:
    """Send the day's "your project got a review" unless it was sent or is being sent."""
    claimed = review_mail.review_email_claim(review_email_id=review_email_id, now=timezone.now())
    if claimed is None:
        return False
    reviews = review_mail.reviews_of_day(review_email=claimed)
    if not reviews:
        # Every review of that day was deleted since: nothing to say.
        review_mail.mail_mark_sent(model=ReviewEmail, pk=claimed.pk, now=timezone.now())
        return False
    return _send_claimed(
        self, ReviewEmail, claimed, partial(review_emails.review_email, claimed, reviews)
    )
