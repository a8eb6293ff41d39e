"""Onboarding, enrolment and the learner's account: settings, export, deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses import rules
from courses.models import Path
from courses.selectors import path_plan, workflow_stage_names

from .. import selectors, services
from ..forms import TIME_ZONES, DeleteAccountForm, OnboardingForm, SettingsForm


@login_required
@require_http_methods(["GET", "POST"])
def onboarding(request: HttpRequest) -> HttpResponse:
    """Step 1: what the learner can give. Saved, it leads to the recommended path."""
    profile = selectors.profile_for(user=request.user)
    form = OnboardingForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("learners:onboarding_plan")
    context = {"form": form, "time_zones": TIME_ZONES}
    return render(request, "learners/onboarding.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def onboarding_plan(request: HttpRequest) -> HttpResponse:
    """Step 2: the recommended path at the learner's hours, each step's verdict, and enrol."""
    profile = selectors.profile_for(user=request.user)
    path = selectors.recommended_path(profile=profile)
    if path is None:
        return redirect("learners:onboarding")
    steps = selectors.path_steps(path=path, with_verdict_facts=True)
    stages = workflow_stage_names()
    hours = profile.weekly_goal_hours
    plan = path_plan(step.course for step in steps)
    context = {
        "profile": profile,
        "path": path,
        "steps": [
            (step, rules.verdict(step.course.verdict_facts(stages), hours)) for step in steps
        ],
        "plan": plan,
        "projection": rules.project(plan.items, hours, profile.local_today(timezone.now())),
        "other_paths": Path.objects.published().exclude(pk=path.pk),
        "active": selectors.active_enrollment(user=request.user),
    }
    return render(request, "learners/onboarding_plan.html", context)


@login_required
@require_POST
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    path = get_object_or_404(Path.objects.published(), slug=slug)
    services.enrollment_start(user=request.user, path=path)
    messages.success(request, f"You are enrolled in “{path.title}”. Your progress carries over.")
    return redirect("learners:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(user=request.user)
    form = SettingsForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("learners:settings")
    context = {"form": form, "time_zones": TIME_ZONES}
    return render(request, "learners/settings.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    data = services.learner_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2), content_type="application/json"
    )
    filename = f"certguide-export-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.learner_delete(user=user)
        messages.success(request, "Your account and everything in it are deleted.")
        return redirect("home")
    return render(
        request, "learners/delete_account.html", {"form": form}, status=400 if form.errors else 200
    )
