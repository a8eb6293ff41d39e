"""Django's cached database session store (read from the cache, written to both), refusing
session keys it could never have issued.

A session's copy in the cache lives at most COPY_SECONDS, then is read from the database
again: a copy that a log-out could not delete (Redis unreachable from that process at that
moment) signs nobody in for longer than that.

A session cookie is whatever the client sends: `sessionid="a\\000b"` unquotes to a key with a
NUL byte, which PostgreSQL refuses in a query, and every page answered 500. A key Django did
not make (32 lowercase letters and digits) cannot name a session, so it is treated as no key
at all and the visitor simply gets a new session.
"""

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS

# The session_key column's length.
MAX_KEY_LENGTH = 40
COPY_SECONDS = 300


class ShortLivedCopies:
    """The session cache, keeping each copy at most COPY_SECONDS."""

    def __init__(self, cache):
        self._cache = cache

    def set(self, key, value, timeout):
        return self._cache.set(key, value, min(timeout, COPY_SECONDS))

    def __contains__(self, key) -> bool:
        return key in self._cache

    def __getattr__(self, name):
        return getattr(self._cache, name)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = ShortLivedCopies(self._cache)

    def _validate_session_key(self, key) -> bool:
        return bool(
            super()._validate_session_key(key)
            and len(key) <= MAX_KEY_LENGTH
            and set(key) <= set(VALID_KEY_CHARS)
        )
