"""Portfolio projects (the learner's own: 404 to anyone else) and publishing the portfolio."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from courses.models import Skill

from .. import services
from ..forms.portfolio import ProjectForm, PublishForm
from ..models import PortfolioProject, Profile
from ..selectors.portfolio import projects_of
from ..selectors.profile import profile_for


def public_url(profile: Profile) -> str | None:
    """Where the learner's public page is, as saved; None while it is off."""
    if profile.public_portfolio and profile.public_slug:
        return reverse("learners:public_portfolio", args=[profile.public_slug])
    return None


def portfolio_page(
    request: HttpRequest, publish_form: PublishForm, *, published_at: str | None
) -> HttpResponse:
    context = {
        "projects": projects_of(user=request.user),
        "publish_form": publish_form,
        "published_at": published_at,
        "display_name": publish_form.instance.display_name,
    }
    return render(
        request, "learners/portfolio.html", context, status=400 if publish_form.errors else 200
    )


@login_required
@require_safe
def portfolio(request: HttpRequest) -> HttpResponse:
    profile = profile_for(user=request.user)
    return portfolio_page(request, PublishForm(instance=profile), published_at=public_url(profile))


@login_required
@require_POST
def portfolio_publish(request: HttpRequest) -> HttpResponse:
    profile = profile_for(user=request.user)
    # Taken before the form is checked: checking writes the submitted values onto `profile`.
    published_at = public_url(profile)
    form = PublishForm(request.POST, instance=profile)
    if form.is_valid():
        try:
            services.portfolio_publish(
                profile=profile,
                public=form.cleaned_data["public_portfolio"],
                slug=form.cleaned_data["public_slug"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if url := public_url(profile):
                messages.success(
                    request, f"Your portfolio is public at {request.build_absolute_uri(url)}."
                )
            else:
                messages.success(request, "Your portfolio is private: its public page is gone.")
            return redirect("learners:portfolio")
    return portfolio_page(request, form, published_at=published_at)


def project_form_page(
    request: HttpRequest, form: ProjectForm, *, heading: str, cancel_url: str
) -> HttpResponse:
    """Save a valid form through the service (PRG), or show it with what to correct."""
    if request.method == "POST" and form.is_valid():
        project = services.project_save(
            user=request.user,
            project=form.instance,  # the form has set its fields already
            skills=form.chosen_skills(),
            courses=form.cleaned_data["courses"],
        )
        messages.success(request, f"Saved “{project.title}”.")
        return redirect("learners:project_detail", pk=project.pk)
    context = {"form": form, "heading": heading, "cancel_url": cancel_url}
    return render(
        request, "learners/project_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    # /portfolio/new/?skill=<slug> comes from a gap on the readiness map: tick that skill.
    # Anything but a slug names no skill (and a NUL byte in a query is a PostgreSQL error).
    slug = request.GET.get("skill", "")
    skills = Skill.objects.filter(slug=slug) if slug_re.match(slug) else Skill.objects.none()
    form = ProjectForm(request.POST or None, instance=PortfolioProject(), skills=skills)
    return project_form_page(
        request, form, heading="New project", cancel_url=reverse("learners:portfolio")
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        PortfolioProject.objects.prefetch_related("skills", "courses"), pk=pk, user=request.user
    )
    # Ownership before the method, so another learner's project is a 404 whatever the method.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    # Its peer reviews come from the groups app, through the function the settings name.
    peer_reviews = import_string(settings.LEARNERS_PROJECT_REVIEWS)(project=project)
    context = {"project": project, "peer_reviews": peer_reviews}
    return render(request, "learners/project_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(PortfolioProject, pk=pk, user=request.user)
    # Taken before the form is checked: checking writes the submitted values onto `project`.
    heading = f"Edit “{project.title}”"
    form = ProjectForm(request.POST or None, instance=project, skills=project.skills.all())
    cancel_url = reverse("learners:project_detail", args=[project.pk])
    return project_form_page(request, form, heading=heading, cancel_url=cancel_url)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST deletes."""
    project = get_object_or_404(PortfolioProject, pk=pk, user=request.user)
    if request.method == "POST":
        services.project_delete(user=request.user, project_id=project.pk)
        messages.success(request, f"Deleted “{project.title}”.")
        return redirect("learners:portfolio")
    return render(request, "learners/project_confirm_delete.html", {"project": project})
