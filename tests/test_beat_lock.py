"""Three real `celery beat` processes with celery-redbeat on the test Redis: one holds the lock
and sends each periodic task once per tick; killed, another takes over within the lock's
timeout. (`make cluster-test` does the same with workers, web nodes and a failing Redis.)"""

import datetime as dt
import os

import pytest
import redis
from django.conf import settings

from bench.processes import beat_events, doubled_ticks, sends, start_beat, wait_for

TICK = 1.0
LOCK_TIMEOUT = 5  # a holder stalled longer than this on a loaded machine would lose it
# A waiting beat asks for the lock once a second (cluster_settings): it may ask just before
# the lock expires, then a second later; one more second for a machine under load.
TAKEOVER_LIMIT = LOCK_TIMEOUT + 2
QUEUE = f"beat-lock-test-{os.getpid()}"


@pytest.fixture
def beat_redis():
    """The beats' schedule, lock and queue, removed before and after."""
    client = redis.Redis.from_url(settings.REDIS_URL)

    def clean():
        keys = [*client.scan_iter("certguide:redbeat:*"), *client.scan_iter(f"*{QUEUE}*")]
        if keys:
            client.delete(*keys)

    clean()
    yield client
    clean()
    client.close()


def test_one_beat_of_three_sends_each_tick_and_another_takes_over_when_it_dies(
    tmp_path, beat_redis
):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "certguide.cluster_settings",
        "REDIS_URL": settings.REDIS_URL,
        "REDBEAT_LOCK_TIMEOUT": str(LOCK_TIMEOUT),
        "CLUSTER_TICK_SECONDS": str(TICK),
        "CELERY_QUEUE": QUEUE,
    }
    beats = [start_beat(f"beat{n}", env, tmp_path) for n in range(3)]
    try:
        assert wait_for(lambda: len(sends(beat_events(*beats))) >= 4, timeout=60), [
            beat.log.read_text() for beat in beats
        ]
        events = beat_events(*beats)
        holders = [event.beat for event in events if event.what == "locked"]
        assert len(holders) == 1
        assert {event.beat for event in sends(events)} == set(holders)
        assert doubled_ticks(events, TICK) == 0, events

        holder = next(beat for beat in beats if beat.name == holders[0])
        killed_at = dt.datetime.now()
        holder.kill()

        def taken_over():
            return [
                event
                for event in beat_events(*beats)
                if event.what == "locked" and event.at > killed_at
            ]

        takeover = wait_for(taken_over, timeout=LOCK_TIMEOUT + 15)
        assert takeover, "no beat took the lock over"
        assert len(takeover) == 1
        assert (takeover[0].at - killed_at).total_seconds() < TAKEOVER_LIMIT, takeover
        assert wait_for(
            lambda: len([e for e in sends(beat_events(*beats)) if e.at > killed_at]) >= 2,
            timeout=10,
        )
        after = [event for event in beat_events(*beats) if event.at > killed_at]
        assert {event.beat for event in sends(after)} == {takeover[0].beat}
    finally:
        for beat in beats:
            beat.stop()
    events = beat_events(*beats)
    assert doubled_ticks(events, TICK) == 0, events
    # Each tick reached the broker once (the killed beat may have logged a send it had no
    # time to publish).
    assert len(sends(events)) - 1 <= beat_redis.llen(QUEUE) <= len(sends(events))
