"""Settings derived from the deployment's variables: the database pool and Redis (one server or
Sentinel). Pure functions: no server is asked."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from certguide import topology

POSTGRES = "django.db.backends.postgresql"
SENTINELS = "10.0.0.1:26379, 10.0.0.2:26380,10.0.0.3:26381"


def sentinel_target(url="redis://:s%40cret@ignored:6379/3"):
    return topology.redis_target(url, sentinels=SENTINELS, master="certguide")


def test_without_sentinels_everything_uses_redis_url_as_before():
    target = topology.redis_target("redis://127.0.0.1:6379/0")

    celery = topology.celery_redis_settings(target, timeout=0.5)

    assert celery["BROKER_URL"] == celery["RESULT_BACKEND"] == "redis://127.0.0.1:6379/0"
    assert celery["BROKER_TRANSPORT_OPTIONS"] == {}
    assert celery["RESULT_BACKEND_TRANSPORT_OPTIONS"] == {}
    assert celery["REDBEAT_REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert topology.cache_location_and_options(target) == ("redis://127.0.0.1:6379/0", {})


def test_sentinels_are_parsed_in_order_with_spaces_ignored():
    assert sentinel_target().sentinels == (
        ("10.0.0.1", 26379),
        ("10.0.0.2", 26380),
        ("10.0.0.3", 26381),
    )


def test_celery_asks_every_sentinel_for_the_master_keeping_database_and_password():
    celery = topology.celery_redis_settings(sentinel_target(), timeout=0.5)

    assert celery["BROKER_URL"] == (
        "sentinel://:s%40cret@10.0.0.1:26379/3;"
        "sentinel://:s%40cret@10.0.0.2:26380/3;"
        "sentinel://:s%40cret@10.0.0.3:26381/3"
    )
    assert celery["RESULT_BACKEND"] == celery["BROKER_URL"]
    assert celery["BROKER_TRANSPORT_OPTIONS"] == {"master_name": "certguide"}
    assert celery["RESULT_BACKEND_TRANSPORT_OPTIONS"] == {"master_name": "certguide"}


def test_beat_finds_its_schedule_and_lock_through_the_sentinels():
    celery = topology.celery_redis_settings(sentinel_target(), timeout=0.5)

    assert celery["REDBEAT_REDIS_URL"].startswith("redis-sentinel://")
    options = celery["REDBEAT_REDIS_OPTIONS"]
    assert options["sentinels"] == [("10.0.0.1", 26379), ("10.0.0.2", 26380), ("10.0.0.3", 26381)]
    assert options["service_name"] == "certguide"
    assert (options["db"], options["password"]) == (3, "s@cret")
    # Beat rides out a failover instead of exiting on the first refused connection.
    assert options["retry_period"] > 0


def test_the_cache_reads_and_writes_the_master_only():
    location, options = topology.cache_location_and_options(sentinel_target())

    assert location == "redis://:s%40cret@certguide/3"
    assert options == {
        "CONNECTION_FACTORY": "django_redis.pool.SentinelConnectionFactory",
        "SENTINELS": [("10.0.0.1", 26379), ("10.0.0.2", 26380), ("10.0.0.3", 26381)],
    }
    assert "CLIENT_CLASS" not in options  # django-redis's SentinelClient would read replicas


def test_a_database_number_and_password_are_optional():
    target = sentinel_target(url="redis://127.0.0.1:6379")

    assert (target.db, target.password) == (0, None)
    assert topology.cache_location_and_options(target)[0] == "redis://certguide/0"


@pytest.mark.parametrize(
    ("sentinels", "master"), [(SENTINELS, ""), ("", "certguide"), ("  ", "certguide")]
)
def test_sentinels_and_master_go_together(sentinels, master):
    with pytest.raises(ImproperlyConfigured, match="together"):
        topology.redis_target("redis://127.0.0.1:6379/0", sentinels=sentinels, master=master)


@pytest.mark.parametrize("sentinels", ["10.0.0.1", "10.0.0.1:port", ":26379"])
def test_a_sentinel_without_host_and_port_is_refused(sentinels):
    with pytest.raises(ImproperlyConfigured, match="host:port"):
        topology.redis_target("redis://127.0.0.1:6379/0", sentinels=sentinels, master="m")


def test_database_pool_is_off_by_default():
    options = topology.database_pool_options(
        POSTGRES, enabled=False, min_size=1, max_size=4, timeout=10
    )

    assert options == {}


def test_database_pool_sizes():
    options = topology.database_pool_options(
        POSTGRES, enabled=True, min_size=2, max_size=8, timeout=5
    )

    assert options == {"pool": {"min_size": 2, "max_size": 8, "timeout": 5}}


def test_database_pool_needs_postgresql():
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        topology.database_pool_options(
            "django.db.backends.sqlite3", enabled=True, min_size=1, max_size=4, timeout=10
        )


@pytest.mark.parametrize(("min_size", "max_size"), [(0, 4), (5, 4)])
def test_database_pool_sizes_must_make_sense(min_size, max_size):
    with pytest.raises(ImproperlyConfigured, match="MIN_SIZE"):
        topology.database_pool_options(
            POSTGRES, enabled=True, min_size=min_size, max_size=max_size, timeout=10
        )
