"""Writes of the catalog that no editor makes: the learners' real-hours medians."""

import datetime as dt

from django.db import transaction

from . import selectors
from .models import CourseRealHours


def renew_real_hours(*, now: dt.datetime) -> int:
    """Replace the stored real-hours medians with ones computed now over every completer
    (selectors.real_hours, the whole population: run by the beat task, never by a page).
    One transaction: a page reads either the old medians or the new ones, never a mix.
    Returns how many courses have a median."""
    found = selectors.real_hours()
    with transaction.atomic():
        CourseRealHours.objects.all().delete()
        CourseRealHours.objects.bulk_create(
            CourseRealHours(
                course_id=course_id,
                median_hours=real.median,
                completers=real.completers,
                computed_at=now,
            )
            for course_id, real in found.items()
        )
    return len(found)
