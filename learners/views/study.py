"""Study hours (logged from the dashboard): listed, edited and deleted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import services
from ..forms.dashboard import study_session_form
from ..models import StudySession
from ..rules import format_hours
from ..selectors.profile import profile_for

SESSIONS_PER_PAGE = 25


@login_required
@require_safe
def hours(request: HttpRequest) -> HttpResponse:
    sessions = (
        StudySession.objects.filter(user=request.user)
        .select_related("course")
        .only("day", "hours", "note", "course__title")
    )
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "learners/hours.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_hours(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(StudySession, pk=pk, user=request.user)
    profile = profile_for(user=request.user)
    form = study_session_form(profile, request.POST or None, instance=session)
    if request.method == "POST" and form.saved(user=request.user):
        messages.success(request, "Study session updated.")
        return redirect("learners:hours")
    status = 400 if form.errors else 200
    return render(request, "learners/hours_edit.html", {"form": form}, status=status)


@login_required
@require_POST
def delete_hours(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(StudySession, pk=pk, user=request.user)
    services.study_session_delete(session=session)
    messages.success(request, f"Deleted {format_hours(session.hours)} h on {session.day:%-d %b}.")
    return redirect("learners:hours")
