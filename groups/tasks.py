"""Celery tasks of the group e-mails: the sweep (beat, every 15 minutes; its name is in
settings.CELERY_BEAT_SCHEDULE) and one task per e-mail, each sending only what it claims."""

from collections.abc import Callable
from functools import partial

from celery import shared_task
from django.utils import timezone

from learners.tasks import SENDING_TASK, SMTP_ERRORS, enqueue

from . import review_emails, review_mail
from .models import GroupDigest, ReviewEmail


@shared_task
def sweep_group_mail() -> int:
    """Create the digests due, and enqueue them and the review e-mails due; returns how many."""
    sweep = review_mail.group_mail_sweep(now=timezone.now())
    enqueue(send_digest, sweep.digests, what="group digest(s)")
    enqueue(send_review_email, sweep.review_emails, what="review e-mail(s)")
    return len(sweep.digests) + len(sweep.review_emails)


def _send_claimed(task, model, claimed, send: Callable[[], None]) -> bool:
    try:
        send()
    except SMTP_ERRORS:
        last_try = task.request.retries >= task.max_retries
        review_mail.mail_release(model=model, pk=claimed.pk, failed=last_try)
        raise
    review_mail.mail_mark_sent(model=model, pk=claimed.pk, now=timezone.now())
    return True


@shared_task(**SENDING_TASK)
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


@shared_task(**SENDING_TASK)
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
