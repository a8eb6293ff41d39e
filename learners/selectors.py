"""Reads of a learner's own data. Each runs a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model, Prefetch, Sum

from courses.models import Assignment, Path, PathStep
from courses.rules import Background, TargetRole, recommend_track

from .models import AssignmentCompletion, CourseProgress, Enrollment, Profile, StudySession
from .rules import week_start

# Apps whose rows can belong to a learner: ours, and allauth's e-mail addresses.
OWNER_APPS = ("learners", "account")


def profile_for(*, user) -> Profile:
    """The learner's profile, made on first use (accounts are created by allauth)."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def active_enrollment(*, user) -> Enrollment | None:
    return Enrollment.objects.filter(user=user, status=Enrollment.Status.ACTIVE).first()


def recommended_path(*, profile: Profile) -> Path | None:
    """The first published path of the track the guide's sequencing gives this learner."""
    if not (profile.background and profile.target_role):
        return None
    track = recommend_track(Background(profile.background), TargetRole(profile.target_role))
    return Path.objects.published().filter(track=track).order_by("position", "pk").first()


def path_steps(*, path: Path, with_verdict_facts: bool = False) -> list[PathStep]:
    """The path's steps whose course is published, in order, course platform loaded;
    with `with_verdict_facts`, also each course's assignments and skills."""
    steps = (
        PathStep.objects.filter(path=path, course__published=True)
        .select_related("course__platform", "course__institution")
        .order_by("position")
    )
    if with_verdict_facts:
        steps = steps.prefetch_related(
            Prefetch("course__assignments", queryset=Assignment.objects.order_by("position")),
            "course__skills",
        )
    return list(steps)


def progress_by_course(*, user, course_ids) -> dict[int, CourseProgress]:
    return {
        progress.course_id: progress
        for progress in CourseProgress.objects.filter(user=user, course_id__in=course_ids)
    }


def owner_field(model: type[Model]) -> str | None:
    """The name of the model's foreign key to the user; None when it has none."""
    user_model = get_user_model()
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is user_model:
            return field.name
    return None


def owned_models() -> list[type[Model]]:
    """Every model whose rows belong to a learner (export and deletion cover exactly these)."""
    return [
        model
        for app_label in OWNER_APPS
        for model in apps.get_app_config(app_label).get_models()
        if owner_field(model)
    ]


def hours_on_day(*, user, day: dt.date) -> Decimal:
    """Hours the learner logged on `day`: study sessions and assignment work together."""
    sessions = StudySession.objects.filter(user=user, day=day).aggregate(total=Sum("hours"))
    assignments = AssignmentCompletion.objects.filter(user=user, day=day).aggregate(
        total=Sum("hours")
    )
    return (sessions["total"] or Decimal(0)) + (assignments["total"] or Decimal(0))


def hours_by_week(*, user, since: dt.date) -> dict[dt.date, Decimal]:
    """Hours logged per week (keyed by its Monday) from `since` on: two queries, one per log.

    Days are summed in SQL and folded into weeks here, which works the same on SQLite."""
    weeks: dict[dt.date, Decimal] = defaultdict(Decimal)
    for model in (StudySession, AssignmentCompletion):
        days = (
            model.objects.filter(user=user, day__gte=since)
            .values("day")
            .annotate(total=Sum("hours"))
            .values_list("day", "total")
        )
        for day, total in days:
            weeks[week_start(day)] += total
    return dict(weeks)
