"""Where the shared services are, turned into settings: the database connection pool and Redis,
either one server (REDIS_URL) or a Sentinel-watched master (REDIS_SENTINELS and
REDIS_SENTINEL_MASTER). Pure functions of the environment's values, tested without a server.

With Sentinel, REDIS_URL still gives the database number and password; its host and port are
then ignored: the sentinels name the master, and name the new one after a failover.
"""

from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class RedisTarget:
    url: str  # REDIS_URL: the server itself, or (with sentinels) the database and password
    sentinels: tuple[tuple[str, int], ...] = ()
    master: str = ""

    @property
    def db(self) -> int:
        path = urlsplit(self.url).path.strip("/")
        return int(path) if path else 0

    @property
    def password(self) -> str | None:
        password = urlsplit(self.url).password
        return unquote(password) if password else None

    def _auth(self) -> str:
        return f":{quote(self.password, safe='')}@" if self.password else ""


def redis_target(url: str, sentinels: str = "", master: str = "") -> RedisTarget:
    """REDIS_URL, REDIS_SENTINELS ("host:port,host:port") and REDIS_SENTINEL_MASTER: both of
    the last two or neither."""
    if bool(sentinels.strip()) != bool(master.strip()):
        raise ImproperlyConfigured(
            "Set REDIS_SENTINELS and REDIS_SENTINEL_MASTER together, or neither."
        )
    return RedisTarget(url=url, sentinels=parse_sentinels(sentinels), master=master.strip())


def parse_sentinels(value: str) -> tuple[tuple[str, int], ...]:
    addresses = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        host, _, port = item.rpartition(":")
        if not host or not port.isdigit():
            raise ImproperlyConfigured(f"REDIS_SENTINELS: {item!r} is not host:port.")
        addresses.append((host, int(port)))
    return tuple(addresses)


def celery_redis_settings(target: RedisTarget, *, timeout: float) -> dict:
    """Broker, result backend and the beat scheduler's store (celery-redbeat), as CELERY_*
    settings. The transport options are merged into the project's own."""
    if not target.sentinels:
        return {
            "BROKER_URL": target.url,
            "RESULT_BACKEND": target.url,
            "BROKER_TRANSPORT_OPTIONS": {},
            "RESULT_BACKEND_TRANSPORT_OPTIONS": {},
            "REDBEAT_REDIS_URL": target.url,
            "REDBEAT_REDIS_OPTIONS": _redbeat_retry(timeout),
        }
    # kombu takes one sentinel:// URL per sentinel, separated by ";", and asks them in turn.
    sentinel_url = ";".join(
        f"sentinel://{target._auth()}{host}:{port}/{target.db}" for host, port in target.sentinels
    )
    master = {"master_name": target.master}
    return {
        "BROKER_URL": sentinel_url,
        "RESULT_BACKEND": sentinel_url,
        "BROKER_TRANSPORT_OPTIONS": master,
        "RESULT_BACKEND_TRANSPORT_OPTIONS": master,
        # redbeat's own Sentinel form: the scheme selects it, the options carry the rest.
        "REDBEAT_REDIS_URL": "redis-sentinel://",
        "REDBEAT_REDIS_OPTIONS": {
            "sentinels": list(target.sentinels),
            "service_name": target.master,
            "db": target.db,
            "password": target.password,
            **_redbeat_retry(timeout),
        },
    }


def _redbeat_retry(timeout: float) -> dict:
    # Beat retries Redis for a while instead of exiting at the first refused connection: a
    # failover takes a few seconds. Longer outages end it, and its service manager restarts it.
    return {"socket_timeout": max(timeout, 2.0), "retry_period": 60}


def cache_location_and_options(target: RedisTarget) -> tuple[str, dict]:
    """The cache's LOCATION and the OPTIONS to add to it for django-redis."""
    if not target.sentinels:
        return target.url, {}
    # The master only, through django-redis's Sentinel connection factory: its Sentinel client
    # would also read from replicas, and sessions and rate limits must read their own writes.
    return f"redis://{target._auth()}{target.master}/{target.db}", {
        "CONNECTION_FACTORY": "django_redis.pool.SentinelConnectionFactory",
        "SENTINELS": list(target.sentinels),
    }


def database_pool_options(
    engine: str, *, enabled: bool, min_size: int, max_size: int, timeout: float
) -> dict:
    """OPTIONS that turn on Django's psycopg connection pool (PostgreSQL only); {} when off."""
    if not enabled:
        return {}
    if "postgresql" not in engine:
        raise ImproperlyConfigured("DATABASE_POOL needs PostgreSQL (DATABASE_URL=postgres://…).")
    if not 1 <= min_size <= max_size:
        raise ImproperlyConfigured(
            "DATABASE_POOL_MIN_SIZE must be at least 1 and at most DATABASE_POOL_MAX_SIZE."
        )
    # Django checks each connection before handing it out (CONN_HEALTH_CHECKS, on in
    # settings): one the server dropped is replaced rather than failing a request.
    return {"pool": {"min_size": min_size, "max_size": max_size, "timeout": timeout}}
