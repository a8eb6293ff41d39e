"""Celery tasks of the staff statistics (beat, every hour)."""

from celery import shared_task
from django.utils import timezone

from . import services


# No results are kept (CELERY_TASK_IGNORE_RESULT): the tables are the record.
@shared_task
def renew_catalog_usage() -> None:
    """Count learners per path and per course into the tables the admin page reads."""
    services.renew_catalog_usage(now=timezone.now())
