"""Celery tasks of the catalog: the learners' real-hours medians (beat, every hour)."""

from celery import shared_task
from django.utils import timezone

from . import services


# No results are kept (CELERY_TASK_IGNORE_RESULT): the table is the record.
@shared_task
def renew_real_hours() -> int:
    """Compute every course's real-hours median into the table the pages read."""
    return services.renew_real_hours(now=timezone.now())
