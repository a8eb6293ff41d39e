"""Writes to a learner's own data."""

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from courses.models import Path

from . import rules
from .models import Enrollment, Profile, StudySession
from .selectors import hours_on_day, owned_models, owner_field


@transaction.atomic
def enrollment_start(*, user, path: Path) -> Enrollment:
    """Make `path` the learner's active path; the one they leave is kept as switched.

    Progress belongs to courses, not enrolments, so it carries over to the new path.
    """
    current = (
        Enrollment.objects.select_for_update()
        .filter(user=user, status=Enrollment.Status.ACTIVE)
        .first()
    )
    if current and current.path_id == path.pk:
        return current
    if current:
        current.status = Enrollment.Status.SWITCHED
        current.ended_at = timezone.now()
        current.save(update_fields=["status", "ended_at"])
    Profile.objects.filter(user=user, onboarded_at__isnull=True).update(onboarded_at=timezone.now())
    return Enrollment.objects.create(user=user, path=path)


def learner_export(*, user) -> dict:
    """Everything the learner owns, model by model, as JSON-ready data."""
    rows = {
        model._meta.label: serializers.serialize(
            "python", model.objects.filter(**{owner_field(model): user}).order_by("pk")
        )
        for model in owned_models()
    }
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "data": {
            label: [{"id": row["pk"], **row["fields"]} for row in model_rows]
            for label, model_rows in rows.items()
        },
    }


@transaction.atomic
def learner_delete(*, user) -> None:
    """Delete the account; every row it owns goes with it (foreign keys cascade)."""
    user.delete()


@transaction.atomic
def study_session_save(*, user, session: StudySession) -> StudySession:
    """Save a new or edited session unless its day would hold more than 24 hours.

    The learner's profile row is locked so that two logs at once cannot both squeeze in.
    """
    Profile.objects.select_for_update().filter(user=user).exists()
    already = hours_on_day(user=user, day=session.day)
    if session.pk:
        previous = StudySession.objects.get(pk=session.pk, user=user)
        if previous.day == session.day:
            already -= previous.hours
    if problem := rules.day_total_problem(session.day, already, session.hours):
        raise ValidationError({"hours": problem})
    session.user = user
    session.save()
    return session


def study_session_delete(*, user, session_id: int) -> None:
    StudySession.objects.filter(pk=session_id, user=user).delete()
