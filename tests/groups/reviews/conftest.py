"""People and rows of the peer-review tests: Alice asks her group (Bob and Carol) to review
her project; Dave is in no group of hers and exists only to be refused."""

import pytest
from django.test import Client
from django.utils import timezone

from courses.models import Skill
from groups.models import Membership, Review, ReviewRequest, StudyGroup
from groups.review_rules import CONVINCING, NEEDS_WORK
from groups.review_services import Verdict, review_save
from learners.models import PortfolioProject
from tests.learners.factories import ProfileFactory

ANSWERED = ("answer_data", "answer_overfitting")


def learner(name: str, **profile):
    return ProfileFactory(user__username=name, **profile).user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def group_of(owner, *members, name="Evening learners") -> StudyGroup:
    group = StudyGroup.objects.create(name=name, owner=owner)
    for user in (owner, *members):
        Membership.objects.create(group=group, user=user)
    return group


def verdicts_post(verdict=CONVINCING, overall="", **comments) -> dict:
    data = {"overall": overall}
    for key in ANSWERED:
        data[f"{key}-verdict"] = verdict
        data[f"{key}-comment"] = comments.get(key, "")
    return data


MIXED = {**verdicts_post(), "answer_overfitting-verdict": NEEDS_WORK}


@pytest.fixture
def check(db) -> Skill:
    return Skill.objects.create(
        name="Model evaluation", slug="model-evaluation", kind=Skill.Kind.EMPLOYER_CHECK
    )


@pytest.fixture
def alice(db):
    return learner("alice")


@pytest.fixture
def bob(db):
    return learner("bob")


@pytest.fixture
def carol(db):
    return learner("carol")


@pytest.fixture
def dave(db):
    return learner("dave")


@pytest.fixture
def group(alice, bob, carol) -> StudyGroup:
    return group_of(alice, bob, carol)


@pytest.fixture
def project(alice, check) -> PortfolioProject:
    project = PortfolioProject.objects.create(
        user=alice,
        title="House prices",
        answer_data="King County sales; median-imputed.",
        answer_overfitting="A time-based hold-out and learning curves.",
    )
    project.skills.add(check)
    return project


@pytest.fixture
def review_request(alice, project, group) -> ReviewRequest:
    return ReviewRequest.objects.create(user=alice, project=project, group=group)


def review_url(review_request) -> str:
    return f"/groups/{review_request.group_id}/reviews/{review_request.pk}/"


@pytest.fixture
def bobs_review(bob, review_request) -> Review:
    """Bob's review of Alice's project: every answer convincing."""
    review, _ = review_save(
        reviewer=bob,
        review_request=review_request,
        overall="Solid.",
        verdicts={key: Verdict(CONVINCING, "") for key in ANSWERED},
        now=timezone.now(),
    )
    return review
