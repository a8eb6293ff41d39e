"""Reviews sent at the same moment: nothing is lost, nothing doubled. Real transactions on
PostgreSQL, one thread (and connection) each."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from groups.models import Review, ReviewAnswer, ReviewEmail
from groups.review_services import Verdict, review_save

pytestmark = pytest.mark.django_db(transaction=True)

VERDICTS = {
    "answer_data": Verdict("convincing", ""),
    "answer_overfitting": Verdict("needs_work", "Show the curves."),
}


def at_once(review_request, *reviews: tuple) -> list[Exception]:
    """Save each (reviewer, overall comment) in its own thread, all released together; the
    errors raised."""
    start, errors, now = threading.Barrier(len(reviews)), [], timezone.now()

    def reviewing(reviewer, overall):
        try:
            start.wait()
            review_save(
                reviewer=reviewer,
                review_request=review_request,
                overall=overall,
                verdicts=VERDICTS,
                now=now,
            )
        except Exception as error:  # the test asserts there is none
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reviewing, args=review) for review in reviews]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_reviewers_at_the_same_moment_lose_nothing(bob, carol, review_request):
    assert at_once(review_request, (bob, "From Bob"), (carol, "From Carol")) == []
    assert sorted(Review.objects.values_list("overall", flat=True)) == ["From Bob", "From Carol"]
    assert ReviewAnswer.objects.count() == 4
    # The owner's day has one review e-mail, listing both.
    assert ReviewEmail.objects.count() == 1


def test_one_reviewer_sending_twice_at_once_keeps_one_review(bob, review_request):
    assert at_once(review_request, (bob, "one"), (bob, "two")) == []
    assert Review.objects.count() == 1
    assert ReviewAnswer.objects.count() == 2
