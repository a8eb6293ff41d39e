"""The learner's page of one course: where they stand in it, and its assignments ticked off.

The status and each assignment are regions of the page that htmx swaps; without JavaScript each
form posts and redirects back (PRG). Courses and assignments are addressed by slug and id, and
everything the learner owns is read and written with `user=request.user`: nothing of another
learner is reachable from here.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from courses.models import Assignment, Course

from .. import rules, services
from ..forms.my_course import AssignmentCompletionForm, CourseNoteForm, CourseStatusForm
from ..models import AssignmentCompletion, CourseProgress
from ..selectors.certificates import certificate_of
from ..selectors.my_course import (
    assignment_checklist,
    course_open_to,
    course_standing,
    courses_open_to,
    note_on_course,
)
from ..selectors.profile import profile_for

PAGE = "learners/my_course.html"


def _course(slug: str, user) -> Course:
    """The course at `slug` if it is published, or retired (unpublished) but taken by `user`,
    who keeps it with everything logged on it; 404 otherwise."""
    course = course_open_to(user=user, slug=slug)
    if course is None:
        raise Http404("No course at this address.")
    return course


def _assignment(slug: str, assignment_id: int, user) -> Assignment:
    """The assignment if it belongs to a course at `slug` open to `user`; 404 otherwise."""
    return get_object_or_404(
        Assignment.objects.select_related("course"),
        pk=assignment_id,
        course__in=courses_open_to(user=user).filter(slug=slug),
    )


def _local_days(request: HttpRequest) -> tuple[dt.date, dt.date]:
    """The learner's today, and the day they joined, in their time zone."""
    profile = profile_for(user=request.user)
    return profile.local_today(timezone.now()), profile.joined_on


def _status_context(
    request: HttpRequest, course: Course, today: dt.date, form: CourseStatusForm | None = None
) -> dict:
    progress, in_progress = course_standing(user=request.user, course=course)
    certified = progress and progress.status == CourseProgress.Status.CERTIFIED
    if certified:
        progress.course = course  # loaded already, with its institution and platform
    return {
        "course": course,
        "progress": progress,
        "in_progress": in_progress,
        "too_many_at_once": in_progress > rules.MOST_COURSES_AT_ONCE,
        "certificate": certificate_of(progress, today) if certified else None,
        "status_form": form or CourseStatusForm(progress=progress, today=today),
    }


def _checklist(
    request: HttpRequest,
    course: Course,
    today: dt.date,
    joined_on: dt.date,
    bound: AssignmentCompletionForm | None = None,
) -> list[tuple[Assignment, AssignmentCompletion | None, AssignmentCompletionForm | None]]:
    """Each assignment with the learner's completion, or the form to complete it (`bound`
    for the one whose refused input is shown again)."""
    rows = []
    for assignment, completion in assignment_checklist(user=request.user, course=course):
        if completion is not None:
            form = None
        elif bound is not None and bound.assignment.pk == assignment.pk:
            form = bound
        else:
            form = AssignmentCompletionForm(assignment=assignment, today=today, joined_on=joined_on)
        rows.append((assignment, completion, form))
    return rows


def _note_form(request: HttpRequest, course: Course, data=None) -> CourseNoteForm:
    note = note_on_course(user=request.user, course=course)
    url = reverse("learners:course_note", args=[course.slug])
    return CourseNoteForm(data, instance=note, autosave_url=url)


def _page(
    request: HttpRequest,
    course: Course,
    *,
    status_form: CourseStatusForm | None = None,
    completion_form: AssignmentCompletionForm | None = None,
    note_form: CourseNoteForm | None = None,
) -> HttpResponse:
    """The whole page; a refused form is shown with its errors and a 400."""
    today, joined_on = _local_days(request)
    context = _status_context(request, course, today, status_form) | {
        "checklist": _checklist(request, course, today, joined_on, completion_form),
        "note_form": note_form or _note_form(request, course),
    }
    refused = any(form is not None for form in (status_form, completion_form, note_form))
    return render(request, PAGE, context, status=400 if refused else 200)


def _assignment_region(
    request: HttpRequest,
    assignment: Assignment,
    completion: AssignmentCompletion | None,
    form: AssignmentCompletionForm | None,
    *,
    refused: bool = False,
) -> HttpResponse:
    context = {
        "course": assignment.course,
        "assignment": assignment,
        "completion": completion,
        "form": form,
        # After a change, the focus moves to the control that replaced the one just used.
        "changed": not refused,
    }
    return render(request, f"{PAGE}#assignment", context, status=400 if refused else 200)


def _back(request: HttpRequest, course: Course, message: str) -> HttpResponse:
    # No fragment: the page opens on the message, which takes the focus (an anchor would stop it).
    messages.success(request, message)
    return redirect("learners:my_course", course.slug)


@login_required
@require_safe
def my_course(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _course(slug, request.user))


@login_required
@require_POST
def course_status(request: HttpRequest, slug: str) -> HttpResponse:
    course = _course(slug, request.user)
    today, _ = _local_days(request)
    form = CourseStatusForm(request.POST, today=today)
    if not form.is_valid():
        if request.htmx:
            context = _status_context(request, course, today, form)
            return render(request, f"{PAGE}#status", context, status=400)
        return _page(request, course, status_form=form)
    progress = services.course_status_set(user=request.user, course=course, **form.cleaned_data)
    saved = f"Status saved: {progress.get_status_display()}."
    if request.htmx:
        context = _status_context(request, course, today) | {"saved": saved}
        return render(request, f"{PAGE}#status", context)
    return _back(request, course, saved)


@login_required
@require_POST
def assignment_complete(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = _assignment(slug, assignment_id, request.user)
    today, joined_on = _local_days(request)
    form = AssignmentCompletionForm(
        request.POST, assignment=assignment, today=today, joined_on=joined_on
    )
    if form.is_valid():
        try:
            completion = services.assignment_complete(
                user=request.user, assignment=assignment, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return _assignment_region(request, assignment, completion, None)
            message = f"“{assignment.title}” is done."
            return _back(request, assignment.course, message)
    if request.htmx:
        return _assignment_region(request, assignment, None, form, refused=True)
    return _page(request, assignment.course, completion_form=form)


@login_required
@require_POST
def assignment_undo(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = _assignment(slug, assignment_id, request.user)
    services.assignment_undo(user=request.user, assignment=assignment)
    if request.htmx:
        today, joined_on = _local_days(request)
        form = AssignmentCompletionForm(assignment=assignment, today=today, joined_on=joined_on)
        return _assignment_region(request, assignment, None, form)
    message = f"“{assignment.title}” is no longer marked done."
    return _back(request, assignment.course, message)


@login_required
@require_POST
def course_note(request: HttpRequest, slug: str) -> HttpResponse:
    """Save the learner's notes: typed into with htmx (autosaved after a pause, only the
    status line comes back, so the text box keeps its focus and caret), or posted whole."""
    course = _course(slug, request.user)
    form = _note_form(request, course, request.POST)
    if form.is_valid():
        services.course_note_save(user=request.user, course=course, **form.cleaned_data)
        if request.htmx:
            saved_at = timezone.now().astimezone(profile_for(user=request.user).zone)
            context = {"note_form": form, "saved_at": saved_at}
            return render(request, f"{PAGE}#note-status", context)
        return _back(request, course, "Notes saved.")
    if request.htmx:
        return render(request, f"{PAGE}#note-status", {"note_form": form}, status=400)
    return _page(request, course, note_form=form)
