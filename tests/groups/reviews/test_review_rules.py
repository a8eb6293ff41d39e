"""The peer-review rules, without the database."""

import datetime as dt
from zoneinfo import ZoneInfo

from groups.review_rules import (
    CONVINCING,
    NEEDS_WORK,
    ReviewedProject,
    convinced_by,
    peer_reviewed,
    peer_reviewed_checks,
    review_email_due_at,
    verdict_counts,
)

ANSWERED = frozenset({"answer_data", "answer_overfitting"})
ALL_CONVINCING = {"answer_data": CONVINCING, "answer_overfitting": CONVINCING}
MIXED = {"answer_data": CONVINCING, "answer_overfitting": NEEDS_WORK}


def project(*reviews, checks=(1, 2)) -> ReviewedProject:
    return ReviewedProject(frozenset(checks), ANSWERED, tuple(reviews))


def test_no_reviewer_reviews_nothing():
    assert not peer_reviewed([], ANSWERED)
    assert peer_reviewed_checks([project()]) == set()


def test_one_convinced_reviewer_is_not_enough():
    assert not peer_reviewed([ALL_CONVINCING], ANSWERED)
    assert peer_reviewed_checks([project(ALL_CONVINCING)]) == set()


def test_two_convinced_reviewers_review_every_check_of_the_project():
    assert peer_reviewed([ALL_CONVINCING, ALL_CONVINCING], ANSWERED)
    assert peer_reviewed_checks([project(ALL_CONVINCING, ALL_CONVINCING)]) == {1, 2}


def test_a_mixed_review_does_not_count():
    assert not convinced_by(MIXED, ANSWERED)
    assert not peer_reviewed([ALL_CONVINCING, MIXED], ANSWERED)
    assert peer_reviewed_checks([project(ALL_CONVINCING, MIXED, ALL_CONVINCING)]) == {1, 2}


def test_a_review_that_left_out_an_answered_question_does_not_count():
    assert not convinced_by({"answer_data": CONVINCING}, ANSWERED)


def test_a_project_with_no_answer_is_never_peer_reviewed():
    assert not peer_reviewed([{}, {}], frozenset())


def test_checks_come_from_the_projects_that_earned_them():
    earned = project(ALL_CONVINCING, ALL_CONVINCING, checks=(1,))
    not_earned = project(ALL_CONVINCING, checks=(2, 3))
    assert peer_reviewed_checks([earned, not_earned]) == {1}


def test_verdicts_are_counted_question_by_question():
    counts = verdict_counts([ALL_CONVINCING, MIXED], ["answer_data", "answer_overfitting", "x"])
    assert counts == {"answer_data": (2, 0), "answer_overfitting": (1, 1), "x": (0, 0)}


def test_the_review_email_is_due_the_next_morning_in_the_learners_zone():
    due = review_email_due_at(dt.date(2026, 3, 28), ZoneInfo("Europe/Berlin"))
    # The clocks go forward that night: 08:00 local is 06:00 UTC.
    assert due == dt.datetime(2026, 3, 29, 6, tzinfo=dt.UTC)
