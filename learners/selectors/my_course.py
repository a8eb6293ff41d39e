"""A course as the learner takes it: the course, their progress, assignments and note."""

from django.db.models import Q, QuerySet

from courses.models import Assignment, Course

from ..models import AssignmentCompletion, CourseNote, CourseProgress


def courses_open_to(*, user) -> QuerySet[Course]:
    """Published courses, and retired ones the learner has progress on."""
    return Course.objects.filter(
        Q(published=True) | Q(pk__in=CourseProgress.objects.filter(user=user).values("course"))
    )


def course_open_to(*, user, slug: str) -> Course | None:
    """The course at `slug` if it is published, or retired (unpublished) but taken by `user`,
    who keeps it with everything logged on it: only what the learner's pages of it show (its
    title, slug, and the names of its platform and institution)."""
    return (
        courses_open_to(user=user)
        .select_related("platform", "institution")
        .only("title", "slug", "platform__name", "institution__name")
        .filter(slug=slug)
        .first()
    )


def course_progress(*, user, course) -> CourseProgress | None:
    """The learner's standing in `course`; None until they first change it."""
    return CourseProgress.objects.filter(user=user, course=course).first()


def courses_in_progress(*, user) -> int:
    """How many courses the learner has in progress at once (one COUNT query)."""
    return CourseProgress.objects.filter(
        user=user, status=CourseProgress.Status.IN_PROGRESS
    ).count()


def assignment_checklist(*, user, course) -> list[tuple[Assignment, AssignmentCompletion | None]]:
    """The course's assignments in order, each with the learner's completion or None: two
    queries, however many assignments."""
    completions = {
        completion.assignment_id: completion
        for completion in AssignmentCompletion.objects.filter(user=user, assignment__course=course)
    }
    return [
        (assignment, completions.get(assignment.pk))
        for assignment in Assignment.objects.filter(course=course).order_by("position")
    ]


def note_on_course(*, user, course) -> CourseNote | None:
    return CourseNote.objects.filter(user=user, course=course).first()
