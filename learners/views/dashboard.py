"""The dashboard: the week against the goal, the path, and what to do next."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from .. import selectors, services
from ..forms import PlanResetForm, dashboard_forms


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(user=request.user)
    if profile.onboarded_at is None:
        return redirect("learners:onboarding")
    context = selectors.dashboard_figures(profile=profile, now=timezone.now())
    return render(request, "learners/dashboard.html", context | dashboard_forms(profile))


@login_required
@require_POST
def plan_reset(request: HttpRequest) -> HttpResponse:
    """Move the target of a learner more than a week behind it: to the date they pick, or to
    their projected finish. A plain form post: it works without JavaScript."""
    profile = selectors.profile_for(user=request.user)
    now = timezone.now()
    today = profile.local_today(now)
    standing = selectors.target_status(profile=profile, today=today)
    if standing is None or not standing.may_reset:
        messages.info(request, "Your plan is not more than a week behind: nothing was changed.")
        return redirect("learners:dashboard")
    form = PlanResetForm(request.POST, today=today, projected=standing.projected)
    if not form.is_valid():
        context = selectors.dashboard_figures(profile=profile, now=now)
        context |= dashboard_forms(profile, reset_form=form)
        return render(request, "learners/dashboard.html", context, status=400)
    new_target = form.cleaned_data["target_finish_on"]
    services.plan_reset(user=request.user, new_target=new_target)
    messages.success(request, f"Plan reset: your target is now {new_target:%-d %B %Y}.")
    return redirect("learners:dashboard")
