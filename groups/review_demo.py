"""The demo's peer review: the demo learner asked the demo group to review their public
project, and Amara (a demo member) reviewed it; Jonas asked the group to review his project,
which waits for the demo learner. Named in DEMO_SEED_STEPS after the demo group; a second run
adds nothing."""

from django.utils import timezone

from learners.models import PortfolioProject

from .demo import DEMO_GROUP_NAME
from .models import Membership, Review, ReviewRequest, StudyGroup
from .review_services import Verdict, review_save

REVIEWER = "demo-amara"
# One answer needs work: the demo shows both verdicts, and a check is not yet peer-reviewed.
COMMENTS = {
    "answer_overfitting": ("needs_work", "Show the learning curves, not only the 4 % gap."),
    "answer_explanation": ("convincing", "The five-feature chart is exactly what I would ask."),
}
OVERALL = "Clear and honest. I would start an interview with the error analysis."
ASKER = "demo-jonas"
ASKERS_PROJECT = {
    "title": "Bike rentals forecast",
    "summary": "Daily rentals in Seoul from the weather, with a seasonal baseline.",
    "answer_data": "The UCI Seoul bike sharing data: no missing values, but 10 closed days "
    "I dropped.",
    "answer_baseline": "Last year's rentals on the same weekday: MAE 310 bikes a day.",
}


def seed_demo_review(*, user) -> None:
    group = StudyGroup.objects.filter(owner=user, name=DEMO_GROUP_NAME).first()
    if group is None:
        return
    _review_given(user, group)
    _review_asked(group)


def _review_given(user, group: StudyGroup) -> None:
    project = PortfolioProject.objects.filter(user=user, public=True).order_by("pk").first()
    membership = Membership.objects.filter(group=group, user__username=REVIEWER).first()
    if project is None or membership is None:
        return
    reviewer = membership.user
    if not project.show_peer_reviews:
        project.show_peer_reviews = True
        project.save(update_fields=["show_peer_reviews"])
    request, _ = ReviewRequest.objects.get_or_create(
        project=project, group=group, defaults={"user": user}
    )
    if Review.objects.filter(project=project, reviewer=reviewer).exists():
        return
    verdicts = {
        key: Verdict(*COMMENTS.get(key, ("convincing", "")))
        for key, _ in project.INTERVIEW_QUESTIONS
        if getattr(project, key).strip()
    }
    review_save(
        reviewer=reviewer,
        review_request=request,
        overall=OVERALL,
        verdicts=verdicts,
        now=timezone.now(),
    )


def _review_asked(group: StudyGroup) -> None:
    membership = Membership.objects.filter(group=group, user__username=ASKER).first()
    if membership is None:
        return
    project, _ = PortfolioProject.objects.get_or_create(
        user=membership.user, title=ASKERS_PROJECT["title"], defaults=ASKERS_PROJECT
    )
    ReviewRequest.objects.get_or_create(
        project=project, group=group, defaults={"user": membership.user}
    )
