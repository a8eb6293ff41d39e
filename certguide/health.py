"""Liveness of the parts a request depends on, each asked with a short timeout."""

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from redis.sentinel import Sentinel


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def redis_client() -> redis.Redis:
    """A client of the Redis that serves now: with sentinels, the master they name."""
    timeouts = {
        "socket_connect_timeout": settings.REDIS_TIMEOUT,
        "socket_timeout": settings.REDIS_TIMEOUT,
    }
    target = settings.REDIS
    if not target.sentinels:
        return redis.Redis.from_url(settings.REDIS_URL, **timeouts)
    sentinel = Sentinel(target.sentinels, sentinel_kwargs=timeouts, **timeouts)
    return sentinel.master_for(target.master, db=target.db, password=target.password)


def redis_ok() -> bool:
    client = redis_client()
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()
