"""Onboarding, enrolment and the learner's account: settings, export, deletion."""

import json

from allauth.account import app_settings as account_settings
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from courses import rules
from courses.models import Path
from courses.selectors import path_plan, workflow_stage_names

from .. import services
from ..forms.account import (
    AccessTokenForm,
    DeleteAccountForm,
    EnrolForm,
    OnboardingForm,
    SettingsForm,
)
from ..rules import calendar_token, rate_period_seconds
from ..selectors.path import path_steps
from ..selectors.profile import active_enrollment, profile_for, recommended_path
from ..selectors.tokens import access_tokens_of


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def onboarding(request: HttpRequest) -> HttpResponse:
    """Step 1: what the learner can give. Saved, it leads to the recommended path."""
    profile = profile_for(user=request.user)
    form = OnboardingForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("learners:onboarding_plan")
    context = {"form": form}
    return render(request, "learners/onboarding.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def onboarding_plan(request: HttpRequest) -> HttpResponse:
    """Step 2: the recommended path at the learner's hours, each step's verdict, and enrol."""
    profile = profile_for(user=request.user)
    path = recommended_path(profile=profile)
    if path is None:
        return redirect("learners:onboarding")
    return _plan_page(request, profile, path)


def _plan_page(
    request: HttpRequest, profile, path: Path, enrol_form: EnrolForm | None = None
) -> HttpResponse:
    """The plan of `path`; a refused enrolment form is shown with its errors and a 400."""
    today = profile.local_today(timezone.now())
    steps = path_steps(path=path, with_verdict_facts=True)
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
        "projection": rules.project(plan.items, hours, today),
        "other_paths": Path.objects.published().exclude(pk=path.pk),
        "active": active_enrollment(user=request.user),
        "enrol_form": enrol_form or EnrolForm(today=today),
    }
    status = 400 if enrol_form is not None else 200
    return render(request, "learners/onboarding_plan.html", context, status=status)


@login_required
@require_POST
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    path = get_object_or_404(Path.objects.published(), slug=slug)
    profile = profile_for(user=request.user)
    form = EnrolForm(request.POST, today=profile.local_today(timezone.now()))
    if not form.is_valid():
        return _plan_page(request, profile, path, enrol_form=form)
    services.enrollment_start(user=request.user, path=path, **form.cleaned_data)
    messages.success(request, f"You are enrolled in “{path.title}”. Your progress carries over.")
    return redirect("learners:dashboard")


def _settings_page(
    request: HttpRequest,
    profile,
    *,
    form: SettingsForm | None = None,
    token_form: AccessTokenForm | None = None,
    new_token: str = "",
) -> HttpResponse:
    """The settings page; a refused form is shown with its errors and a 400."""
    feed_url = None
    if profile.calendar_secret:
        token = calendar_token(profile.pk, profile.calendar_secret)
        feed_url = request.build_absolute_uri(reverse("learners:calendar_feed", args=[token]))
    context = {
        "form": form or SettingsForm(instance=profile),
        "calendar_url": feed_url,
        "tokens": access_tokens_of(user=request.user),
        "token_form": token_form or AccessTokenForm(),
        "new_token": new_token,
    }
    refused = (form and form.errors) or (token_form and token_form.errors)
    return render(request, "learners/settings.html", context, status=400 if refused else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    profile = profile_for(user=request.user)
    if request.method != "POST":
        return _settings_page(request, profile)
    form = SettingsForm(request.POST, instance=profile)
    if form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("learners:settings")
    return _settings_page(request, profile, form=form)


def _back_to_settings(request: HttpRequest, anchor: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(f"{reverse('learners:settings')}#{anchor}")


@login_required
@require_POST
def calendar_link(request: HttpRequest) -> HttpResponse:
    """Make the learner's calendar feed address, or a new one: the old one then answers 404."""
    profile = profile_for(user=request.user)
    message = (
        "Your calendar has a new link: the old one no longer works."
        if profile.calendar_secret
        else "Your calendar link is ready: add it to your calendar app."
    )
    services.calendar_link_renew(profile=profile)
    return _back_to_settings(request, "calendar-heading", message)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """A new API token, shown on the page this once (never redirected to, never stored)."""
    profile = profile_for(user=request.user)
    form = AccessTokenForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, profile, token_form=form)
    _, token = services.access_token_create(user=request.user, name=form.cleaned_data["name"])
    response = _settings_page(request, profile, new_token=token)
    # The page holds a secret: no cache may keep it.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.access_token_revoke(user=request.user, token_id=pk):
        raise Http404("No such token of yours.")
    return _back_to_settings(
        request, "tokens-heading", "Token revoked: scripts using it are now refused."
    )


@login_required
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    data = services.learner_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2), content_type="application/json"
    )
    filename = f"certguide-export-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    # The password typed again counts against allauth's reauthentication limit (per account),
    # as on its own "confirm your password" page: a stolen session gets no unlimited guesses.
    throttled = request.method == "POST" and not ratelimit.consume(
        request, action="reauthenticate", user=request.user
    )
    form = DeleteAccountForm(request.POST or None, user=request.user, throttled=throttled)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.learner_delete(user=user)
        messages.success(request, "Your account and everything in it are deleted.")
        return redirect("home")
    status = 429 if throttled else 400 if form.errors else 200
    response = render(request, "learners/delete_account.html", {"form": form}, status=status)
    if throttled:
        response["Retry-After"] = str(
            rate_period_seconds(account_settings.RATE_LIMITS.get("reauthenticate") or "")
        )
    return response
