"""The dashboard: the week against the goal, the path, and what to do next; hours logged from
it, and the plan reset."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from .. import services
from ..forms.dashboard import PlanResetForm, dashboard_forms, study_session_form
from ..models import StudySession
from ..rules import format_hours
from ..selectors.dashboard import dashboard_figures, week_figures
from ..selectors.path import target_status
from ..selectors.profile import profile_for


def _dashboard(request, profile, *, log_form=None, reset_form=None, status=200) -> HttpResponse:
    """The whole dashboard, its forms fresh unless given (a form in error comes back)."""
    context = dashboard_figures(profile=profile, now=timezone.now())
    context |= dashboard_forms(profile, log_form=log_form, reset_form=reset_form)
    return render(request, "learners/dashboard.html", context, status=status)


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = profile_for(user=request.user)
    if profile.onboarded_at is None:
        return redirect("learners:onboarding")
    return _dashboard(request, profile)


def _focus_first_error(form) -> None:
    """Autofocus the first field in error: the browser (whole page) or htmx (swap) moves there."""
    field = next((name for name in form.errors if name in form.fields), None)
    if field:
        form.fields[field].widget.attrs["autofocus"] = True


@login_required
@require_POST
def log_hours(request: HttpRequest) -> HttpResponse:
    profile = profile_for(user=request.user)
    form = study_session_form(profile, request.POST, instance=StudySession(user=request.user))
    saved = form.saved(user=request.user)
    if not saved:
        _focus_first_error(form)
    status = (
        f"Logged {format_hours(form.instance.hours)} h on {form.instance.day:%a %-d %b}."
        if saved
        else "Nothing logged: see the form."
    )
    if request.htmx:
        # Only the week region comes back (figures, chart and a fresh or corrected form), with
        # what happened for the page's live region: the path's figures are not read.
        context = week_figures(profile=profile, now=timezone.now())
        context["log_form"] = study_session_form(profile) if saved else form
        context["log_status"] = status
        return render(
            request, "learners/dashboard.html#week", context, status=200 if saved else 400
        )
    if saved:
        messages.success(request, status)
        return redirect("learners:dashboard")
    return _dashboard(request, profile, log_form=form, status=400)


@login_required
@require_POST
def plan_reset(request: HttpRequest) -> HttpResponse:
    """Move the target of a learner more than a week behind it: to the date they pick, or to
    their projected finish. A plain form post: it works without JavaScript."""
    profile = profile_for(user=request.user)
    today = profile.local_today(timezone.now())
    standing = target_status(profile=profile, today=today)
    if standing is None or not standing.may_reset:
        messages.info(request, "Your plan is not more than a week behind: nothing was changed.")
        return redirect("learners:dashboard")
    form = PlanResetForm(request.POST, today=today, projected=standing.projected)
    if not form.is_valid():
        return _dashboard(request, profile, reset_form=form, status=400)
    new_target = form.cleaned_data["target_finish_on"]
    services.plan_reset(user=request.user, new_target=new_target)
    messages.success(request, f"Plan reset: your target is now {new_target:%-d %B %Y}.")
    return redirect("learners:dashboard")
