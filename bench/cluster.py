"""`make cluster-test`: certguide as several machines on loopback, and what survives a failure.

    .venv/bin/python -m bench.cluster

It starts, on 127.0.0.1 ports 7101–7199: a Redis master and a replica, three Redis sentinels
watching them, two gunicorn nodes, two Celery workers (-n w1@…, -n w2@…) and two beats (one
holds celery-redbeat's lock), all with certguide.cluster_settings against a PostgreSQL database
(CLUSTER_DATABASE_URL, dropped and created anew: never point it at one that matters), Django's
connection pool on, Redis through the sentinels.
Workers and beats are restarted when they exit, as the systemd units in deploy/ do.

With hundreds of learners due for a reminder it checks:
1. a learner logs in on node A, logs hours on node B and sees them on A; failed log-ins
   alternating between the nodes are counted together;
2. every due reminder is sent exactly once across both workers and both beats;
3. killing node B under a load of hour logs loses no accepted entry;
4. killing the Redis master: Sentinel promotes the replica, node A keeps serving, and the
   reminders that fall due meanwhile go out once when the broker is back;
5. killing the beat that holds the lock: the other takes over, no tick is sent twice.

It prints a table (step, time, lost, result), writes it into bench/RESULTS.md between the
cluster markers, stops exactly what it started, and exits 1 when a check fails. Every wait is
bounded: the whole run stays under five minutes.
"""

import contextlib
import datetime as dt
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.processes import (  # noqa: E402
    BEAT,
    CELERY,
    Started,
    beat_events,
    doubled_ticks,
    sends,
    start,
    wait_for,
)

VAR = ROOT / "var" / "cluster"
MAIL = VAR / "mail"
HOST = "127.0.0.1"
PUBLIC_HOST = "certguide.test"
REDIS_MASTER, REDIS_REPLICA = 7101, 7102
SENTINELS = (7111, 7112, 7113)
WEB_A, WEB_B = 7121, 7122
MASTER_NAME = "certguide"
SENTINEL_DOWN_AFTER_MS, SENTINEL_FAILOVER_TIMEOUT_MS = 1000, 10_000
TICK = 2.0
LOCK_TIMEOUT = 5
DUE_AT_START, DUE_DURING_FAILOVER = 300, 100
LOAD_LEARNERS, LOAD_REQUESTS_EACH = 4, 60
BUDGET = 280  # seconds; the Makefile stops the run at 300
PASSWORD = "cluster-test-password-0"
GUNICORN = [sys.executable, "-m", "gunicorn", "certguide.wsgi", "--workers", "2", "--threads", "2"]
DATABASE_URL = os.environ.get(
    "CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/certguide_cluster"
)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- cluster-test -->", "<!-- /cluster-test -->"

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "certguide.cluster_settings",
    "DATABASE_URL": DATABASE_URL,
    "DATABASE_POOL": "true",
    # With sentinels, only the database number (and password) of REDIS_URL count.
    "REDIS_URL": f"redis://{HOST}:{REDIS_MASTER}/0",
    "REDIS_SENTINELS": ",".join(f"{HOST}:{port}" for port in SENTINELS),
    "REDIS_SENTINEL_MASTER": MASTER_NAME,
    "REDBEAT_LOCK_TIMEOUT": str(LOCK_TIMEOUT),
    "CLUSTER_TICK_SECONDS": str(TICK),
    "EMAIL_FILE_PATH": str(MAIL),
    "ALLOWED_HOSTS": f"{HOST},{PUBLIC_HOST}",
}
os.environ.update(ENV)

import django  # noqa: E402
import httpx  # noqa: E402
import redis  # noqa: E402


@dataclass
class Row:
    step: str
    seconds: float
    lost: int
    detail: str
    ok: bool


@dataclass
class Cluster:
    """What this run started, so that it stops exactly that."""

    processes: dict[str, Started] = field(default_factory=dict)
    commands: dict[str, list[str]] = field(default_factory=dict)
    restarted: Counter = field(default_factory=Counter)
    killed: set[str] = field(default_factory=set)
    supervising: threading.Event = field(default_factory=threading.Event)
    # Held while a process is being restarted, so that stop() never misses one.
    restarting: threading.Lock = field(default_factory=threading.Lock)

    def run(self, name: str, command: list[str], *, restart: bool = False) -> Started:
        self.processes[name] = start(name, command, ENV, VAR)
        if restart:
            self.commands[name] = command
        return self.processes[name]

    def kill(self, name: str) -> None:
        self.killed.add(name)
        self.processes[name].kill()

    def supervise(self) -> None:
        """Restart a worker or beat that exited by itself (systemd's Restart=always)."""
        while self.supervising.wait(0.5):
            time.sleep(1)  # RestartSec
            with self.restarting:
                for name, command in self.commands.items():
                    exited = not self.processes[name].alive()
                    if self.supervising.is_set() and exited and name not in self.killed:
                        self.restarted[name] += 1
                        self.processes[name] = start(name, command, ENV, VAR)

    def stop(self) -> None:
        with self.restarting:
            self.supervising.clear()
        for process in reversed(self.processes.values()):
            process.stop(grace=5)


# Redis, the sentinels and their state.


def redis_client(port: int) -> redis.Redis:
    return redis.Redis(HOST, port, socket_timeout=1, socket_connect_timeout=1)


def start_redis(cluster: Cluster) -> None:
    for port, extra in ((REDIS_MASTER, []), (REDIS_REPLICA, ["--replicaof", HOST, REDIS_MASTER])):
        folder = VAR / f"redis-{port}"
        folder.mkdir()
        command = ["redis-server", "--port", port, "--bind", HOST, "--dir", folder, *extra]
        command += ["--save", "", "--appendonly", "no"]
        cluster.run(f"redis-{port}", [str(part) for part in command])
    for port in SENTINELS:
        config = VAR / f"sentinel-{port}.conf"
        # Sentinel rewrites its file as it learns: a fresh one each run.
        config.write_text(
            f"port {port}\nbind {HOST}\ndir {VAR}\n"
            f"sentinel monitor {MASTER_NAME} {HOST} {REDIS_MASTER} 2\n"
            f"sentinel down-after-milliseconds {MASTER_NAME} {SENTINEL_DOWN_AFTER_MS}\n"
            f"sentinel failover-timeout {MASTER_NAME} {SENTINEL_FAILOVER_TIMEOUT_MS}\n"
            f"sentinel parallel-syncs {MASTER_NAME} 1\n"
        )
        cluster.run(f"sentinel-{port}", ["redis-sentinel", str(config)])

    def ready() -> bool:
        try:
            replica = redis_client(REDIS_REPLICA).info("replication")
            if replica.get("master_link_status") != "up":
                return False
            for port in SENTINELS:
                sentinel = redis_client(port)
                if len(sentinel.sentinel_sentinels(MASTER_NAME)) < len(SENTINELS) - 1:
                    return False
                if not sentinel.sentinel_slaves(MASTER_NAME):
                    return False
            return True
        except redis.RedisError:
            return False

    if not wait_for(ready, timeout=30, step=0.5):
        raise RuntimeError("Redis replica and sentinels did not come up.")


def _answers(port: int) -> bool:
    try:
        return bool(redis_client(port).ping())
    except redis.RedisError:
        return False


def master_port() -> int | None:
    for port in SENTINELS:
        with contextlib.suppress(redis.RedisError):
            address = redis_client(port).sentinel_get_master_addr_by_name(MASTER_NAME)
            if address:
                return int(address[1])
    return None


# The database and its learners.


def fresh_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=ENV,
        check=True,
        timeout=120,
    )


def make_learners(prefix: str, count: int, *, reminders: bool, password: str = "!") -> list:
    """Learners behind on this week's goal, due for a reminder (slot Monday 00:00 UTC) when
    `reminders` is on; they joined a month ago."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from learners.models import Profile

    hashed = make_password(password) if password != "!" else password
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{prefix}{n}", email=f"{prefix}{n}@example.com", password=hashed)
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    joined = timezone.now() - dt.timedelta(days=30)
    Profile.objects.bulk_create(
        Profile(
            user=user,
            time_zone="UTC",
            weekly_goal_hours=40,
            reminder_weekday=0,
            reminder_hour=0,
            reminders_enabled=reminders,
            onboarded_at=joined,
        )
        for user in users
    )
    Profile.objects.filter(user__in=users).update(created_at=joined)
    return users


def mail_recipients() -> Counter:
    return Counter(
        line[4:]
        for message in MAIL.iterdir()
        for line in message.read_text(errors="replace").splitlines()
        if line.startswith("To: ")
    )


def sent_to(prefix: str) -> Counter:
    return Counter({to: n for to, n in mail_recipients().items() if to.startswith(prefix)})


# The web nodes, as a browser behind a load balancer uses them.


def browser() -> httpx.Client:
    """A client whose requests reach a node as through a load balancer: with the site's host
    name, whichever node answers (allauth keys its failed log-in counts by it)."""
    return httpx.Client(timeout=10, headers={"Host": PUBLIC_HOST})


def url(port: int, path: str) -> str:
    return f"http://{HOST}:{port}{path}"


def form_token(client: httpx.Client, port: int, path: str) -> str:
    response = client.get(url(port, path))
    response.raise_for_status()
    return TOKEN.search(response.text)[1]


def log_in(client: httpx.Client, port: int, email: str, password: str) -> httpx.Response:
    token = form_token(client, port, "/accounts/login/")
    return client.post(
        url(port, "/accounts/login/"),
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
    )


def log_hours(client: httpx.Client, port: int, token: str, hours: str, note: str):
    return client.post(
        url(port, "/hours/log/"),
        data={
            "csrfmiddlewaretoken": token,
            "day": dt.datetime.now(dt.UTC).date().isoformat(),
            "hours": hours,
            "course": "",
            "note": note,
        },
    )


def accepted(response: httpx.Response) -> bool:
    return response.status_code == 302 and response.headers["location"] == "/dashboard/"


# The checks.


def step_sessions_across_nodes() -> Row:
    started = time.monotonic()
    make_learners("alice", 1, reminders=False, password=PASSWORD)
    make_learners("mallory", 1, reminders=False, password=PASSWORD)
    problems = []
    with browser() as alice:
        if not log_in(alice, WEB_A, "alice0@example.com", PASSWORD).is_redirect:
            problems.append("log-in on A refused")
        token = form_token(alice, WEB_B, "/dashboard/")
        if not accepted(log_hours(alice, WEB_B, token, "1.5", "logged on node B")):
            problems.append("hours on B refused")
        dashboard = alice.get(url(WEB_A, "/dashboard/")).text
        if "Logged 1.5 h" not in dashboard:
            problems.append("B's message not shown on A")
        if "logged on node B" not in alice.get(url(WEB_A, "/hours/")).text:
            problems.append("B's entry not listed on A")
    # allauth allows 5 failed log-ins per account in 5 minutes: counted in Redis, so five
    # failures spread over both nodes lock the account on either.
    with browser() as mallory:
        for attempt in range(5):
            log_in(mallory, (WEB_A, WEB_B)[attempt % 2], "mallory0@example.com", "wrong")
        locked = log_in(mallory, WEB_B, "mallory0@example.com", PASSWORD)
        if locked.is_redirect or "Too many failed login attempts" not in locked.text:
            problems.append("failed log-ins not counted across nodes")
    return Row(
        "1. log in on A, log hours on B, see them on A; rate limit across nodes",
        time.monotonic() - started,
        len(problems),
        "; ".join(problems) or "session, message, entry and failed log-ins shared",
        not problems,
    )


def wait_for_reminders(prefix: str, expected: int, timeout: float) -> Counter:
    """Every `prefix` learner's reminder sent, then two more ticks for any second copy."""
    wait_for(lambda: len(sent_to(prefix)) >= expected, timeout=timeout, step=0.5)
    time.sleep(2 * TICK + 1)
    return sent_to(prefix)


SENT_BY_TASK = re.compile(r"learners\.tasks\.send_reminder\[[^\]]+\] succeeded in [\d.]+s: True")


def reminders_sent_by(cluster: Cluster) -> str:
    """How many e-mails each worker sent, from its log (a task that found its reminder
    claimed already returns False)."""
    return ", ".join(
        f"{name} {len(SENT_BY_TASK.findall(cluster.processes[name].log.read_text()))}"
        for name in ("w1", "w2")
    )


def step_reminders_once(cluster: Cluster, since: float) -> Row:
    sent = wait_for_reminders("due", DUE_AT_START, timeout=90)
    lost = DUE_AT_START - len(sent)
    doubled = sum(n - 1 for n in sent.values())
    beats = [cluster.processes[name] for name in ("beat1", "beat2")]
    ticks = doubled_ticks(beat_events(*beats), TICK)
    senders = {event.beat for event in sends(beat_events(*beats))}
    return Row(
        f"2. {DUE_AT_START} due reminders, two workers, two beats",
        time.monotonic() - since,
        lost,
        f"{len(sent)} sent, {doubled} twice; ticks sent twice {ticks}; "
        f"beats sending {len(senders)}; sent by {reminders_sent_by(cluster)}",
        lost == 0 and doubled == 0 and ticks == 0 and len(senders) == 1,
    )


def step_kill_web_node(cluster: Cluster) -> Row:
    learners = make_learners("load", LOAD_LEARNERS, reminders=False, password=PASSWORD)
    outcomes: Counter = Counter()
    accepted_notes: set[str] = set()
    lock = threading.Lock()
    b_down = threading.Event()

    def learner_load(index: int) -> None:
        with browser() as client:
            log_in(client, WEB_A, learners[index].email, PASSWORD)
            tokens = {port: form_token(client, port, "/dashboard/") for port in (WEB_A, WEB_B)}
            for n in range(LOAD_REQUESTS_EACH):
                # Round robin, until the load balancer's health check has taken B out.
                port = WEB_B if n % 2 and not b_down.is_set() else WEB_A
                note = f"load {index}-{n}"
                try:
                    response = log_hours(client, port, tokens[port], "0.25", note)
                except httpx.TransportError:
                    with lock:
                        outcomes["refused by the dead node"] += 1
                    b_down.set()
                    continue
                with lock:
                    if accepted(response):
                        accepted_notes.add(note)
                        outcomes["accepted"] += 1
                    else:
                        outcomes[f"HTTP {response.status_code}"] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=learner_load, args=(i,)) for i in range(LOAD_LEARNERS)]
    for thread in threads:
        thread.start()
    wait_for(lambda: outcomes["accepted"] >= LOAD_LEARNERS * LOAD_REQUESTS_EACH // 3, timeout=60)
    cluster.kill("web-b")
    for thread in threads:
        thread.join(timeout=120)

    from learners.models import StudySession

    stored = set(
        StudySession.objects.filter(note__startswith="load ").values_list("note", flat=True)
    )
    lost = len(accepted_notes - stored)
    in_flight = len(stored - accepted_notes)
    return Row(
        "3. kill node B under load (hour logs, both nodes)",
        time.monotonic() - started,
        lost,
        f"{dict(outcomes)}; {len(stored)} stored ({in_flight} written by B without an answer)",
        lost == 0 and not any(key.startswith("HTTP 5") for key in outcomes),
    )


def step_kill_redis_master(cluster: Cluster) -> Row:
    from learners.models import Profile

    promoted = None
    pages: Counter = Counter()
    health: Counter = Counter()
    with browser() as client:
        log_in(client, WEB_A, "alice0@example.com", PASSWORD)
        started = time.monotonic()
        cluster.kill(f"redis-{REDIS_MASTER}")
        Profile.objects.filter(user__username__startswith="late").update(reminders_enabled=True)
        deadline = started + 90
        while time.monotonic() < deadline:
            if promoted is None and master_port() == REDIS_REPLICA:
                promoted = time.monotonic() - started
            for path in ("/", "/dashboard/"):
                try:
                    status = client.get(url(WEB_A, path)).status_code
                except httpx.TransportError:
                    status = "no answer"
                pages["served" if status == 200 else f"{path} {status}"] += 1
            with contextlib.suppress(httpx.TransportError, ValueError):
                health[client.get(url(WEB_A, "/healthz")).json()["redis"]] += 1
            if promoted is not None and len(sent_to("late")) >= DUE_DURING_FAILOVER:
                break
            time.sleep(0.25)
    sent = wait_for_reminders("late", DUE_DURING_FAILOVER, timeout=5)
    lost = DUE_DURING_FAILOVER - len(sent) + sum(n for key, n in pages.items() if key != "served")
    doubled = sum(n - 1 for n in sent.values())
    limit = SENTINEL_FAILOVER_TIMEOUT_MS / 1000
    return Row(
        f"4. kill the Redis master; {DUE_DURING_FAILOVER} reminders fall due meanwhile",
        time.monotonic() - started,
        lost,
        f"replica promoted after {promoted or 0:.1f} s (limit {limit:g} s); pages {dict(pages)}; "
        f"/healthz redis {dict(health)}; {len(sent)} sent, {doubled} twice; "
        f"restarts {dict(cluster.restarted) or 'none'}",
        promoted is not None and promoted <= limit and lost == 0 and doubled == 0,
    )


def step_kill_beat(cluster: Cluster) -> Row:
    beats = lambda: [cluster.processes[name] for name in ("beat1", "beat2")]  # noqa: E731
    holder = sends(beat_events(*beats()))[-1].beat
    killed_at = dt.datetime.now()
    started = time.monotonic()
    cluster.kill(holder)

    def takeover():
        return [e for e in beat_events(*beats()) if e.at > killed_at and e.beat != holder]

    wait_for(lambda: sends(takeover()), timeout=LOCK_TIMEOUT + 20)
    resumed = sends(takeover())
    seconds = (resumed[0].at - killed_at).total_seconds() if resumed else time.monotonic() - started
    doubled = doubled_ticks(beat_events(*beats()), TICK)
    limit = LOCK_TIMEOUT + 1 + TICK  # lock expiry, a waiting beat's next try, the next tick
    return Row(
        f"5. kill the beat holding the lock ({holder})",
        seconds,
        doubled,
        f"the other beat sent its first tick after {seconds:.1f} s "
        f"(lock timeout {LOCK_TIMEOUT} s, limit {limit:g} s); ticks sent twice over the run "
        f"{doubled}",
        bool(resumed) and seconds <= limit and doubled == 0,
    )


# The run.


def start_services(cluster: Cluster) -> None:
    start_redis(cluster)
    fresh_database()
    for name, port in (("web-a", WEB_A), ("web-b", WEB_B)):
        cluster.run(
            name,
            [*GUNICORN, "--bind", f"{HOST}:{port}"],
        )
    for name in ("w1", "w2"):
        cluster.run(
            name,
            [*CELERY, "worker", "-n", f"{name}@cluster", "--concurrency", "2", "-l", "INFO"],
            restart=True,
        )


def start_beats(cluster: Cluster) -> None:
    for name in ("beat1", "beat2"):
        cluster.run(name, BEAT, restart=True)


def wait_for_web() -> None:
    def up() -> bool:
        try:
            return all(
                httpx.get(url(port, "/healthz")).status_code == 200 for port in (WEB_A, WEB_B)
            )
        except httpx.TransportError:
            return False

    if not wait_for(up, timeout=60, step=0.5):
        raise RuntimeError("The web nodes did not come up.")


def table(rows: list[Row]) -> str:
    lines = ["| step | time | lost | what happened | result |", "| --- | --- | --- | --- | --- |"]
    lines += [
        f"| {r.step} | {r.seconds:.1f} s | {r.lost} | {r.detail} | {'pass' if r.ok else 'FAIL'} |"
        for r in rows
    ]
    return "\n".join(lines)


def record(rows: list[Row], total: float) -> None:
    section = f"""{BEGIN}
## Several machines on loopback (`make cluster-test`)

`.venv/bin/python -m bench.cluster` on {dt.date.today():%-d %B %Y}, {total:.0f} s in all:
two gunicorn nodes (2 processes × 2 threads each), two Celery workers (`-n w1@…`, `-n w2@…`,
2 processes each), two beats with celery-redbeat (lock timeout {LOCK_TIMEOUT} s, sweep every
{TICK:g} s), a Redis master, a replica and three sentinels (down after
{SENTINEL_DOWN_AFTER_MS} ms), Django's connection pool, one PostgreSQL. Lost is expected 0.

{table(rows)}
{END}"""
    text = RESULTS.read_text() if RESULTS.exists() else ""
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text)


def main() -> int:
    # Stopped by `timeout` (SIGTERM) or Ctrl-C, the run still stops what it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("cluster-test: stopped."))
    begun = time.monotonic()
    if VAR.exists():
        subprocess.run(["rm", "-rf", str(VAR)], check=True)
    MAIL.mkdir(parents=True)
    cluster = Cluster()
    rows: list[Row] = []
    try:
        start_services(cluster)
        django.setup()
        logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request otherwise
        make_learners("due", DUE_AT_START, reminders=True)
        make_learners("late", DUE_DURING_FAILOVER, reminders=False)
        wait_for_web()
        rows.append(step_sessions_across_nodes())
        beats_started = time.monotonic()
        start_beats(cluster)
        cluster.supervising.set()
        threading.Thread(target=cluster.supervise, daemon=True).start()
        rows.append(step_reminders_once(cluster, beats_started))
        rows.append(step_kill_web_node(cluster))
        rows.append(step_kill_redis_master(cluster))
        rows.append(step_kill_beat(cluster))
    finally:
        cluster.stop()
    total = time.monotonic() - begun
    print(table(rows))
    print(f"\n{total:.0f} s in all (budget {BUDGET} s).")
    record(rows, total)
    return 0 if all(row.ok for row in rows) and total <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
