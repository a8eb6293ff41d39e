"""Reads of peer review: what a member may review, what waits for them, a project's reviews
question by question, and the facts the learners app reads through its settings
(`LEARNERS_PROJECT_REVIEWS`, `LEARNERS_PEER_REVIEWED_PROJECTS`, `LEARNERS_PEER_REVIEW_COUNTS`,
`LEARNERS_EXPORT_GROUPS`).

Hidden reviews count nowhere: the owner hid them because they do not stand behind them, so
they are not evidence on the readiness map nor peers on the public page.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from courses.models import Skill
from learners.models import PortfolioProject

from .. import review_rules
from ..models import DigestOptOut, Membership, Review, ReviewAnswer, ReviewRequest, StudyGroup
from .membership import active_membership


def _requester_still_member() -> Exists:
    return Exists(Membership.objects.filter(group=OuterRef("group"), user=OuterRef("user")))


def reviewable_request(*, user, group_id: int, request_id: int) -> ReviewRequest:
    """Request `request_id` of group `group_id`, for `user` to review (two queries).

    404 unless `user` is an active member of the group, the request is the group's, its asker
    is still a member, and the project is not the user's own."""
    membership = active_membership(user=user, group_id=group_id)
    request = (
        ReviewRequest.objects.filter(_requester_still_member(), pk=request_id, group=group_id)
        .exclude(project__user=user)
        .select_related("project", "user__profile")
        .first()
    )
    if request is None:
        raise Http404("No such review request.")
    request.group = membership.group
    return request


def review_of(*, reviewer, project_id: int) -> Review | None:
    """The reviewer's review of the project, with its answers; None before they write one."""
    return (
        Review.objects.filter(reviewer=reviewer, project=project_id)
        .prefetch_related("answers")
        .first()
    )


def review_requests_in(*, user, groups: list[StudyGroup]) -> dict[int, list[ReviewRequest]]:
    """The requests of these groups `user` may review (not their own, asker still a member),
    by group id, latest first, each marked `reviewed` when `user` has reviewed it (one query)."""
    requests = defaultdict(list)
    rows = (
        ReviewRequest.objects.filter(_requester_still_member(), group__in=groups)
        .exclude(user=user)
        .annotate(
            reviewed=Exists(Review.objects.filter(project=OuterRef("project"), reviewer=user))
        )
        .select_related("project", "user__profile")
        .only("created_at", "group_id", "project__title", "user__profile__display_name")
    )
    for request in rows:
        requests[request.group_id].append(request)
    return requests


def requests_waiting_in(*, user, groups: list[StudyGroup]) -> dict[int, list[ReviewRequest]]:
    """The requests of these groups `user` has not reviewed yet, by group id (one query)."""
    return {
        group_id: [request for request in requests if not request.reviewed]
        for group_id, requests in review_requests_in(user=user, groups=groups).items()
    }


@dataclass(frozen=True)
class GroupReviewRequests:
    """The group page's part: requests waiting for the viewer, and those they reviewed (to
    change or delete their review)."""

    waiting: list[ReviewRequest]
    reviewed: list[ReviewRequest]


def group_review_requests(*, user, group: StudyGroup) -> GroupReviewRequests:
    """The group page's "Review requests waiting for you" and "Reviews you gave" (one query)."""
    requests = review_requests_in(user=user, groups=[group]).get(group.pk, [])
    return GroupReviewRequests(
        waiting=[request for request in requests if not request.reviewed],
        reviewed=[request for request in requests if request.reviewed],
    )


def _reviews_with_answers() -> QuerySet[Review]:
    return Review.objects.select_related("reviewer__profile").prefetch_related(
        Prefetch("answers", queryset=ReviewAnswer.objects.order_by("pk"))
    )


@dataclass(frozen=True)
class QuestionReviews:
    """One interview question of a project: its answer and what the shown reviews said."""

    key: str
    question: str
    answer: str
    convincing: int
    needs_work: int
    answers: list[tuple[Review, ReviewAnswer]]


@dataclass(frozen=True)
class ProjectReviews:
    """A project's reviews as its owner sees them; `template_name` renders them."""

    shown: list[Review]
    hidden: list[Review]
    questions: list[QuestionReviews]
    requests: list[ReviewRequest]
    groups_to_ask: list[StudyGroup]
    template_name: str = "groups/_project_reviews.html"

    @property
    def every(self) -> list[Review]:
        """Every review, the hidden ones last, for showing or hiding each."""
        return [*self.shown, *self.hidden]


def project_reviews(*, project: PortfolioProject) -> ProjectReviews:
    """The project's reviews question by question with counts, the hidden ones apart, the
    groups asked and those the owner could still ask: four queries, however many reviews."""
    reviews = list(_reviews_with_answers().filter(project=project).order_by("created_at", "pk"))
    shown = [review for review in reviews if not review.hidden_by_owner]
    verdicts = [review.verdicts() for review in shown]
    counts = review_rules.verdict_counts(verdicts, [k for k, _ in project.INTERVIEW_QUESTIONS])
    questions = []
    for key, question in project.INTERVIEW_QUESTIONS:
        pairs = [
            (review, answer)
            for review in shown
            for answer in review.answers.all()
            if answer.question == key
        ]
        questions.append(QuestionReviews(key, question, getattr(project, key), *counts[key], pairs))
    requests = list(
        ReviewRequest.objects.filter(project=project).select_related("group").order_by("pk")
    )
    asked = {request.group_id for request in requests}
    groups = StudyGroup.objects.filter(
        memberships__user=project.user_id, memberships__user__is_active=True
    ).order_by("name", "pk")
    return ProjectReviews(
        shown=shown,
        hidden=[review for review in reviews if review.hidden_by_owner],
        questions=questions,
        requests=requests,
        groups_to_ask=[group for group in groups if group.pk not in asked],
    )


def _answered(project: PortfolioProject) -> frozenset[str]:
    return frozenset(key for key, _ in project.INTERVIEW_QUESTIONS if getattr(project, key).strip())


def peer_reviewed_projects(*, user) -> dict[int, list[PortfolioProject]]:
    """Per employer check, the learner's projects that peer review evidences it (one query, and
    three more when any project has a review shown)."""
    projects = list(
        PortfolioProject.objects.filter(user=user, reviews__hidden_by_owner=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "skills",
                queryset=Skill.objects.filter(kind=Skill.Kind.EMPLOYER_CHECK).only("pk"),
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(hidden_by_owner=False).prefetch_related("answers"),
            ),
        )
    )
    evidence = defaultdict(list)
    for project in projects:
        reviewed = review_rules.ReviewedProject(
            check_ids=frozenset(check.pk for check in project.skills.all()),
            answered=_answered(project),
            reviews=tuple(review.verdicts() for review in project.reviews.all()),
        )
        for check_id in review_rules.peer_reviewed_checks([reviewed]):
            evidence[check_id].append(project)
    return evidence


def peer_review_counts(*, project_ids: list[int]) -> dict[int, int]:
    """How many peers reviewed each project (reviews hidden by the owner not counted)."""
    rows = (
        Review.objects.filter(project__in=project_ids, hidden_by_owner=False)
        .values("project")
        .annotate(reviewers=Count("pk"))
        .values_list("project", "reviewers")
    )
    return dict(rows)


def _review_data(review: Review) -> dict:
    return {
        "project": review.project.title,
        "reviewer": review.reviewer.profile.display_name,
        "overall": review.overall,
        "hidden_by_owner": review.hidden_by_owner,
        "created_at": review.created_at.isoformat(),
        "updated_at": review.updated_at.isoformat(),
        "answers": [
            {"question": a.question, "verdict": a.verdict, "comment": a.comment}
            for a in review.answers.all()
        ],
    }


def reviews_for_export(*, user) -> dict:
    """The reviews the learner gave and those they received, with every verdict and comment;
    reviewers named by display name only."""
    reviews = _reviews_with_answers().select_related("project").order_by("pk")
    return {
        "given": [_review_data(r) for r in reviews.filter(reviewer=user)],
        "received": [_review_data(r) for r in reviews.filter(project__user=user)],
    }


def digests_on_for(*, user) -> bool:
    """Whether the learner gets the weekly group digest (they do until they unsubscribe)."""
    return not DigestOptOut.objects.filter(user=user).exists()
