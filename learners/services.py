"""Writes to a learner's own data."""

import datetime as dt
import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from courses.models import Assignment, Course, Path, Skill

from . import rules
from .models import (
    AccessToken,
    AssignmentCompletion,
    CourseNote,
    CourseProgress,
    Enrollment,
    PlanReset,
    PortfolioProject,
    Profile,
    StudySession,
)
from .selectors.export import owned_models, owner_field
from .selectors.hours import hours_on_day


@transaction.atomic
def enrollment_start(*, user, path: Path, target_finish_on: dt.date | None = None) -> Enrollment:
    """Make `path` the learner's active path; the one they leave is kept as switched. A target
    finish date given (checked by the form) becomes the learner's; none given keeps theirs.

    Progress belongs to courses, not enrolments, so it carries over to the new path.
    """
    if target_finish_on:
        Profile.objects.filter(user=user).update(target_finish_on=target_finish_on)
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


@transaction.atomic
def plan_reset(*, user, new_target: dt.date) -> PlanReset:
    """Move the learner's target finish date to `new_target`, recording the move. The profile
    row is locked, so two resets at once are recorded one after the other."""
    profile = Profile.objects.select_for_update().get(user=user)
    reset = PlanReset.objects.create(
        user=user, old_target=profile.target_finish_on, new_target=new_target
    )
    profile.target_finish_on = new_target
    profile.save(update_fields=["target_finish_on"])
    return reset


def _exported_fields(model) -> list[str] | None:
    """The fields of `model` an export holds: all (None) but its SECRET_FIELDS, the secrets
    that open a feed or the API without a log-in and that a downloaded file must not carry."""
    secret = getattr(model, "SECRET_FIELDS", ())
    if not secret:
        return None
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return [field.name for field in fields if not field.primary_key and field.name not in secret]


def learner_export(*, user) -> dict:
    """Everything the learner owns, model by model, as JSON-ready data."""
    rows = {
        model._meta.label: serializers.serialize(
            "python",
            model.objects.filter(**{owner_field(model): user}).order_by("pk"),
            fields=_exported_fields(model),
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
        # The study groups by name and the reviews given and received: the groups app's
        # sections, through settings.
        **import_string(settings.LEARNERS_EXPORT_GROUPS)(user=user),
    }


@transaction.atomic
def learner_delete(*, user) -> None:
    """Delete the account; every row it owns goes with it (foreign keys cascade). First, each
    function the setting ACCOUNT_DELETION_STEPS names is called with the user: other apps'
    rows that must not simply cascade (a study group the learner owns is handed on)."""
    for step in settings.ACCOUNT_DELETION_STEPS:
        import_string(step)(user=user)
    user.delete()


def _lock_logs(*, user) -> None:
    """Lock the learner's profile row until the transaction ends: two logs of one learner
    at once wait for each other instead of both squeezing into the same day."""
    list(Profile.objects.select_for_update().filter(user=user).values_list("pk"))


def _ensure_room_on_day(*, user, day, hours: Decimal, replacing: Decimal = Decimal(0)) -> None:
    """Refuse `hours` more on `day` (less `replacing`, an edited entry's old hours) past 24."""
    _lock_logs(user=user)
    already = hours_on_day(user=user, day=day) - replacing
    if problem := rules.day_total_problem(day, already, hours):
        raise ValidationError({"hours": problem})


@transaction.atomic
def study_session_save(*, user, session: StudySession) -> StudySession:
    """Save a new or edited session unless its day would hold more than 24 hours.

    The learner's profile row is locked so that two logs at once cannot both squeeze in.
    """
    replacing = Decimal(0)
    if session.pk:
        previous = StudySession.objects.get(pk=session.pk, user=user)
        if previous.day == session.day:
            replacing = previous.hours
    _ensure_room_on_day(user=user, day=session.day, hours=session.hours, replacing=replacing)
    session.user = user
    session.save()
    return session


def study_session_delete(*, session: StudySession) -> None:
    session.delete()


def course_status_set(
    *,
    user,
    course: Course,
    status: str,
    started_on: dt.date | None = None,
    completed_on: dt.date | None = None,
    certified_on: dt.date | None = None,
    certificate_url: str = "",
) -> CourseProgress:
    """Record where the learner stands in `course`; the row is made on the first change."""
    progress, _ = CourseProgress.objects.update_or_create(
        user=user,
        course=course,
        defaults={
            "status": status,
            "started_on": started_on,
            "completed_on": completed_on,
            "certified_on": certified_on,
            "certificate_url": certificate_url,
        },
    )
    return progress


@transaction.atomic
def assignment_complete(
    *,
    user,
    assignment: Assignment,
    day: dt.date,
    hours: Decimal,
    link: str = "",
    note: str = "",
) -> AssignmentCompletion:
    """Mark the assignment done on `day` unless that day would hold more than 24 hours.

    An assignment is completed once: completing it again returns the first record unchanged.
    The profile row is locked, as when logging a study session, so that two logs at once cannot
    both squeeze into the same day.
    """
    _lock_logs(user=user)
    done = AssignmentCompletion.objects.filter(user=user, assignment=assignment).first()
    if done:
        return done
    _ensure_room_on_day(user=user, day=day, hours=hours)
    return AssignmentCompletion.objects.create(
        user=user, assignment=assignment, day=day, hours=hours, link=link, note=note
    )


def assignment_undo(*, user, assignment: Assignment) -> None:
    AssignmentCompletion.objects.filter(user=user, assignment=assignment).delete()


@transaction.atomic
def project_save(
    *, user, project: PortfolioProject, skills: list[Skill], courses: list[Course]
) -> PortfolioProject:
    """Save a new or edited project of the learner's with its skills and courses, all or none."""
    project.user = user
    project.save()
    project.skills.set(skills)
    project.courses.set(courses)
    return project


def project_delete(*, user, project_id: int) -> None:
    PortfolioProject.objects.filter(pk=project_id, user=user).delete()


SLUG_TAKEN = "That address is taken: pick another."


def portfolio_publish(*, profile: Profile, public: bool, slug: str | None) -> Profile:
    """Turn the learner's public page on or off, at `slug`.

    The unique column decides whether a slug is free, so two learners claiming one at the same
    moment get a refusal, not an error page.
    """
    profile.public_portfolio, profile.public_slug = public, slug
    try:
        with transaction.atomic():
            profile.save(update_fields=["public_portfolio", "public_slug"])
    except IntegrityError:
        raise ValidationError({"public_slug": SLUG_TAKEN}) from None
    return profile


def course_note_save(*, user, course: Course, text: str) -> CourseNote:
    """Keep the learner's notes on `course` (already validated by CourseNoteForm)."""
    note, _ = CourseNote.objects.update_or_create(user=user, course=course, defaults={"text": text})
    return note


def calendar_link_renew(*, profile: Profile) -> Profile:
    """Give the learner's calendar feed a new secret: the address it had stops working."""
    profile.calendar_secret = secrets.token_urlsafe(32)
    profile.save(update_fields=["calendar_secret"])
    return profile


# Tokens start with this, so that one pasted somewhere it should not be is recognisable.
ACCESS_TOKEN_PREFIX = "cgt_"


def access_token_digest(token: str) -> str:
    """The SHA-256 of a token: enough for 256 random bits, which no one can guess or
    brute-force (a slow password hash would only slow every API call)."""
    return hashlib.sha256(token.encode()).hexdigest()


def access_token_create(*, user, name: str) -> tuple[AccessToken, str]:
    """A new token named `name`; the token itself is returned once and never kept."""
    token = ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = AccessToken.objects.create(user=user, name=name, digest=access_token_digest(token))
    return record, token


def access_token_revoke(*, user, token_id: int) -> int:
    """Delete the learner's token `token_id`; how many were deleted (0 if not theirs)."""
    deleted, _ = AccessToken.objects.filter(pk=token_id, user=user).delete()
    return deleted


def access_token_used(*, token: AccessToken, now: dt.datetime) -> None:
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
