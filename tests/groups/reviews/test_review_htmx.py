"""Peer review's actions with htmx: asking a group, sending, changing and deleting a review, and
reporting. Each answers with its page's region, the live region that was already on the page
says what happened (out of band), and focus goes to a control in the new region. Bad input
says so and writes nothing; anyone not entitled still gets 404."""

import re

import pytest

from groups.models import CheckIn, Report, Review, ReviewRequest

from .conftest import MIXED, group_of, review_url, signed_in, verdicts_post

HTMX = {"HX-Request": "true"}


def htmx_post(client, url, data=None):
    return client.post(url, data or {}, headers=HTMX)


def live_region(html: str, region_id: str) -> str:
    """What the out-of-band swap puts in the live region `region_id`."""
    (said,) = re.findall(rf'<p id="{region_id}" data-hx-swap-oob="innerHTML">(.*?)</p>', html)
    return said


def autofocused(html: str) -> list[str]:
    """The opening tags that htmx focuses after the swap."""
    return re.findall(r"<[a-z0-9]+ [^>]*\bautofocus\b[^>]*>", html)


def ask_url(project) -> str:
    return f"/portfolio/{project.pk}/reviews/ask/"


# Asking a group, on the project page.


def test_the_ask_form_posts_with_htmx_into_the_reviews_section(alice, project, group):
    page = signed_in(alice).get(f"/portfolio/{project.pk}/").content.decode()
    assert f'data-hx-post="{ask_url(project)}" data-hx-target="#peer-reviews"' in page
    # The live region is on the page before any swap, outside the swapped section.
    assert page.index('id="review-status"') < page.index('<section id="peer-reviews"')


def test_asking_with_htmx_swaps_the_section_and_says_so(alice, project, group):
    response = htmx_post(signed_in(alice), ask_url(project), {"group": group.pk})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and html.count('<section id="peer-reviews"') == 1
    said = live_region(html, "review-status")
    assert said == "Asked Evening learners to review “House prices”."
    assert "Asked of Evening learners." in html
    assert autofocused(html) == ['<h2 id="peer-reviews-heading" tabindex="-1" autofocus>']
    assert ReviewRequest.objects.get().group == group


@pytest.mark.parametrize("choice", [None, "", "x", "-1", "1.5", " "])
def test_asking_without_a_group_says_so_and_sends_nothing(alice, project, group, choice):
    post = {} if choice is None else {"group": choice}

    response = htmx_post(signed_in(alice), ask_url(project), post)

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        live_region(html, "review-status") == "Choose one of your groups to ask. Nothing was sent."
    )
    (select,) = autofocused(html)
    assert 'id="ask-group"' in select and 'aria-invalid="true"' in select
    assert not ReviewRequest.objects.exists()


def test_asking_without_a_group_and_without_javascript_says_so_on_the_page(alice, project, group):
    client = signed_in(alice)

    response = client.post(ask_url(project), {"group": "x"})

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Choose one of your groups to ask. Nothing was sent." in page
    assert not ReviewRequest.objects.exists()


@pytest.mark.parametrize("other", ["not-alices", "unknown", "too-big"])
def test_asking_a_group_one_is_not_in_is_404_with_htmx_too(alice, project, dave, bob, other):
    others = group_of(dave, bob, name="Not Alice's")
    group_id = {"not-alices": others.pk, "unknown": others.pk + 100, "too-big": "9" * 30}[other]

    response = htmx_post(signed_in(alice), ask_url(project), {"group": group_id})

    assert response.status_code == 404
    assert not ReviewRequest.objects.exists()


def test_only_the_owner_asks_with_htmx_too(bob, project, group):
    assert htmx_post(signed_in(bob), ask_url(project), {"group": group.pk}).status_code == 404
    assert not ReviewRequest.objects.exists()


# The review form.


def test_the_review_page_has_its_live_region_outside_the_swapped_form(bob, review_request):
    page = signed_in(bob).get(review_url(review_request)).content.decode()

    assert page.count('id="review-form-status"') == 1
    assert page.index('id="review-form-status"') < page.index('<section id="review-form"')
    assert f'data-hx-post="{review_url(review_request)}" data-hx-target="#review-form"' in page
    # A full page focuses nothing of the form: the learner starts at the top.
    assert autofocused(page) == []


def test_sending_a_review_with_htmx_shows_it_saved_and_says_so(bob, review_request):
    client = signed_in(bob)

    response = htmx_post(client, review_url(review_request), MIXED)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<h1" not in html
    said = live_region(html, "review-form-status")
    assert said == "Sent your review of “House prices”. Thank you."
    assert autofocused(html) == ['<button type="submit" id="save-review" autofocus>']
    assert "Update my review" in html and "Delete my review" in html
    # The form shows the saved verdicts.
    assert re.search(
        r'value="needs_work"[^>]*id="id_answer_overfitting-verdict_1"[^>]*checked', html
    )
    assert Review.objects.get(reviewer=bob).verdicts()["answer_overfitting"] == "needs_work"

    again = htmx_post(client, review_url(review_request), verdicts_post(overall="Better."))

    assert live_region(again.content.decode(), "review-form-status") == (
        "Updated your review of “House prices”. Thank you."
    )
    assert Review.objects.get().overall == "Better."


def test_a_review_refused_with_htmx_comes_back_with_the_summary_focused(bob, review_request):
    post = verdicts_post()
    del post["answer_data-verdict"]

    response = htmx_post(signed_in(bob), review_url(review_request), post)

    assert response.status_code == 400
    html = response.content.decode()
    assert live_region(html, "review-form-status") == "Nothing was saved: see the marked answers."
    assert autofocused(html) == [
        '<p class="error" role="alert" id="review-errors" tabindex="-1" autofocus>'
    ]
    assert "Choose convincing or needs work." in html
    assert "Send my review" in html
    assert not Review.objects.exists()


def test_a_change_refused_with_htmx_keeps_the_saved_review(bob, review_request, bobs_review):
    post = verdicts_post(answer_data="x" * 2001)

    response = htmx_post(signed_in(bob), review_url(review_request), post)

    assert response.status_code == 400
    assert "at most 2,000 characters" in response.content.decode()
    assert Review.objects.get().answers.get(question="answer_data").comment == ""


def test_a_project_emptied_meanwhile_is_said_in_the_live_region(bob, review_request):
    project = review_request.project
    project.answer_data = project.answer_overfitting = ""
    project.save()

    response = htmx_post(signed_in(bob), review_url(review_request), verdicts_post())

    assert response.status_code == 400
    said = live_region(response.content.decode(), "review-form-status")
    assert "no answered interview question" in said
    assert not Review.objects.exists()


def test_deleting_a_review_with_htmx_empties_the_form_and_says_so(bob, review_request, bobs_review):
    url = f"/groups/{review_request.group_id}/reviews/{review_request.pk}/delete/"
    page = signed_in(bob).get(review_url(review_request)).content.decode()
    assert f'data-hx-post="{url}" data-hx-target="#review-form"' in page

    response = htmx_post(signed_in(bob), url)

    assert response.status_code == 200
    html = response.content.decode()
    said = live_region(html, "review-form-status")
    assert said == "Deleted your review of “House prices”."
    assert "Send my review" in html and "Delete my review" not in html
    assert "checked" not in html and "Solid." not in html
    assert autofocused(html) == ['<button type="submit" id="save-review" autofocus>']
    assert not Review.objects.exists()


def test_deleting_and_sending_without_javascript_still_go_back_to_the_group(bob, review_request):
    client = signed_in(bob)
    group_page = f"/groups/{review_request.group_id}/"

    sent = client.post(review_url(review_request), verdicts_post())
    deleted = client.post(f"/groups/{review_request.group_id}/reviews/{review_request.pk}/delete/")

    assert sent.status_code == deleted.status_code == 302
    assert sent["Location"] == deleted["Location"] == group_page
    assert "Deleted your review of “House prices”." in client.get(group_page).content.decode()


# Reporting.


def report_review_url(review) -> str:
    return f"/portfolio/{review.project_id}/reviews/{review.pk}/report/"


def test_the_report_page_posts_with_htmx_to_itself(alice, group, bob):
    check_in = CheckIn.objects.create(group=group, user=bob, week_start="2026-12-07", did="Spam")
    url = f"/groups/{group.pk}/report/?check_in={check_in.pk}"

    page = signed_in(alice).get(url).content.decode()

    action = url.replace("&", "&amp;")
    assert f'action="{action}"' in page
    assert f'data-hx-post="{action}" data-hx-target="#report-form"' in page
    assert page.index('id="report-status"') < page.index('<div id="report-form"')


def test_reporting_with_htmx_swaps_the_form_for_the_thanks(alice, bobs_review):
    response = htmx_post(signed_in(alice), report_review_url(bobs_review), {"reason": "Rude"})

    assert response.status_code == 200
    html = response.content.decode()
    assert live_region(html, "report-status") == (
        "Thank you: staff will look at this review. It stays up until they act."
    )
    assert "<form" not in html
    (back,) = autofocused(html)
    assert f'href="/portfolio/{bobs_review.project_id}/#peer-reviews"' in back
    assert "Back to your project" in html
    assert Report.objects.get().review == bobs_review


def test_reporting_a_check_in_with_htmx_leads_back_to_the_group(alice, group, bob):
    check_in = CheckIn.objects.create(group=group, user=bob, week_start="2026-12-07", did="Spam")
    url = f"/groups/{group.pk}/report/?check_in={check_in.pk}"

    response = htmx_post(signed_in(alice), url)  # the reason is optional: none is sent

    assert response.status_code == 200
    assert "Back to “Evening learners”" in response.content.decode()
    assert Report.objects.get().check_in == check_in


def test_a_report_refused_with_htmx_comes_back_in_the_form(alice, bobs_review):
    response = htmx_post(signed_in(alice), report_review_url(bobs_review), {"reason": "x" * 501})

    assert response.status_code == 400
    html = response.content.decode()
    assert live_region(html, "report-status") == "Nothing was sent: see the reason."
    assert autofocused(html) == [
        '<p class="error" role="alert" id="report-errors" tabindex="-1" autofocus>'
    ]
    assert "at most 500 characters" in html
    assert not Report.objects.exists()


def test_a_report_refused_without_javascript_is_the_page_again(alice, bobs_review):
    response = signed_in(alice).post(report_review_url(bobs_review), {"reason": "x" * 501})

    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Report this review to staff</h1>" in html
    assert "Nothing was sent: see the reason below." in html
    assert "data-hx-swap-oob" not in html
    assert not Report.objects.exists()


# Who may: the same 404s with htmx.


def test_an_outsider_gets_404_with_htmx_too(dave, review_request, bobs_review, group, bob):
    check_in = CheckIn.objects.create(group=group, user=bob, week_start="2026-12-07", did="Hi")
    g, r, p = review_request.group_id, review_request.pk, review_request.project_id
    client = signed_in(dave)
    for url in (
        review_url(review_request),
        f"/groups/{g}/reviews/{r}/delete/",
        f"/groups/{g}/report/?check_in={check_in.pk}",
        f"/portfolio/{p}/reviews/ask/",
        f"/portfolio/{p}/reviews/{bobs_review.pk}/report/",
    ):
        response = htmx_post(client, url, verdicts_post() | {"group": g, "reason": "x"})
        assert response.status_code == 404, url
    assert not Report.objects.exists()
    assert not ReviewRequest.objects.exclude(pk=review_request.pk).exists()
    assert Review.objects.get().overall == "Solid."
