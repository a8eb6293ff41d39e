"""The dashboard: the week against the goal, the path, and what to do next."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import selectors
from ..forms import study_session_form


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(user=request.user)
    if profile.onboarded_at is None:
        return redirect("learners:onboarding")
    context = selectors.dashboard_figures(profile=profile, now=timezone.now())
    context["log_form"] = study_session_form(profile)
    return render(request, "learners/dashboard.html", context)
