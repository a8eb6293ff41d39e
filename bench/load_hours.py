"""Load test: many learners log study hours at once against gunicorn and PostgreSQL.

    .venv/bin/python -m bench.load_hours [--learners 200] [--seconds 30] [--workers 4]

On the bench database (certguide.bench_settings, created and migrated when missing) it makes
N learners, each with a session of its own, so that no one reaches a day's 24 hours (each entry
is 0.05 h). gunicorn serves the site with the production settings on loopback. Every learner
opens the dashboard once for its CSRF token, then all of them together POST to /hours/log/ in a
loop for the given seconds (a request in flight at the end completes). Accepted entries are
the 302s back to the dashboard. Afterwards the learners' study sessions are counted: the count
must equal the accepted entries, with no 5xx and no connection error.
"""

import argparse
import asyncio
import http.cookiejar
import json
import logging
import os
import re
import shlex
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certguide.bench_settings")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

from bench.pages import admin_connection  # noqa: E402
from bench.server import HOST, PORT, gunicorn  # noqa: E402

USERNAME_PREFIX = "load"
HOURS = "0.05"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def ensure_database() -> None:
    from django.conf import settings
    from django.core.management import call_command

    name = settings.DATABASES["default"]["NAME"]
    with admin_connection() as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def make_learners(count: int) -> tuple[list[int], list[str]]:
    """Fresh learners (a previous run's are deleted) and a session cookie for each."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from learners.models import Profile

    user_model = get_user_model()
    user_model.objects.filter(username__startswith=USERNAME_PREFIX).delete()
    users = user_model.objects.bulk_create(
        user_model(
            username=f"{USERNAME_PREFIX}{n}",
            email=f"{USERNAME_PREFIX}{n}@example.com",
            password="!",  # unusable: they never log in with one
        )
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    Profile.objects.bulk_create(
        Profile(user=user, time_zone="UTC", onboarded_at=timezone.now()) for user in users
    )
    cookies = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return [user.pk for user in users], cookies


async def sign_in(client, session_cookie: str, day: str) -> tuple[dict, dict]:
    """Open the dashboard as the learner: the headers and form data its logs will send."""
    response = await client.get("/dashboard/", headers={"Cookie": session_cookie})
    response.raise_for_status()
    csrf_cookie = next(
        c.split(";")[0] for c in response.headers.get_list("set-cookie") if c.startswith("csrf")
    )
    token = TOKEN.search(response.text).group(1)
    headers = {"Cookie": f"{session_cookie}; {csrf_cookie}"}
    data = {"csrfmiddlewaretoken": token, "day": day, "hours": HOURS, "course": "", "note": ""}
    return headers, data


async def log_until(client, headers: dict, data: dict, end: float, out: dict) -> None:
    import httpx

    while time.monotonic() < end:
        started = time.perf_counter()
        try:
            response = await client.post("/hours/log/", data=data, headers=headers)
        except httpx.HTTPError as error:
            out["outcomes"][f"connection error ({type(error).__name__})"] += 1
            continue
        out["latencies"].append(time.perf_counter() - started)
        if response.status_code == 302 and response.headers["location"] == "/dashboard/":
            out["outcomes"]["accepted (302)"] += 1
        else:
            out["outcomes"][f"HTTP {response.status_code}"] += 1


async def load(cookies: list[str], seconds: float, day: str) -> tuple[dict, float]:
    import httpx

    out = {"outcomes": Counter(), "latencies": []}
    # No cookie jar: each learner sends its own cookies, nothing is shared between them.
    no_jar = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    limits = httpx.Limits(max_connections=len(cookies), max_keepalive_connections=len(cookies))
    async with httpx.AsyncClient(
        base_url=f"http://{HOST}:{PORT}", cookies=no_jar, limits=limits, timeout=60
    ) as client:
        # Every learner has its token before the clock starts, for all of them at once.
        learners = await asyncio.wait_for(
            asyncio.gather(*(sign_in(client, cookie, day) for cookie in cookies)), timeout=120
        )
        started = time.monotonic()
        await asyncio.wait_for(
            asyncio.gather(*(log_until(client, h, d, started + seconds, out) for h, d in learners)),
            timeout=seconds + 120,
        )
        return out, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "load_hours.json")
    args = parser.parse_args()
    django.setup()
    # One log line per request would drown the figures.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from django.utils import timezone

    from learners.models import StudySession

    ensure_database()
    user_ids, cookies = make_learners(args.learners)
    day = timezone.now().date().isoformat()  # the learners' zone is UTC
    with gunicorn(args.workers, "gunicorn-load.log") as command:
        cpu = time.process_time()
        out, elapsed = asyncio.run(load(cookies, args.seconds, day))
        cpu = time.process_time() - cpu
    stored = StudySession.objects.filter(user_id__in=user_ids).count()
    latencies = sorted(out["latencies"])
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    outcomes = out["outcomes"]
    accepted = outcomes["accepted (302)"]
    result = {
        "learners": args.learners,
        "seconds": args.seconds,
        "elapsed": round(elapsed, 2),
        "workers": args.workers,
        "gunicorn": shlex.join([Path(command[0]).name, *command[1:]]),
        "requests": len(latencies) + sum(n for k, n in outcomes.items() if "connection" in k),
        "outcomes": dict(outcomes),
        "accepted": accepted,
        "stored": stored,
        "client_errors": sum(n for k, n in outcomes.items() if k.startswith("HTTP 4")),
        "server_errors": sum(n for k, n in outcomes.items() if k.startswith("HTTP 5")),
        "connection_errors": sum(n for k, n in outcomes.items() if "connection" in k),
        "throughput": round(len(latencies) / elapsed, 1),
        # The load generator shares the two cores with gunicorn and PostgreSQL.
        "client_cpu_share": round(cpu / elapsed, 2),
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
    }
    result["ok"] = (
        accepted > 0  # a refused CSRF token, say, would leave nothing to check
        and stored == accepted
        and not result["server_errors"]
        and not result["connection_errors"]
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    if not result["ok"]:
        sys.exit("Load test failed: see above.")


if __name__ == "__main__":
    main()
