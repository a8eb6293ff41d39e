"""The cache: Redis, and this process's memory while Redis cannot be reached.

django-redis's IGNORE_EXCEPTIONS alone is not enough: with Redis down, `cache.add` answers None,
and allauth takes its rate-limit lock with `cache.add` — so every log-in, sign-up and password
reset waited a second for the lock and was refused with 429. Falling back to a local-memory cache
keeps them working, and still counting (per process), until Redis answers again.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

# After a failure Redis is left alone this long: a Redis that hangs (rather than refusing
# connections) costs a request one timeout, not one per cache call.
RETRY_AFTER = 5.0
# Per process and Redis location, shared by the threads' cache instances.
_down_until: dict[str, float] = {}
# Per process and Redis location, the deletes Redis missed: made first thing when it answers
# again, so that what was deleted meanwhile (a session logged out) does not come back.
_missed_deletes: dict[str, set[tuple[str, int | None]]] = {}
# What a call only Redis may answer gets while Redis cannot be reached.
UNREACHABLE = object()


class RedisWithLocalFallbackCache(RedisCache):
    """django-redis, whose standard cache calls go to local memory while Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"redis-fallback:{server}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
            },
        )

    def _from_redis(self, name: str, *args, **kwargs):
        """The client's answer, or UNREACHABLE while Redis cannot be reached."""
        if time.monotonic() < _down_until.get(self._server, 0.0):
            return UNREACHABLE
        try:
            missed = _missed_deletes.get(self._server, set())
            while missed:
                key, version = next(iter(missed))
                self.client.delete(key, version=version)
                missed.discard((key, version))
            # The client raises where RedisCache's methods would swallow the error.
            return getattr(self.client, name)(*args, **kwargs)
        except ConnectionInterrupted as error:
            _down_until[self._server] = time.monotonic() + RETRY_AFTER
            logger.warning(
                "Redis cache unreachable (%s): not asked again for %s s.",
                error.__cause__ or error,
                RETRY_AFTER,
            )
            return UNREACHABLE

    def _either(self, name: str, *args, **kwargs):
        answer = self._from_redis(name, *args, **kwargs)
        if answer is UNREACHABLE:
            return getattr(self._fallback, name)(*args, **kwargs)
        return answer

    def shared(self, name: str, *args, **kwargs):
        """A cache call only Redis may answer, for what every process must see alike (local
        memory is per process): UNREACHABLE while Redis cannot be reached."""
        return self._from_redis(name, *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._either("get", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._either("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._either("has_key", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._either("add", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._either("set", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._either("set_many", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._either("touch", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._either("incr", *args, **kwargs)

    def decr(self, *args, **kwargs):
        return self._either("decr", *args, **kwargs)

    def delete(self, key, version=None):
        # From both: a copy written to local memory while Redis was down must not outlive it.
        deleted_here = self._fallback.delete(key, version=version)
        answer = self._from_redis("delete", key, version=version)
        if answer is UNREACHABLE:
            _missed_deletes.setdefault(self._server, set()).add((key, version))
            return deleted_here
        return answer

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._fallback.delete_many(keys, version=version)
        if self._from_redis("delete_many", keys, version=version) is UNREACHABLE:
            _missed_deletes.setdefault(self._server, set()).update((k, version) for k in keys)

    def clear(self):
        self._fallback.clear()
        return self._either("clear")
