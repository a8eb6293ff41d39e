"""Reviewing a project through the group: the form, the project page, hiding, readiness, the
public page, export and deletion, and reports."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from groups.models import CheckIn, Report, Review, ReviewAnswer, ReviewRequest
from groups.review_rules import NEEDS_WORK
from groups.review_services import Verdict, review_save
from learners.models import Profile
from learners.services import learner_delete, learner_export

from .conftest import MIXED, learner, review_url, signed_in, verdicts_post


def review_by(user, review_request, post=None):
    response = signed_in(user).post(review_url(review_request), post or verdicts_post())
    assert response.status_code == 302, response.content.decode()[:2000]
    return Review.objects.get(reviewer=user, project=review_request.project)


def project_page(client, project):
    return client.get(f"/portfolio/{project.pk}/").content.decode()


def test_the_form_walks_the_answered_questions(bob, review_request):
    page = signed_in(bob).get(review_url(review_request)).content.decode()
    assert "How do you know the model does not overfit?" in page
    assert "A time-based hold-out and learning curves." in page
    # Unanswered questions have nothing to judge.
    assert "What did your error analysis show?" not in page


def test_a_member_reviews_and_changes_their_review(bob, review_request):
    review = review_by(bob, review_request, verdicts_post(overall="Clear.", answer_data="Good"))
    assert review.overall == "Clear."
    assert review.verdicts() == {"answer_data": "convincing", "answer_overfitting": "convincing"}
    review_by(bob, review_request, MIXED)
    review = Review.objects.get()
    assert review.verdicts()["answer_overfitting"] == NEEDS_WORK
    assert ReviewAnswer.objects.count() == 2


def test_a_review_without_every_verdict_saves_nothing(bob, review_request):
    post = verdicts_post()
    del post["answer_data-verdict"]
    response = signed_in(bob).post(review_url(review_request), post)
    assert response.status_code == 400
    assert "Choose convincing or needs work." in response.content.decode()
    assert not Review.objects.exists()


def test_a_comment_over_2000_characters_saves_nothing(bob, review_request):
    post = verdicts_post(answer_data="x" * 2001)
    response = signed_in(bob).post(review_url(review_request), post)
    assert response.status_code == 400
    assert "at most 2,000 characters" in response.content.decode()
    assert not Review.objects.exists()


def test_the_reviewer_deletes_their_review(bob, review_request):
    review_by(bob, review_request)
    url = f"/groups/{review_request.group_id}/reviews/{review_request.pk}/delete/"
    assert signed_in(bob).post(url).status_code == 302
    assert not Review.objects.exists()


def test_the_group_page_lists_the_requests_waiting(bob, review_request):
    client = signed_in(bob)
    page = client.get(f"/groups/{review_request.group_id}/").content.decode()
    assert "Review “House prices”" in page
    review_by(bob, review_request)
    page = client.get(f"/groups/{review_request.group_id}/").content.decode()
    assert "Review “House prices”" not in page
    assert "Change your review of “House prices”" in page


def test_the_owner_asks_a_group(alice, project, group):
    response = signed_in(alice).post(f"/portfolio/{project.pk}/reviews/ask/", {"group": group.pk})
    assert response.status_code == 302
    assert ReviewRequest.objects.get().group == group


def test_the_owner_sees_reviews_question_by_question(alice, bob, carol, review_request):
    review_by(bob, review_request, verdicts_post(answer_overfitting="Show the curves."))
    review_by(carol, review_request, MIXED)
    page = project_page(signed_in(alice), review_request.project)
    assert "2 peers reviewed your answers." in page
    assert "<strong>1 convincing</strong> · 1 needs work" in page
    assert "<strong>2 convincing</strong> · 0 need work" in page
    assert "Show the curves." in page


def test_a_hidden_review_leaves_the_counts(alice, bob, review_request):
    review = review_by(bob, review_request)
    client = signed_in(alice)
    url = f"/portfolio/{review_request.project_id}/reviews/{review.pk}/hide/"
    response = client.post(url, {"hidden": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Review hidden" in response.content.decode()
    assert Review.objects.get().hidden_by_owner
    assert "No review yet." in project_page(client, review_request.project)
    client.post(url, {"hidden": "0"})
    assert not Review.objects.get().hidden_by_owner


def readiness(client) -> str:
    return client.get("/readiness/").content.decode()


def test_two_convinced_reviewers_make_the_check_peer_reviewed(alice, bob, carol, review_request):
    client = signed_in(alice)
    review_by(bob, review_request)
    assert "Peer-reviewed" not in readiness(client)
    carol_review = review_by(carol, review_request)
    assert "Peer-reviewed" in readiness(client)
    # Hidden reviews count nowhere.
    Review.objects.filter(pk=carol_review.pk).update(hidden_by_owner=True)
    assert "Peer-reviewed" not in readiness(client)


def test_a_mixed_review_does_not_make_it_peer_reviewed(alice, bob, carol, review_request):
    review_by(bob, review_request)
    review_by(carol, review_request, MIXED)
    assert "Peer-reviewed" not in readiness(signed_in(alice))


def test_the_public_page_counts_peers_only_when_ticked_and_never_shows_texts(
    client, alice, bob, carol, review_request
):
    Profile.objects.filter(user=alice).update(public_portfolio=True, public_slug="alice")
    project = review_request.project
    project.public = True
    project.save()
    review_by(bob, review_request, verdicts_post(overall="A secret remark"))
    review_by(carol, review_request)
    assert "Reviewed by" not in client.get("/u/alice/").content.decode()
    project.show_peer_reviews = True
    project.save()
    page = client.get("/u/alice/").content.decode()
    assert "Reviewed by 2 peers" in page
    assert "A secret remark" not in page


def test_the_export_holds_reviews_given_and_received(alice, bob, review_request):
    review_by(bob, review_request, verdicts_post(overall="Clear."))
    given = learner_export(user=bob)["peer_reviews"]["given"]
    received = learner_export(user=alice)["peer_reviews"]["received"]
    assert given == received
    assert given[0]["overall"] == "Clear."
    assert {a["question"] for a in given[0]["answers"]} == {"answer_data", "answer_overfitting"}


def test_deleting_the_account_deletes_the_reviews_given(bob, review_request):
    review_by(bob, review_request)
    learner_delete(user=bob)
    assert not Review.objects.exists()
    assert not ReviewAnswer.objects.exists()


def page_queries(client, project) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/portfolio/{project.pk}/").status_code == 200
    return len(queries)


def test_the_project_page_reads_reviews_in_constant_queries(alice, bob, review_request):
    client = signed_in(alice)
    review_by(bob, review_request)
    page_queries(client, review_request.project)  # the session, warmed
    with_one = page_queries(client, review_request.project)
    for n in range(5):
        review_save(
            reviewer=learner(f"reviewer{n}"),
            review_request=review_request,
            overall="",
            verdicts={"answer_data": Verdict("convincing", "ok")},
            now=timezone.now(),
        )
    assert page_queries(client, review_request.project) == with_one


def test_a_member_reports_a_check_in_which_stays_until_staff_remove_it(
    staff_client, alice, bob, group
):
    check_in = CheckIn.objects.create(group=group, user=bob, week_start="2026-12-07", did="Spam")
    url = f"/groups/{group.pk}/check-ins/{check_in.pk}/report/"
    response = signed_in(alice).post(url, {"reason": "Advertising"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.check_in, report.reason) == (alice, check_in, "Advertising")
    assert CheckIn.objects.exists()
    staff_client.post(
        "/admin/groups/report/",
        {"action": "remove_content", ACTION_CHECKBOX_NAME: [report.pk]},
    )
    assert not CheckIn.objects.exists()
    assert not Report.objects.exists()


def test_the_owner_reports_a_review(alice, bob, review_request):
    review = review_by(bob, review_request)
    url = f"/portfolio/{review_request.project_id}/reviews/{review.pk}/report/"
    assert signed_in(alice).get(url).status_code == 200
    assert signed_in(alice).post(url, {"reason": "Rude"}).status_code == 302
    assert Report.objects.get().review == review
    assert Review.objects.exists()


@pytest.fixture
def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_superuser("staff", "staff@example.com", "pw-12345678")
    client.force_login(staff)
    return client


def test_staff_see_reports_in_the_admin(staff_client, alice, bob, review_request):
    review = review_by(bob, review_request, verdicts_post(overall="Nasty words"))
    Report.objects.create(reporter=alice, review=review, reason="Rude")
    page = staff_client.get("/admin/groups/report/").content.decode()
    assert "Nasty words" in page
    assert "Rude" in page


def test_a_project_with_no_answer_cannot_be_reviewed(bob, review_request):
    project = review_request.project
    project.answer_data = project.answer_overfitting = ""
    project.save()
    response = signed_in(bob).post(review_url(review_request), {"overall": "Fine"})
    assert response.status_code == 400
    assert "no answered interview question" in response.content.decode()
    assert not Review.objects.exists()
