"""Study hours: logged in seconds from the dashboard, listed, edited and deleted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import selectors, services
from ..forms import dashboard_forms, study_session_form
from ..models import StudySession
from ..rules import format_hours

SESSIONS_PER_PAGE = 25


def dashboard_context(profile, *, log_form=None) -> dict:
    """The dashboard's figures with its forms (a fresh log form unless given)."""
    figures = selectors.dashboard_figures(profile=profile, now=timezone.now())
    return figures | dashboard_forms(profile, log_form=log_form)


def _saved(request: HttpRequest, form) -> bool:
    """Save the form's session through the service; its refusal becomes a form error."""
    if not form.is_valid():
        return False
    try:
        services.study_session_save(user=request.user, session=form.instance)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _focus_first_error(form) -> None:
    """Autofocus the first field in error: the browser (whole page) or htmx (swap) moves there."""
    field = next((name for name in form.errors if name in form.fields), None)
    if field:
        form.fields[field].widget.attrs["autofocus"] = True


@login_required
@require_POST
def log_hours(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(user=request.user)
    form = study_session_form(profile, request.POST, instance=StudySession(user=request.user))
    saved = _saved(request, form)
    if not saved:
        _focus_first_error(form)
    status = (
        f"Logged {format_hours(form.instance.hours)} h on {form.instance.day:%a %-d %b}."
        if saved
        else "Nothing logged: see the form."
    )
    if request.htmx:
        # The week region comes back whole (figures, chart and a fresh or corrected form), with
        # what happened for the page's live region.
        context = dashboard_context(profile, log_form=None if saved else form)
        context["log_status"] = status
        return render(
            request, "learners/dashboard.html#week", context, status=200 if saved else 400
        )
    if saved:
        messages.success(request, status)
        return redirect("learners:dashboard")
    return render(
        request, "learners/dashboard.html", dashboard_context(profile, log_form=form), status=400
    )


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
    profile = selectors.profile_for(user=request.user)
    form = study_session_form(profile, request.POST or None, instance=session)
    if request.method == "POST" and _saved(request, form):
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
