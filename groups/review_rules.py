"""The rules of peer review and of the e-mails about groups, as pure functions: no database,
the moment passed in."""

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

CONVINCING, NEEDS_WORK = "convincing", "needs_work"
# Two reviewers convinced: one friend's word is not yet evidence.
PEER_REVIEWERS_NEEDED = 2
REVIEW_COMMENT_MAX_CHARS = 2000
# "Your project got a review" goes out the morning after the learner's local day, from this
# hour: by then every review of that day is in, and one message lists them all.
REVIEW_EMAIL_HOUR = 8
# A pending e-mail about a day or week long gone is dropped, not sent late.
WORTH_SENDING = dt.timedelta(days=2)


def convinced_by(verdicts: Mapping[str, str], answered: Collection[str]) -> bool:
    """Whether one review found every answered question convincing: a review that left an
    answered question out (the answer came after it) does not count."""
    return bool(answered) and all(verdicts.get(key) == CONVINCING for key in answered)


def peer_reviewed(reviews: Iterable[Mapping[str, str]], answered: Collection[str]) -> bool:
    """Whether enough reviewers (one review each) found every answered question convincing."""
    return sum(convinced_by(verdicts, answered) for verdicts in reviews) >= PEER_REVIEWERS_NEEDED


@dataclass(frozen=True)
class ReviewedProject:
    """What the readiness rule needs of one project: the checks it is tagged with, its
    answered questions, and each counted review's verdicts by question."""

    check_ids: frozenset[int]
    answered: frozenset[str]
    reviews: tuple[Mapping[str, str], ...]


def peer_reviewed_checks(projects: Iterable[ReviewedProject]) -> set[int]:
    """The checks peer-reviewed: each project's answers carry the checks the project is tagged
    with, and a check is peer-reviewed when, on a project tagged with it, two or more reviewers
    found every answer convincing."""
    return {
        check
        for project in projects
        if peer_reviewed(project.reviews, project.answered)
        for check in project.check_ids
    }


def verdict_counts(
    reviews: Iterable[Mapping[str, str]], keys: Iterable[str]
) -> dict[str, tuple[int, int]]:
    """(convincing, needs work) per question key, over the reviews given."""
    reviews = list(reviews)
    return {
        key: (
            sum(verdicts.get(key) == CONVINCING for verdicts in reviews),
            sum(verdicts.get(key) == NEEDS_WORK for verdicts in reviews),
        )
        for key in keys
    }


def review_email_due_at(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """When the e-mail listing the reviews of the learner's local `day` is due."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(REVIEW_EMAIL_HOUR), tzinfo=zone)
