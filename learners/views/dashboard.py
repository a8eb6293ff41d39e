"""The dashboard: the week against the goal, the path, and what to do next."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from certguide.pagecache import cached_page
from courses import rules as course_rules
from courses import selectors as course_selectors

from .. import rules, selectors
from ..charts import week_chart
from ..forms import StudySessionForm
from ..models import Profile


def study_session_form(profile: Profile, data=None, **kwargs) -> StudySessionForm:
    return StudySessionForm(
        data,
        today=profile.local_today(timezone.now()),
        joined_on=profile.joined_on,
        **kwargs,
    )


def path_figures(profile: Profile, enrollment) -> dict:
    """The active path's steps with their progress, what is done, and when the rest ends."""
    steps = selectors.path_steps(path=enrollment.path)
    progress = selectors.progress_by_course(
        user=profile.user, course_ids=[step.course_id for step in steps]
    )
    done = [step for step in steps if (p := progress.get(step.course_id)) and p.is_done]
    remaining = [step for step in steps if step not in done]
    done_hours = sum((step.course.estimated_hours for step in done), Decimal(0))
    # The learner's own pace on finished courses stretches (or shrinks) the estimates left.
    multiplier = rules.pace_multiplier(
        selectors.logged_hours_on_courses(
            user=profile.user, course_ids=[step.course_id for step in done]
        ),
        done_hours,
    )
    # Read for every step, so that the queries do not depend on how many are left.
    real = course_selectors.real_hours(course_ids=[step.course_id for step in steps])
    plan = course_selectors.path_plan((step.course for step in remaining), multiplier, real=real)
    return {
        "steps": [(step, progress.get(step.course_id)) for step in steps],
        "steps_done": len(done),
        "hours_done": done_hours,
        "hours_total": sum((step.course.estimated_hours for step in steps), Decimal(0)),
        "pace_multiplier": multiplier,
        "plan": plan,
        "projection": course_rules.project(
            plan.items, profile.weekly_goal_hours, profile.local_today(timezone.now())
        ),
    }


def dashboard_context(profile: Profile, log_form: StudySessionForm | None = None) -> dict:
    now = timezone.now()
    week = selectors.learner_week(profile=profile, now=now)
    enrollment = selectors.active_enrollment(user=profile.user)
    context = {
        "profile": profile,
        "enrollment": enrollment,
        "week": week,
        "chart": week_chart(week.series, profile.weekly_goal_hours),
        "recent": selectors.recent_activity(user=profile.user),
        "log_form": log_form or study_session_form(profile),
    }
    if enrollment:
        context |= path_figures(profile, enrollment)
    return context


# Outermost: a page served from the cache needs no user loaded to check the log-in.
@cached_page
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(user=request.user)
    if profile.onboarded_at is None:
        return redirect("learners:onboarding")
    return render(request, "learners/dashboard.html", dashboard_context(profile))
