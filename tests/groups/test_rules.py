"""The study groups' rules, without the database."""

import datetime as dt

import pytest

from groups import rules

MADE = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def test_an_invite_works_for_fourteen_days_and_not_a_moment_more():
    assert not rules.invite_expired(MADE, MADE)
    assert not rules.invite_expired(MADE, MADE + dt.timedelta(days=14, microseconds=-1))
    assert rules.invite_expired(MADE, MADE + dt.timedelta(days=14))
    assert rules.invite_expires_at(MADE) == dt.datetime(2026, 12, 15, 9, 30, tzinfo=dt.UTC)


def test_an_invite_token_matches_only_itself_and_an_empty_one_matches_nothing():
    assert rules.invite_matches("abc123", "abc123")
    assert not rules.invite_matches("abc124", "abc123")
    assert not rules.invite_matches("abc12", "abc123")
    assert not rules.invite_matches("", "")
    assert not rules.invite_matches("ünïcode", "abc123")


def test_a_group_is_full_at_thirty_members():
    assert not rules.group_full(29)
    assert rules.group_full(30)
    assert rules.group_full(31)


@pytest.mark.parametrize(
    ("texts", "refused"),
    [
        (("did", "", ""), False),
        (("", "", "stuck"), False),
        (("a" * 400, "b" * 300, "c" * 300), False),
        (("a" * 400, "b" * 300, "c" * 301), True),
        (("", "", ""), True),
        ((" ", "\n", "\t"), True),
    ],
)
def test_a_check_in_says_something_in_at_most_a_thousand_characters(texts, refused):
    assert (rules.check_in_problem(*texts) is not None) == refused


def test_the_page_shows_four_weeks_of_check_ins_newest_first():
    monday = dt.date(2026, 12, 7)

    assert rules.check_in_weeks(monday) == [
        dt.date(2026, 12, 7),
        dt.date(2026, 11, 30),
        dt.date(2026, 11, 23),
        dt.date(2026, 11, 16),
    ]


def test_a_member_is_named_by_their_display_name_or_a_number_never_their_address():
    assert rules.member_name("Ada", 7) == "Ada"
    assert rules.member_name("", 7) == "Member 7"


def test_a_group_passes_to_its_longest_standing_other_member():
    early, later = MADE, MADE + dt.timedelta(days=3)
    members = [(1, MADE - dt.timedelta(days=9)), (5, later), (3, early)]

    assert rules.next_owner(members, leaving=1) == 3
    assert rules.next_owner([(1, MADE)], leaving=1) is None
    assert rules.next_owner([], leaving=1) is None
    # A tie in time goes to the earlier account.
    assert rules.next_owner([(8, early), (4, early)], leaving=1) == 4
