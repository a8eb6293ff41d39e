from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from courses import rules

from .. import selectors


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(user=request.user)
    if profile.onboarded_at is None:
        return redirect("learners:onboarding")
    enrollment = selectors.active_enrollment(user=request.user)
    steps, progress, projection = [], {}, None
    if enrollment:
        steps = selectors.path_steps(path=enrollment.path)
        progress = selectors.progress_by_course(
            user=request.user, course_ids=[step.course_id for step in steps]
        )
        remaining = [
            step for step in steps if not (p := progress.get(step.course_id)) or not p.is_done
        ]
        projection = rules.project(
            [step.course.cost_item() for step in remaining],
            profile.weekly_goal_hours,
            profile.local_today(timezone.now()),
        )
    context = {
        "profile": profile,
        "enrollment": enrollment,
        "steps": [(step, progress.get(step.course_id)) for step in steps],
        "projection": projection,
    }
    return render(request, "learners/dashboard.html", context)
