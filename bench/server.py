"""gunicorn for the benchmarks: production settings plus the bare view (certguide.bench_settings),
bound to loopback, and always stopped by its own process id."""

import contextlib
import http.client
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))


def bench_environ() -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "certguide.bench_settings"}


def gunicorn_command(workers: int) -> list[str]:
    return [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "certguide.wsgi",
        "--bind",
        f"{HOST}:{PORT}",
        "--workers",
        str(workers),
    ]


def get(path: str, cookie: str = "") -> tuple[int, bytes, list[str]]:
    """One GET on loopback: status, body and Set-Cookie headers. Redirects are not followed,
    so a login redirect shows as 302."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=10)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read(), response.headers.get_all("Set-Cookie", [])
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(workers: int, log_name: str) -> Iterator[list[str]]:
    """Serve the site until the block ends; yields the command that was run."""
    command = gunicorn_command(workers)
    VAR.mkdir(parents=True, exist_ok=True)
    with open(VAR / log_name, "w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=bench_environ(), stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}: see {log.name}")
            with contextlib.suppress(OSError):
                if get("/healthz")[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 30 s: see {log.name}")
            time.sleep(0.2)
        yield command
    finally:
        # SIGTERM is gunicorn's graceful stop; its workers go with the arbiter.
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
