"""Celery tasks of the group e-mails: the sweep (beat, every 15 minutes; its name is in
settings.CELERY_BEAT_SCHEDULE) and one task per e-mail, each sending only what it claims."""

from collections.abc import Callable
from functools import partial

from celery import shared_task
from django.utils import timezone

from learners import mail_lease
from learners.tasks import SENDING_TASK, enqueue, send_claimed

from . import review_emails, review_mail


@shared_task
def sweep_group_mail() -> int:
    """Create the digests due, and enqueue them and the review e-mails due; returns how many."""
    sweep = review_mail.group_mail_sweep(now=timezone.now())
    enqueue(send_digest, sweep.digests, what="group digest(s)")
    enqueue(send_review_email, sweep.review_emails, what="review e-mail(s)")
    return len(sweep.digests) + len(sweep.review_emails)


def _send_what_was_claimed(task, claimed, content_of: Callable, send: Callable) -> bool:
    """`send(claimed, content_of(claimed))` for the row `task` claimed (None: it claimed none).
    With no content left to tell (what it was about is gone since the sweep), the row is marked
    sent without a message."""
    if claimed is None:
        return False
    content = content_of(claimed)
    row = type(claimed).objects.filter(pk=claimed.pk)
    if not content:
        mail_lease.mark_sent(row, now=timezone.now())
        return False
    return send_claimed(task, row, partial(send, claimed, content))


@shared_task(**SENDING_TASK)
def send_digest(self, digest_id: int) -> bool:
    """Send the member's weekly digest unless it was sent, is being sent or they unsubscribed;
    nothing when they left every group since the sweep."""
    digest = review_mail.digest_claim(digest_id=digest_id, now=timezone.now())
    return _send_what_was_claimed(
        self, digest, review_mail.digest_sections, review_emails.digest_email
    )


@shared_task(**SENDING_TASK)
def send_review_email(self, review_email_id: int) -> bool:
    """Send the day's "your project got a review" unless it was sent or is being sent; nothing
    when every review of that day was deleted since."""
    claimed = review_mail.review_email_claim(review_email_id=review_email_id, now=timezone.now())
    return _send_what_was_claimed(
        self, claimed, review_mail.reviews_of_day, review_emails.review_email
    )
