"""What belongs to a learner: the rows their export holds and their deletion removes, and
their study sessions as the API lists them."""

import datetime as dt

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model, Q

from ..models import StudySession

# Apps whose rows can belong to a learner: ours (study groups included), and allauth's e-mail
# addresses.
OWNER_APPS = ("learners", "groups", "account")


def owner_field(model: type[Model]) -> str | None:
    """The name of the model's foreign key to the user; None when it has none."""
    user_model = get_user_model()
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is user_model:
            return field.name
    return None


def owned_models() -> list[type[Model]]:
    """Every model whose rows belong to a learner (export and deletion cover exactly these);
    not a view of rows that other models hold (an unmanaged model)."""
    return [
        model
        for app_label in OWNER_APPS
        for model in apps.get_app_config(app_label).get_models()
        if owner_field(model) and model._meta.managed
    ]


def study_sessions_between(
    *,
    user,
    first: dt.date | None,
    last: dt.date | None,
    before: tuple[dt.date, int] | None = None,
    limit: int | None = None,
) -> list[StudySession]:
    """The learner's study sessions from `first` to `last` (each optional, both included),
    latest day first then latest id, with their course (one query); `before` (a day and an
    id) starts after that entry, and `limit` takes at most that many."""
    sessions = (
        StudySession.objects.filter(user=user).select_related("course").order_by("-day", "-pk")
    )
    if first:
        sessions = sessions.filter(day__gte=first)
    if last:
        sessions = sessions.filter(day__lte=last)
    if before:
        day, pk = before
        sessions = sessions.filter(Q(day__lt=day) | Q(day=day, pk__lt=pk))
    return list(sessions[:limit])
