"""The learner's API tokens."""

from ..models import AccessToken


def access_tokens_of(*, user) -> list[AccessToken]:
    """The learner's API tokens, newest first: names and dates only, never a digest."""
    return list(AccessToken.objects.filter(user=user).only("name", "created_at", "last_used_at"))


def access_token_by_digest(*, digest: str) -> AccessToken | None:
    """The token with this digest, its learner loaded (the API acts as them); None for a
    deactivated account, whose tokens stop working with it."""
    return (
        AccessToken.objects.filter(digest=digest, user__is_active=True)
        .select_related("user")
        .first()
    )
