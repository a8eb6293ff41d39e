"""Reminders under faults (issue 7): a worker killed mid-send, Redis stopped, two beats at once.

The window, as RELIABILITY.md states it: 0 reminders lost, and at most 1 duplicate per worker
killed in the middle of a send (SMTP cannot be exactly-once); no duplicate from a second sweep or
a second beat.

Each test runs its own redis-server on a free loopback port, and its own worker, beat and sweep
processes against it: the Redis on 6379 that teammates and the suite's worker fixture use is
never stopped, flushed or read from. E-mail goes to a real SMTP server (aiosmtpd) in a thread of
this process, which records each message when its data has arrived, before it answers: the
worst case, a server that delivers a message whose client died before hearing "250".

The other processes run in real time. Time moves only here: learners are made as if they had
joined a month ago, and a lease runs out by moving a row's timestamps back in the database.
"""

import asyncio
import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import redis
import time_machine
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu import Connection

from learners import mail_lease, reminders
from learners.models import Reminder, StudySession
from learners.tasks import send_reminder
from tests.conftest import ROOT, database_url_for
from tests.learners.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Past the lease, as a sweep 15 minutes later would find it.
LEASE_RUN_OUT = mail_lease.LEASE + dt.timedelta(minutes=1)
# kombu's Redis transport: the default queue, and the hash of messages delivered but not acked.
QUEUE, UNACKED = "celery", "unacked"
CELERY = (sys.executable, "-m", "celery", "-A", "certguide")


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"Timed out waiting for {what}."
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Servers and processes of one test -------------------------------------------------------


class OwnRedis:
    """A redis-server of this test only, without persistence: a restart empties it, as a
    restarted production Redis without AOF would be."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", str(self.port)),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
                *("--dir", str(self.workdir)),
            ],
            stdout=subprocess.DEVNULL,
        )

        def answers() -> bool:
            assert self.process.poll() is None, "redis-server exited"
            try:
                with self.client() as client:
                    return client.ping()
            except redis.ConnectionError:
                return False

        wait_for(answers, 10, "the test's redis-server")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen process holds SIGTERM
            self.process.terminate()
            self.process.wait(timeout=10)

    def freeze(self) -> None:
        """Redis hangs: the kernel still accepts connections, nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def queued(self) -> tuple[int, int]:
        """Messages waiting in the queue, and delivered to a worker but not acknowledged."""
        with self.client() as client:
            return client.llen(QUEUE), client.hlen(UNACKED)


class RecordingSmtp:
    """A real SMTP server in a thread: records each message's recipients, answers after
    `delay` seconds; message number `hold_at` is held unanswered until `release` is set."""

    def __init__(self, delay: float = 0.0, hold_at: int | None = None):
        self.delay, self.hold_at = delay, hold_at
        self.recipients: list[str] = []
        self.holding, self.release = threading.Event(), threading.Event()
        self.port = free_port()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self._lock:
            self.recipients.extend(envelope.rcpt_tos)
            number = len(self.recipients)
        if number == self.hold_at:
            self.holding.set()
            deadline = time.monotonic() + 30
            while not self.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        else:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def received(self) -> Counter:
        with self._lock:
            return Counter(self.recipients)


@pytest.fixture(autouse=True)
def empty_cache():
    """Overrides tests/conftest.py's: these tests bring their own Redis and leave 6379 alone."""


@pytest.fixture
def own_redis(transactional_db, tmp_path):
    server = OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp(request):
    """The SMTP server; `@pytest.mark.parametrize("smtp", [{...}], indirect=True)` sets
    its delay and the message it holds."""
    handler = RecordingSmtp(**getattr(request, "param", {}))
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    try:
        yield handler
    finally:
        handler.release.set()
        controller.stop()


@pytest.fixture
def site_env(own_redis, smtp) -> dict[str, str]:
    """The environment of this test's processes: the test database, the test's Redis (broker on
    db 0, cache on db 1) and SMTP server."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "certguide.test_settings",
        "DATABASE_URL": database_url_for(settings.DATABASES["default"]),
        "REDIS_URL": own_redis.url(0),
        "TEST_CACHE_URL": own_redis.url(1),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        # test_settings picks the backend from here (locmem otherwise).
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }


class Processes:
    """Workers and beats of one test, each logging to a file; all killed at the end."""

    def __init__(self, env: dict[str, str], logs: Path):
        self.env, self.logs = env, logs
        self.started: list[subprocess.Popen] = []

    def spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        with (self.logs / f"{name}.log").open("w") as log:
            process = subprocess.Popen(
                args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self.started.append(process)
        return process

    def worker(self, name: str, *pool: str) -> subprocess.Popen:
        """A worker at INFO level (the tests read which tasks it received); solo by default."""
        return self.spawn(
            name,
            [
                *(*CELERY, "worker", "--loglevel", "INFO", "--hostname", f"{name}@%h"),
                *("--without-mingle", "--without-gossip", *(pool or ("--pool", "solo"))),
            ],
        )

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text()

    def kill_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)


@pytest.fixture
def processes(site_env, tmp_path):
    started = Processes(site_env, tmp_path)
    try:
        yield started
    finally:
        started.kill_all()


def sweep(env: dict[str, str]) -> subprocess.CompletedProcess:
    """`manage.py send_reminders`, as an operator (or beat's task) runs it."""
    return subprocess.run(
        [sys.executable, "manage.py", "send_reminders"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


# Learners --------------------------------------------------------------------------------


def zone_in_mid_week(now: dt.datetime) -> str:
    """A zone where the week is more than a day old and not in its last hour: its learners are
    due only "behind pace" (Monday morning adds "missed last week"), and a test does not
    straddle two weeks. One of three zones 12 and 14 hours apart always is."""
    for name in ("UTC", "Etc/GMT+12", "Etc/GMT-14"):
        local = now.astimezone(ZoneInfo(name))
        if local.weekday() > 0 and (local.weekday(), local.hour) != (6, 23):
            return name
    raise AssertionError("unreachable: the three zones cover every instant")


def due_learners(count: int) -> list:
    """Learners who joined a month ago, reminder slot Monday 00:00, 40 h a week, nothing
    logged: each is due one reminder now, whatever the day."""
    now = timezone.now()
    zone = zone_in_mid_week(now)
    with time_machine.travel(now - dt.timedelta(days=30), tick=False):
        return [
            ProfileFactory(
                time_zone=zone, reminder_weekday=0, reminder_hour=0, weekly_goal_hours=40
            ).user
            for _ in range(count)
        ]


def statuses() -> Counter:
    return Counter(Reminder.objects.values_list("status", flat=True))


def all_sent(count: int) -> Callable[[], bool]:
    return lambda: statuses() == {"sent": count}


def window(received: Counter, users: list) -> tuple[list[str], dict[str, int]]:
    """The learners who got no e-mail, and those who got more than one (with how many)."""
    lost = [user.email for user in users if received[user.email] == 0]
    doubled = {address: n for address, n in received.items() if n > 1}
    return lost, doubled


# 1. A worker killed in the middle of a send ----------------------------------------------

SLOW_SMTP_HOLDING_THE_8TH = {"delay": 0.1, "hold_at": 8}


@pytest.mark.parametrize("smtp", [SLOW_SMTP_HOLDING_THE_8TH], indirect=True, ids=["slow-smtp"])
def test_a_worker_killed_mid_send_loses_no_reminder_and_repeats_only_the_one_in_flight(
    own_redis, smtp, site_env, processes
):
    learners = due_learners(20)
    worker = processes.worker("first")
    assert "20 e-mail(s) to send" in sweep(site_env).stdout

    # The 8th message has reached the server, which has not answered yet: kill -9 the worker.
    assert smtp.holding.wait(30), "the worker never reached the 8th message"
    worker.kill()
    worker.wait(timeout=10)
    smtp.release.set()
    in_flight = Reminder.objects.get(status="sending")
    # Not acknowledged (late acks): Redis holds it for redelivery after the visibility timeout.
    assert own_redis.queued() == (12, 1)

    processes.worker("restarted")
    wait_for(lambda: statuses() == {"sent": 19, "sending": 1}, 30, "the other 19 to be sent")
    # The claim holds the in-flight row until its lease runs out; the next sweep reopens it.
    Reminder.objects.filter(pk=in_flight.pk).update(claimed_at=F("claimed_at") - LEASE_RUN_OUT)
    assert "1 abandoned send(s) reopened; 1 e-mail(s) to send" in sweep(site_env).stdout
    wait_for(all_sent(20), 30, "the reopened reminder to be sent")

    # An hour later Redis hands the killed task out again (as if the visibility timeout had
    # passed): it finds the row sent and sends nothing.
    with Connection(own_redis.url(0), transport_options={"visibility_timeout": 0}) as broker:
        broker.default_channel.qos.restore_visible(num=10)
    wait_for(lambda: own_redis.queued() == (0, 0), 30, "the redelivered task to be done")

    lost, doubled = window(smtp.received(), learners)
    assert lost == []
    assert doubled == {in_flight.user.email: 2}
    assert sum(smtp.received().values()) == 21
    assert Reminder.objects.get(pk=in_flight.pk).attempts == 2


def pool_children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.parametrize("smtp", [SLOW_SMTP_HOLDING_THE_8TH], indirect=True, ids=["slow-smtp"])
def test_a_pool_process_killed_mid_send_has_its_task_redelivered_at_once_and_sending_nothing(
    own_redis, smtp, site_env, processes
):
    learners = due_learners(20)
    worker = processes.worker("prefork", "--pool", "prefork", "--concurrency", "1")
    sweep(site_env)

    assert smtp.holding.wait(30), "the worker never reached the 8th message"
    [child] = pool_children(worker.pid)
    os.kill(child, signal.SIGKILL)
    smtp.release.set()
    in_flight = Reminder.objects.get(status="sending")

    # task_reject_on_worker_lost: the parent puts the task back at once rather than acking it;
    # delivered again, it finds its row claimed and leaves it to the lease.
    wait_for(lambda: statuses() == {"sent": 19, "sending": 1}, 30, "the other 19 to be sent")
    wait_for(lambda: own_redis.queued() == (0, 0), 30, "the queue to be empty and acked")
    received = Counter(
        re.findall(
            r"Task learners\.tasks\.send_reminder\[([\w-]+)\] received", processes.log("prefork")
        )
    )
    assert sorted(received.values()) == [1] * 19 + [2]
    assert Reminder.objects.get(pk=in_flight.pk).attempts == 1

    Reminder.objects.filter(pk=in_flight.pk).update(claimed_at=F("claimed_at") - LEASE_RUN_OUT)
    sweep(site_env)
    wait_for(all_sent(20), 30, "the reopened reminder to be sent")

    lost, doubled = window(smtp.received(), learners)
    assert lost == []
    assert doubled == {in_flight.user.email: 2}
    assert worker.poll() is None


# 2. Redis stopped (refusing connections) or frozen (accepting them, answering nothing) -----


def timed(request: Callable[[], object]) -> tuple[object, float]:
    started = time.monotonic()
    return request(), time.monotonic() - started


@pytest.fixture
def site_on_own_redis(own_redis, settings):
    """This process's site (test client) with its cache and health check on the test's Redis."""
    settings.REDIS_URL = settings.CELERY_BROKER_URL = own_redis.url(0)
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": own_redis.url(1)}}


OUTAGES = {
    "stopped": (OwnRedis.stop, OwnRedis.start),
    "frozen": (OwnRedis.freeze, OwnRedis.thaw),
}


@pytest.mark.parametrize("outage", OUTAGES)
def test_with_redis_down_the_site_serves_and_logs_hours_and_reminders_go_out_once_it_is_back(
    outage, own_redis, smtp, site_env, processes, site_on_own_redis, client
):
    go_down, come_back = OUTAGES[outage]
    learners = due_learners(5)
    alice = learners[0]
    worker = processes.worker("worker")
    wait_for(lambda: " ready." in processes.log("worker"), 30, "the worker to be ready")

    go_down(own_redis)

    # Logging in goes through allauth's rate limits, counted in the Redis cache.
    login, login_took = timed(
        lambda: client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    )
    assert login.status_code == 302
    dashboard, dashboard_took = timed(lambda: client.get(reverse("learners:dashboard")))
    assert dashboard.status_code == 200
    today = timezone.now().astimezone(ZoneInfo(alice.profile.time_zone)).date()
    logged, log_took = timed(
        lambda: client.post(
            reverse("learners:log_hours"),
            {"day": today.isoformat(), "hours": "1.5", "course": "", "note": ""},
        )
    )
    assert logged.status_code == 302
    assert StudySession.objects.filter(user=alice, day=today).exists()
    health, health_took = timed(lambda: client.get("/healthz"))
    assert (health.status_code, health.json()) == (200, {"database": "ok", "redis": "down"})
    # A stopped Redis refuses at once. A frozen one costs each cache call its timeout
    # (REDIS_TIMEOUT, 0.5 s): a page reads the session once, a log-in makes about two dozen
    # calls (session, allauth's rate-limit locks and counters).
    if outage == "stopped":
        assert max(login_took, dashboard_took, log_took, health_took) < 2
    else:
        assert login_took < 30 * settings.REDIS_TIMEOUT
        assert max(dashboard_took, log_took, health_took) < 4 * settings.REDIS_TIMEOUT

    # A sweep creates the rows and cannot enqueue them: it says so and returns.
    down_sweep, sweep_took = timed(lambda: sweep(site_env))
    # Python and Django start in 1–2 s; a frozen broker adds its 5 s socket timeout, once: the
    # sweep stops publishing at the first failure.
    assert sweep_took < 12
    assert "reminder e-mail(s); they stay pending." in down_sweep.stderr
    assert statuses() == {"pending": 5}

    come_back(own_redis)
    assert client.get("/healthz").json()["redis"] == "ok"
    # The first sweep after the lease enqueues what no queue holds. (A publish to the frozen
    # Redis timed out but may have landed: its task then finds the row claimed or sent.)
    Reminder.objects.update(created_at=F("created_at") - LEASE_RUN_OUT)
    sweep(site_env)
    # The worker lived through the outage: it reconnects and sends them.
    wait_for(all_sent(5), 45, "the reminders to go out once Redis is back")
    assert "0 e-mail(s) to send" in sweep(site_env).stdout
    wait_for(lambda: own_redis.queued() == (0, 0), 10, "the worker to be idle")

    assert window(smtp.received(), learners) == ([], {})
    assert sum(smtp.received().values()) == 5
    assert worker.poll() is None


def log_in(client: Client, user, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_once_redis_is_back_failed_log_ins_are_limited_again(own_redis, site_on_own_redis):
    """While Redis is down nothing counts failed log-ins (the cache fails soft); once it
    answers, allauth's limit of 5 failures per account in 5 minutes holds again."""
    alice = due_learners(1)[0]
    own_redis.stop()
    assert log_in(Client(), alice).status_code == 302

    own_redis.start()
    client = Client()
    failures = [log_in(client, alice, "wrong") for _ in range(5)]
    sixth = log_in(client, alice)

    assert [answer.status_code for answer in failures] == [200] * 5
    assert "Too many failed login attempts" not in failures[-1].content.decode()
    assert "Too many failed login attempts" in sixth.content.decode()


def test_with_redis_down_cache_calls_miss_and_are_logged_then_reach_redis_again(
    own_redis, site_on_own_redis, caplog
):
    own_redis.stop()
    with caplog.at_level("ERROR", logger="django_redis.cache"):
        cache.set("during", "outage")
        assert cache.get("during") is None
    assert any("Error while reading from" in r.getMessage() or r.exc_info for r in caplog.records)

    own_redis.start()
    cache.set("after", "outage")

    with redis.Redis.from_url(own_redis.url(1)) as client:
        assert [key.decode().rsplit(":", 1)[-1] for key in client.scan_iter()] == ["after"]
    assert cache.get("after") == "outage"


@pytest.mark.parametrize("outage", OUTAGES)
def test_a_learner_signed_in_during_an_outage_keeps_the_session_once_redis_is_back(
    outage, own_redis, site_on_own_redis, client
):
    """The session was written to the database only: once Redis answers it is read from
    there (and copied to Redis), so the learner stays signed in."""
    go_down, come_back = OUTAGES[outage]
    alice = due_learners(1)[0]
    dashboard = reverse("learners:dashboard")

    go_down(own_redis)
    assert log_in(client, alice).status_code == 302
    assert client.get(dashboard).status_code == 200
    come_back(own_redis)

    assert client.get(dashboard).status_code == 200
    assert client.get(dashboard).status_code == 200


def test_hours_logged_while_redis_is_frozen_show_on_the_next_page(
    own_redis, site_on_own_redis, client
):
    alice = due_learners(1)[0]
    client.force_login(alice)
    dashboard = reverse("learners:dashboard")
    assert "0 of 40 h" in client.get(dashboard).content.decode()

    own_redis.freeze()
    today = timezone.now().astimezone(ZoneInfo(alice.profile.time_zone)).date()
    client.post(reverse("learners:log_hours"), {"day": today.isoformat(), "hours": "1.5"})
    during = client.get(dashboard).content.decode()
    own_redis.thaw()
    after = client.get(dashboard).content.decode()

    assert "1.5 of 40 h" in during
    assert "1.5 of 40 h" in after


def test_a_log_out_while_redis_is_stopped_leaves_no_copy_that_signs_the_old_cookie_in(
    own_redis, site_on_own_redis, client
):
    """The session's row is deleted at once; Redis, restarted without persistence, has lost
    its copy. (A Redis cut off rather than restarted keeps the copy until it expires: see the
    README's architecture notes.)"""
    alice = due_learners(1)[0]
    client.force_login(alice)
    dashboard = reverse("learners:dashboard")
    assert client.get(dashboard).status_code == 200
    old_cookies = client.cookies.output(header="", sep=";")

    own_redis.stop()
    logged_out = client.post(reverse("account_logout"))
    own_redis.start()
    replayed = Client(headers={"Cookie": old_cookies}).get(dashboard)

    assert logged_out.status_code == 302
    assert replayed.status_code == 302
    assert replayed["Location"].startswith(reverse("account_login"))


# 3. Two beats at once --------------------------------------------------------------------


def run_at_once(*jobs: Callable[[], object]) -> list[object]:
    """Run the jobs in threads released together, each with its own database connection."""
    start, results = threading.Barrier(len(jobs)), [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            results[index] = job()
        except BaseException as error:  # the test thread re-raises it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def test_two_sweeps_at_the_same_moment_create_and_send_each_reminder_once(mailoutbox):
    learners = due_learners(20)

    sweep_now = partial(reminders.reminders_sweep, now=timezone.now())
    first, second = run_at_once(sweep_now, sweep_now)
    # Both may enqueue a row the other inserted: the senders race for it, the claim decides.
    run_at_once(
        *(
            lambda ids=result.to_send: [send_reminder.apply(args=[pk]).get() for pk in ids]
            for result in (first, second)
        )
    )

    assert Reminder.objects.count() == 20
    assert set(first.to_send) | set(second.to_send) == set(
        Reminder.objects.values_list("pk", flat=True)
    )
    assert statuses() == {"sent": 20}
    received = Counter(address for message in mailoutbox for address in message.to)
    assert window(received, learners) == ([], {})
    assert len(mailoutbox) == 20


# celery beat with the project's schedule, the sweep every half second, and Celery's own file
# scheduler instead of redbeat: no lock, so both beats send every tick, as two beats would
# if the lock ever failed. The sweep must still send each reminder once.
BEAT = """
import sys
from certguide.celery import app
sweep = app.conf.beat_schedule["reminders-sweep"]
app.conf.beat_schedule = {"reminders-sweep": {**sweep, "schedule": 0.5}}
app.Beat(
    scheduler="celery.beat:PersistentScheduler", schedule=sys.argv[1], loglevel="INFO",
    max_interval=1,
).run()
"""


def test_two_beats_at_once_still_send_one_email_per_reminder(
    own_redis, smtp, site_env, processes, tmp_path
):
    # Two pool processes, so that the sweeps of the two beats run at the same time too.
    processes.worker("worker", "--pool", "prefork", "--concurrency", "2")
    beats = [
        processes.spawn(name, [sys.executable, "-c", BEAT, str(tmp_path / f"{name}-schedule")])
        for name in ("beat-1", "beat-2")
    ]

    def sweeps_sent(at_least: int) -> Callable[[], bool]:
        return lambda: all(
            processes.log(name).count("Sending due task reminders-sweep") >= at_least
            for name in ("beat-1", "beat-2")
        )

    wait_for(sweeps_sent(1), 30, "both beats to send a sweep")
    # Learners become due while both beats run, so that sweeps race for each new row.
    learners = []
    for _ in range(5):
        learners += due_learners(3)
        time.sleep(0.5)
    wait_for(all_sent(15), 30, "every reminder to be sent")
    # And a few more sweeps from each beat, finding nothing new to send.
    sent_so_far = processes.log("beat-1").count("Sending due task")
    wait_for(sweeps_sent(sent_so_far + 3), 30, "more sweeps")
    for beat in beats:
        beat.kill()
        beat.wait(timeout=10)
    wait_for(lambda: own_redis.queued() == (0, 0), 30, "the last sweeps and sends to be done")

    assert Reminder.objects.count() == 15
    assert statuses() == {"sent": 15}
    assert window(smtp.received(), learners) == ([], {})
    assert sum(smtp.received().values()) == 15
