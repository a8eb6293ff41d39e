"""The dashboard: the week against the goal, the path, and what to do next."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from .. import selectors, services
from ..charts import week_chart
from ..forms import PlanResetForm, StudySessionForm
from ..models import Profile


def study_session_form(profile: Profile, data=None, **kwargs) -> StudySessionForm:
    return StudySessionForm(
        data,
        today=profile.local_today(timezone.now()),
        joined_on=profile.joined_on,
        **kwargs,
    )


def dashboard_context(
    profile: Profile,
    log_form: StudySessionForm | None = None,
    reset_form: PlanResetForm | None = None,
) -> dict:
    now = timezone.now()
    week = selectors.learner_week(profile=profile, now=now)
    enrollment = selectors.active_enrollment(user=profile.user)
    context = {
        "profile": profile,
        "enrollment": enrollment,
        "week": week,
        "chart": week_chart(week.series, profile.weekly_goal_hours),
        "activity": selectors.activity_heatmap(profile=profile, now=now),
        "recent": selectors.recent_activity(user=profile.user),
        "log_form": log_form or study_session_form(profile),
    }
    if enrollment:
        today = profile.local_today(now)
        context |= selectors.path_figures(profile=profile, enrollment=enrollment, today=today)
        context["last_reset"] = selectors.latest_plan_reset(user=profile.user)
        context["reset_form"] = reset_form or PlanResetForm(today=today)
    return context


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(user=request.user)
    if profile.onboarded_at is None:
        return redirect("learners:onboarding")
    return render(request, "learners/dashboard.html", dashboard_context(profile))


@login_required
@require_POST
def plan_reset(request: HttpRequest) -> HttpResponse:
    """Move the target of a learner more than a week behind it: to the date they pick, or to
    their projected finish. A plain form post: it works without JavaScript."""
    profile = selectors.profile_for(user=request.user)
    today = profile.local_today(timezone.now())
    standing = selectors.target_status(profile=profile, today=today)
    if standing is None or not standing.may_reset:
        messages.info(request, "Your plan is not more than a week behind: nothing was changed.")
        return redirect("learners:dashboard")
    form = PlanResetForm(request.POST, today=today)
    if not form.is_valid():
        context = dashboard_context(profile, reset_form=form)
        return render(request, "learners/dashboard.html", context, status=400)
    new_target = form.cleaned_data["target_finish_on"] or standing.projected
    services.plan_reset(user=request.user, new_target=new_target)
    messages.success(request, f"Plan reset: your target is now {new_target:%-d %B %Y}.")
    return redirect("learners:dashboard")
