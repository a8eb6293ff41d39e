"""The learner's own plan: made from their path, then skipped, added to, reordered, or given
back for the official path. Plain form posts that answer with a redirect and a message: every
control works by keyboard and without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from courses.models import Course, Path

from .. import plan_services
from ..forms.plan import PlanStepAddForm, PlanStepSkipForm
from ..models import Plan, PlanStep
from ..selectors.path import path_figures
from ..selectors.plan import addable_courses, plan_offers
from ..selectors.profile import active_enrollment, profile_for

PLAN = "learners:plan"


def _planned_enrollment(user):
    """The learner's active enrolment when they made its path their own; None otherwise."""
    enrollment = active_enrollment(user=user)
    return enrollment if enrollment and enrollment.has_plan else None


def _own_enrollment(user):
    """The learner's active enrolment when they made its path their own; 404 otherwise."""
    if enrollment := _planned_enrollment(user):
        return enrollment
    raise Http404("You have no plan of your own.")


def _plan_page(request, enrollment, *, skip_forms=None, add_form=None, status=200) -> HttpResponse:
    """The plan page of `enrollment` (its path the learner's own), its forms fresh unless given
    (a form in error comes back)."""
    profile = profile_for(user=request.user)
    today = profile.local_today(timezone.now())
    context = path_figures(profile=profile, enrollment=enrollment, today=today)
    skip_forms = skip_forms or {}
    context["steps"] = [
        (step, status, skip_forms.get(step.pk) or PlanStepSkipForm(step=step, today=today))
        for step, status in context["steps"]
    ]
    context["add_form"] = add_form or PlanStepAddForm(
        courses=addable_courses(user=request.user), step_count=len(context["steps"])
    )
    context |= {
        "enrollment": enrollment,
        "offers": plan_offers(user=request.user, path_id=enrollment.path_id),
    }
    return render(request, "learners/plan.html", context, status=status)


def _no_plan_yet(request) -> HttpResponse:
    messages.info(request, "Make your path your own first: the dashboard has the button.")
    return redirect("learners:dashboard")


@login_required
@require_safe
def plan(request: HttpRequest) -> HttpResponse:
    enrollment = _planned_enrollment(request.user)
    if enrollment is None:
        return _no_plan_yet(request)
    return _plan_page(request, enrollment)


@login_required
@require_POST
def plan_make(request: HttpRequest, slug: str) -> HttpResponse:
    """Make the path at `slug` the learner's own: enrolling them first if it is not their path.
    A plan of another path is replaced only once the learner confirmed it, on a page that says
    what goes with it (the post then carries replace=yes)."""
    path = get_object_or_404(Path.objects.published(), slug=slug)
    current = Plan.objects.filter(user=request.user).select_related("path").first()
    if current and current.path_id != path.pk and request.POST.get("replace") != "yes":
        context = {"path": path, "current": current, **_plan_losses(request.user)}
        return render(request, "learners/plan_replace.html", context)
    plan_services.plan_make(user=request.user, path=path)
    messages.success(
        request,
        f"“{path.title}” is now your own plan: skip what you know, add what you need, "
        "and put the steps in your order.",
    )
    return redirect(PLAN)


def _posted_step(request, step_id: int) -> PlanStep:
    """The learner's own step `step_id`: another learner's is a 404, like a missing one."""
    return get_object_or_404(
        PlanStep.objects.select_related("course"), pk=step_id, user=request.user
    )


@login_required
@require_POST
def plan_step_move(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _posted_step(request, step_id)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if offset is None:
        messages.error(request, "Move a step up or down: nothing was moved.")
        return redirect(PLAN)
    moved = plan_services.plan_step_move(user=request.user, step_id=step.pk, offset=offset)
    messages.success(request, f"“{step.course.title}” is now step {moved.position}.")
    return redirect(f"{reverse(PLAN)}#step-{step.pk}")


@login_required
@require_POST
def plan_step_skip(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _posted_step(request, step_id)
    today = profile_for(user=request.user).local_today(timezone.now())
    form = PlanStepSkipForm(request.POST, step=step, today=today)
    if not form.is_valid():
        messages.error(request, f"“{step.course.title}” was not skipped: see its form.")
        enrollment = _own_enrollment(request.user)
        return _plan_page(request, enrollment, skip_forms={step.pk: form}, status=400)
    data = form.cleaned_data
    plan_services.plan_step_skip(
        user=request.user,
        step_id=step.pk,
        reason=data["reason"],
        issuer=data["issuer"],
        url=data["url"],
        earned_on=data["earned_on"],
    )
    messages.success(request, f"Skipped “{step.course.title}”: it no longer counts.")
    return redirect(PLAN)


@login_required
@require_POST
def plan_step_unskip(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _posted_step(request, step_id)
    plan_services.plan_step_unskip(user=request.user, step_id=step.pk)
    messages.success(request, f"“{step.course.title}” counts again.")
    return redirect(PLAN)


@login_required
@require_POST
def plan_step_remove(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _posted_step(request, step_id)
    try:
        plan_services.plan_step_remove(user=request.user, step_id=step.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Removed “{step.course.title}” from your plan.")
    return redirect(PLAN)


@login_required
@require_POST
def plan_step_add(request: HttpRequest) -> HttpResponse:
    courses = addable_courses(user=request.user)
    form = PlanStepAddForm(request.POST, courses=courses, step_count=0)
    if form.is_valid():
        data = form.cleaned_data
        try:
            step = plan_services.plan_step_add(
                user=request.user, course=data["course"], position=data["position"], why=data["why"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added “{step.course.title}” as step {step.position}.")
            return redirect(PLAN)
    enrollment = _own_enrollment(request.user)  # read only to show the form's errors
    messages.error(request, "Nothing was added: see the form.")
    return _plan_page(request, enrollment, add_form=form, status=400)


@login_required
@require_POST
def plan_offer(request: HttpRequest, slug: str) -> HttpResponse:
    """Add it to my plan, or No thanks, for a course the path gained."""
    course = get_object_or_404(Course.objects.published(), slug=slug)
    back = PLAN if request.POST.get("back") == "plan" else "learners:dashboard"
    answer = request.POST.get("answer")
    if answer not in ("add", "decline"):
        messages.error(request, "Answer with Add it to my plan or No thanks: nothing was changed.")
        return redirect(back)
    accept = answer == "add"
    try:
        plan_services.plan_offer_answer(user=request.user, course=course, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        said = (
            "added to your plan"
            if accept
            else "left out of your plan: it will not be offered again"
        )
        messages.success(request, f"“{course.title}” {said}.")
    return redirect(back)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_reset_to_official(request: HttpRequest) -> HttpResponse:
    """A confirmation that says what going back to the official path loses; its post does it."""
    enrollment = _planned_enrollment(request.user)
    if enrollment is None:
        if request.method == "POST":
            raise Http404("You have no plan of your own.")
        return _no_plan_yet(request)
    if request.method == "POST":
        plan_services.plan_to_official(user=request.user)
        messages.success(request, f"You follow the official path “{enrollment.path.title}” again.")
        return redirect("learners:dashboard")
    context = {"enrollment": enrollment, **_plan_losses(request.user)}
    return render(request, "learners/plan_reset.html", context)


def _plan_losses(user) -> dict:
    """What giving up the learner's plan loses besides its order: its skips (certificates held
    among them) and the programs added."""
    steps = PlanStep.objects.filter(user=user).select_related("course")
    return {
        "skipped": [step for step in steps if step.skipped],
        "added": [step for step in steps if step.origin == PlanStep.Origin.ADDED],
    }
