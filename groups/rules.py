"""The rules of study groups, as pure functions: no database, the moment passed in."""

import datetime as dt
import hmac

# A group small enough that its members know each other.
MAX_MEMBERS = 30
INVITE_LIFETIME = dt.timedelta(days=14)
# The check-in's three prompts together: a short note, not a diary.
CHECK_IN_MAX_CHARS = 1000
# Weeks of check-ins the group page shows, this one included.
CHECK_IN_WEEKS = 4


def invite_expires_at(created_at: dt.datetime) -> dt.datetime:
    return created_at + INVITE_LIFETIME


def invite_expired(created_at: dt.datetime, now: dt.datetime) -> bool:
    """An invite link works for INVITE_LIFETIME after it was made, and not a moment after."""
    return now >= invite_expires_at(created_at)


def invite_matches(given: str, stored: str) -> bool:
    """Whether the token in a link is the group's, compared in constant time; an empty stored
    token (no invite made yet) matches nothing."""
    return bool(stored) and hmac.compare_digest(given.encode(), stored.encode())


def group_full(member_count: int) -> bool:
    return member_count >= MAX_MEMBERS


def check_in_length(*texts: str) -> int:
    return sum(len(text) for text in texts)


def check_in_problem(*texts: str) -> str | None:
    """Why a check-in's prompts cannot be saved as they are, or None when they can."""
    if not any(text.strip() for text in texts):
        return "Write something under at least one of the three prompts."
    if (length := check_in_length(*texts)) > CHECK_IN_MAX_CHARS:
        return (
            f"A check-in holds at most {CHECK_IN_MAX_CHARS:,} characters over its three prompts; "
            f"this one has {length:,}. Shorten it: nothing was saved."
        )
    return None


def check_in_weeks(this_week: dt.date) -> list[dt.date]:
    """The Mondays whose check-ins the group page shows, newest first."""
    return [this_week - dt.timedelta(weeks=back) for back in range(CHECK_IN_WEEKS)]


def member_name(display_name: str, membership_id: int) -> str:
    """What the group calls a member: their display name, never their e-mail address; one
    without a display name is numbered by their membership."""
    return display_name or f"Member {membership_id}"


def next_owner(candidates: list[tuple[int, object]], leaving: int) -> int | None:
    """Who owns a group its owner leaves: the longest-standing other member, from
    (user id, joined_at) pairs; None when nobody else is left (the group goes)."""
    others = [(joined_at, user_id) for user_id, joined_at in candidates if user_id != leaving]
    return min(others)[1] if others else None


# Wrong invite links one address may open per window before every invite link answers 429.
WRONG_INVITES_ALLOWED = 20
WRONG_INVITE_WINDOW = dt.timedelta(hours=1)
