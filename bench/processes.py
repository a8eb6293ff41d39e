"""Processes that `make cluster-test` and the beat-lock test start, and what their logs say.

Each process runs in a process group of its own, so that stopping it stops what it forked
(gunicorn's and Celery's children) and nothing else.
"""

import contextlib
import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CELERY = [sys.executable, "-m", "celery", "-A", "certguide"]
BEAT = [*CELERY, "beat", "--loglevel", "INFO"]
# Celery's log lines start with "[2026-12-01 22:10:14,141: INFO/MainProcess]".
LOG_LINE = re.compile(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}): \w+/[\w-]+\] (.*)$")
SENT = "Scheduler: Sending due task "
LOCKED = "beat: Acquired lock"


@dataclass
class Started:
    name: str
    process: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group: a machine that dies, with no chance to clean up."""
        self._signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, grace: float = 10) -> None:
        self._signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=grace)
        # Children a leader left behind still belong to its group.
        self._signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def _signal(self, number: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, number)


def start(name: str, command: list[str], env: dict, log_dir: Path) -> Started:
    log = log_dir / f"{name}.log"
    with log.open("ab") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Started(name, process, log)


def start_beat(name: str, env: dict, log_dir: Path) -> Started:
    return start(name, BEAT, env, log_dir)


@dataclass(frozen=True)
class BeatEvent:
    at: dt.datetime  # local time, as Celery logs it
    beat: str
    what: str  # "locked" or the name of the periodic task sent


def beat_events(*beats: Started) -> list[BeatEvent]:
    """Lock acquisitions and periodic tasks sent, of all these beats, in time order."""
    events = []
    for beat in beats:
        for line in beat.log.read_text(errors="replace").splitlines():
            match = LOG_LINE.match(line)
            if not match:
                continue
            at = dt.datetime.strptime(match[1], "%Y-%m-%d %H:%M:%S,%f")
            message = match[2]
            if message.startswith(LOCKED):
                events.append(BeatEvent(at, beat.name, "locked"))
            elif message.startswith(SENT):
                events.append(BeatEvent(at, beat.name, message[len(SENT) :].split(" ")[0]))
    return sorted(events, key=lambda event: event.at)


def sends(events: list[BeatEvent]) -> list[BeatEvent]:
    return [event for event in events if event.what != "locked"]


def doubled_ticks(events: list[BeatEvent], tick: float) -> int:
    """Sends of a task less than half a tick after its previous send, by any beat: a tick that
    went out twice."""
    last: dict[str, dt.datetime] = {}
    doubled = 0
    for event in sends(events):
        previous = last.get(event.what)
        if previous and (event.at - previous).total_seconds() < tick / 2:
            doubled += 1
        last[event.what] = event.at
    return doubled


def wait_for(condition, timeout: float, step: float = 0.2):
    """condition()'s first true value within `timeout` seconds, else None."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)
