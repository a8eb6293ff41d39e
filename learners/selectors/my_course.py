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
    """The course at `slug` if it is open to `user` (`courses_open_to`), with only what the
    learner's pages of it show: its title, slug, and the names of its platform and
    institution."""
    try:
        return (
            courses_open_to(user=user)
            .select_related("platform", "institution")
            .only("title", "slug", "platform__name", "institution__name")
            .get(slug=slug)
        )
    except Course.DoesNotExist:
        return None


def course_standing(*, user, course) -> tuple[CourseProgress | None, int]:
    """The learner's progress in `course` (None until they first change it), and how many
    courses they have in progress at once: one query, of the learner's rows that are either."""
    in_progress = CourseProgress.Status.IN_PROGRESS
    rows = list(CourseProgress.objects.filter(Q(course=course) | Q(status=in_progress), user=user))
    progress = next((row for row in rows if row.course_id == course.pk), None)
    return progress, sum(row.status == in_progress for row in rows)


def assignment_checklist(*, user, course) -> list[tuple[Assignment, AssignmentCompletion | None]]:
    """The course's assignments in order, each with the learner's completion or None: two
    queries, however many assignments, of the columns the page shows."""
    completions = {
        completion.assignment_id: completion
        for completion in AssignmentCompletion.objects.filter(user=user, assignment__course=course)
        .only("assignment_id", "day", "hours", "link", "note")
        .order_by()
    }
    assignments = (
        Assignment.objects.filter(course=course)
        .only("title", "kind", "estimated_hours", "is_estimate")
        .order_by("position")
    )
    return [(assignment, completions.get(assignment.pk)) for assignment in assignments]


def note_on_course(*, user, course) -> CourseNote | None:
    return CourseNote.objects.filter(user=user, course=course).first()
