"""Who may do what with peer reviews: every review URL is a 404 to anyone not entitled to it,
whatever the method. Dave is in no group of Alice's; Carol is removed; Bob is deactivated."""

from urllib.parse import urlsplit

import pytest
from django.urls import get_resolver, resolve

from groups.models import CheckIn, Membership, Report, Review, ReviewRequest

from .conftest import group_of, review_url, signed_in, verdicts_post


@pytest.fixture
def check_in(group, bob):
    return CheckIn.objects.create(group=group, user=bob, week_start="2026-12-07", did="Chapter 3")


def review_urls(review_request, review, check_in):
    """(method, url) of every URL of peer review and reports."""
    g, r, p = review_request.group_id, review_request.pk, review_request.project_id
    return [
        ("get", review_url(review_request)),
        ("post", review_url(review_request)),
        ("post", f"/groups/{g}/reviews/{r}/delete/"),
        ("get", f"/groups/{g}/report/?check_in={check_in.pk}"),
        ("post", f"/groups/{g}/report/?check_in={check_in.pk}"),
        ("post", f"/portfolio/{p}/reviews/ask/"),
        ("post", f"/portfolio/{p}/reviews/{review.pk}/hide/"),
        ("get", f"/portfolio/{p}/reviews/{review.pk}/report/"),
        ("post", f"/portfolio/{p}/reviews/{review.pk}/report/"),
    ]


def test_every_review_url_is_walked(review_request, bobs_review, check_in):
    _, namespace = get_resolver().namespace_dict["reviews"]
    names = {name for name in namespace.reverse_dict if isinstance(name, str)}
    walked = {
        resolve(urlsplit(url).path).url_name
        for _, url in review_urls(review_request, bobs_review, check_in)
    }
    # The digest's unsubscribe link is signed, for anyone holding it, and its switch names no
    # object but the signed-in learner's own choice (test_group_mail.py).
    assert names == walked | {"digest_unsubscribe", "digest_setting"}


def assert_all_404(client, urls):
    for method, url in urls:
        # A GET's data would replace the query that names the reported check-in.
        data = verdicts_post() | {"group": "1", "hidden": "1"} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)


def test_a_member_reports_only_a_check_in_of_their_group_named_in_the_query(
    carol, group, check_in, dave, bob
):
    client = signed_in(carol)
    other_group = group_of(dave, bob, name="Elsewhere")
    elsewhere = CheckIn.objects.create(
        group=other_group, user=bob, week_start="2026-12-07", did="Chapter 9"
    )
    report = f"/groups/{group.pk}/report/"

    assert client.get(report, {"check_in": check_in.pk}).status_code == 200
    for query in ({}, {"check_in": "x"}, {"check_in": elsewhere.pk}):
        assert client.get(report, query).status_code == 404, query


def test_an_outsider_gets_404_on_every_review_url(dave, review_request, bobs_review, check_in):
    assert_all_404(signed_in(dave), review_urls(review_request, bobs_review, check_in))
    assert not Report.objects.exists()
    assert Review.objects.get().hidden_by_owner is False


def test_a_removed_member_gets_404_on_their_next_request(
    carol, review_request, bobs_review, check_in
):
    client = signed_in(carol)
    assert client.get(review_url(review_request)).status_code == 200
    Membership.objects.filter(user=carol).delete()
    urls = [
        (m, u) for m, u in review_urls(review_request, bobs_review, check_in) if "/groups/" in u
    ]
    assert_all_404(client, urls)


def test_a_deactivated_member_gets_no_review_page(bob, review_request):
    client = signed_in(bob)
    bob.is_active = False
    bob.save()
    response = client.get(review_url(review_request))
    # Django's auth logs a deactivated user out: the log-in page, never the review.
    assert response.status_code in (302, 404)


def test_nobody_reviews_their_own_project(alice, review_request):
    client = signed_in(alice)
    assert client.get(review_url(review_request)).status_code == 404
    assert client.post(review_url(review_request), verdicts_post()).status_code == 404
    assert not Review.objects.exists()


def test_nobody_asks_a_group_they_are_not_in(alice, project, dave, bob):
    others = group_of(dave, bob, name="Not Alice's")
    response = signed_in(alice).post(f"/portfolio/{project.pk}/reviews/ask/", {"group": others.pk})
    assert response.status_code == 404
    assert not ReviewRequest.objects.exists()


def test_only_the_owner_asks_for_a_review_of_a_project(bob, project, group):
    response = signed_in(bob).post(f"/portfolio/{project.pk}/reviews/ask/", {"group": group.pk})
    assert response.status_code == 404


def test_nobody_reviews_through_a_group_they_are_not_in(dave, review_request, bob, project):
    # Dave is in another group with Bob, where Alice's project was never asked.
    group_of(dave, bob, name="Other")
    assert signed_in(dave).post(review_url(review_request), verdicts_post()).status_code == 404
