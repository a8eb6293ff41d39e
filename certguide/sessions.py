"""Django's cached database session store (read from the cache, written to both), refusing
session keys it could never have issued.

A session cookie is whatever the client sends: `sessionid="a\\000b"` unquotes to a key with a
NUL byte, which PostgreSQL refuses in a query, and every page answered 500. A key Django did
not make (32 lowercase letters and digits) cannot name a session, so it is treated as no key
at all and the visitor simply gets a new session.
"""

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS

# The session_key column's length.
MAX_KEY_LENGTH = 40


class SessionStore(cached_db.SessionStore):
    def _validate_session_key(self, key) -> bool:
        return bool(
            super()._validate_session_key(key)
            and len(key) <= MAX_KEY_LENGTH
            and set(key) <= set(VALID_KEY_CHARS)
        )
