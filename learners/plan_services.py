"""Writes to a learner's own plan. Every write locks the learner's plan row first, so two tabs
changing one plan wait for each other, then renumbers the steps 1, 2, 3…: positions never
have gaps or duplicates."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from courses.models import Course, Path

from . import plan_rules
from .models import Plan, PlanStep, Profile
from .selectors.path import published_steps
from .services import enrollment_start


def _locked_plan(*, user) -> Plan:
    """The learner's plan, locked until the transaction ends; 404 without one."""
    plan = Plan.objects.select_for_update().filter(user=user).first()
    if plan is None:
        raise Http404("You have no plan of your own.")
    return plan


def _step_ids(plan: Plan) -> list[int]:
    return list(plan.steps.order_by("position").values_list("pk", flat=True))


def _renumber(order: list[int]) -> None:
    """Give the steps `order` (ids of every step of one plan) the positions 1, 2, 3… in that
    order. The unique position is checked at commit, so steps may pass one another here."""
    steps = [PlanStep(pk=pk, position=index) for index, pk in enumerate(order, start=1)]
    PlanStep.objects.bulk_update(steps, ["position"])


@transaction.atomic
def plan_make(*, user, path: Path) -> Plan:
    """Make `path` the learner's active path if it is not, and copy its published steps, in
    order with their "why here", into the learner's own plan. A plan of this path is kept as
    it is; one of another path is replaced. The profile row is locked so that two clicks make
    one plan."""
    list(Profile.objects.select_for_update().filter(user=user).values_list("pk"))
    enrollment_start(user=user, path=path)
    plan = Plan.objects.filter(user=user).first()
    if plan and plan.path_id == path.pk:
        return plan
    if plan:
        plan.delete()
    plan = Plan.objects.create(user=user, path=path)
    steps = published_steps(path).values_list("course_id", "why_here")[: plan_rules.MAX_PLAN_STEPS]
    PlanStep.objects.bulk_create(
        PlanStep(user=user, plan=plan, course_id=course_id, position=index, why=why)
        for index, (course_id, why) in enumerate(steps, start=1)
    )
    return plan


@transaction.atomic
def plan_to_official(*, user) -> None:
    """Go back to the official path: the plan, its skips, added programs and order go."""
    _locked_plan(user=user).delete()


def _step(plan: Plan, step_id: int) -> PlanStep:
    step = plan.steps.filter(pk=step_id).select_related("course").first()
    if step is None:
        raise Http404("No such step in your plan.")
    return step


@transaction.atomic
def plan_step_move(*, user, step_id: int, offset: int) -> PlanStep:
    """Move the learner's step `offset` places (-1 up, +1 down); at an end it stays."""
    plan = _locked_plan(user=user)
    step = _step(plan, step_id)
    _renumber(plan_rules.moved(_step_ids(plan), step.pk, offset))
    step.refresh_from_db(fields=["position"])
    return step


@transaction.atomic
def plan_step_skip(
    *,
    user,
    step_id: int,
    reason: str,
    issuer: str = "",
    url: str = "",
    earned_on: dt.date | None = None,
) -> PlanStep:
    """Skip the step for `reason`; a certificate held (the form checked it) keeps its issuer,
    link and date."""
    step = _step(_locked_plan(user=user), step_id)
    step.skipped_reason = reason
    holds = reason == PlanStep.SkipReason.CERTIFICATE
    step.certificate_issuer = issuer if holds else ""
    step.certificate_url = url if holds else ""
    step.certificate_earned_on = earned_on if holds else None
    step.save(
        update_fields=[
            "skipped_reason",
            "certificate_issuer",
            "certificate_url",
            "certificate_earned_on",
        ]
    )
    return step


@transaction.atomic
def plan_step_unskip(*, user, step_id: int) -> PlanStep:
    """Take a skip back: the step counts again (a certificate given with it goes)."""
    return plan_step_skip(user=user, step_id=step_id, reason=PlanStep.SkipReason.NONE)


@transaction.atomic
def plan_step_add(
    *, user, course: Course, position: int, why: str = "", origin=PlanStep.Origin.ADDED
) -> PlanStep:
    """Put the published `course` into the learner's plan at `position` (1 is first; past the
    end is last). Refused (ValidationError, nothing written) when the plan is full or already
    holds the course."""
    plan = _locked_plan(user=user)
    order = _step_ids(plan)
    if problem := plan_rules.room_problem(len(order)):
        raise ValidationError(problem)
    if plan.steps.filter(course=course).exists():
        raise ValidationError(f"“{course.title}” is already in your plan: nothing was added.")
    if not course.published:
        raise ValidationError("That program is not in the catalog: nothing was added.")
    step = PlanStep.objects.create(
        user=user,
        plan=plan,
        course=course,
        position=len(order) + 1,
        why=why,
        origin=origin,
    )
    _renumber(plan_rules.inserted(order, step.pk, position))
    step.refresh_from_db(fields=["position"])
    return step


@transaction.atomic
def plan_step_remove(*, user, step_id: int) -> PlanStep:
    """Remove a program the learner added (the path's own steps are skipped, not removed)."""
    plan = _locked_plan(user=user)
    step = _step(plan, step_id)
    if step.origin != PlanStep.Origin.ADDED:
        raise ValidationError("A step of the path is skipped rather than removed.")
    step.delete()
    _renumber(_step_ids(plan))
    return step


@transaction.atomic
def plan_offer_answer(*, user, course: Course, accept: bool) -> PlanStep | None:
    """Answer the offer of a course the path gained: into the plan at its place on the path,
    or declined for good."""
    plan = _locked_plan(user=user)
    path_step = published_steps(plan.path_id).filter(course=course).first()
    if path_step is None:
        raise Http404("The path does not have this course.")
    if not accept:
        plan.declined_courses.add(course)
        return None
    return plan_step_add(
        user=user,
        course=course,
        position=published_steps(plan.path_id).filter(position__lt=path_step.position).count() + 1,
        why=path_step.why_here,
        origin=PlanStep.Origin.OFFICIAL,
    )
