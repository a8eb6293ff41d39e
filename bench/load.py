"""A realistic load: 200 learners, each with a year of data and its own session and CSRF
cookies, go through the mix of bench/locustfile.py against gunicorn (2 workers, production
settings) on loopback, after 10 s of the mix that are not counted (the server warming up).

    .venv/bin/python -m bench.load [--learners 200] [--users 50] [--seconds 60]

Run after bench.pages, on its database (certguide.bench_settings). Three locust runs in a row:
paced (each user pausing about a second between requests), flat out (no pause), and flat out
against the signed-in bare view, whose throughput the mix's is compared with. For each run
the learners' study sessions are counted before and after: the rows stored must equal the
hours the server accepted.
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certguide.bench_settings")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

from bench.server import HOST, PORT, VAR, gunicorn  # noqa: E402

USERNAME_PREFIX = "load"
DAYS = 365
WARM_UP_SECONDS = 10


def make_learners(count: int) -> list[dict]:
    """Learners who joined a year ago (a previous run's are deleted), enrolled in the longest
    path, with a session on about two days in three and progress in its first courses; for
    each, a session cookie and what the mix needs to know."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.db.models import Count
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from courses.models import Path as LearningPath
    from learners.models import CourseProgress, Enrollment, Profile, StudySession

    path = LearningPath.objects.annotate(steps_count=Count("steps")).order_by("-steps_count")[0]
    courses = [step.course for step in path.steps.order_by("position").select_related("course")]
    user_model = get_user_model()
    user_model.objects.filter(username__startswith=USERNAME_PREFIX).delete()
    now = timezone.now()
    joined = now - dt.timedelta(days=DAYS)
    users = user_model.objects.bulk_create(
        user_model(
            username=f"{USERNAME_PREFIX}{n}",
            email=f"{USERNAME_PREFIX}{n}@example.com",
            password="!",  # unusable: they never log in with one
            date_joined=joined,
        )
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    Profile.objects.bulk_create(
        Profile(user=user, time_zone="UTC", onboarded_at=joined, weekly_goal_hours=Decimal(8))
        for user in users
    )
    Profile.objects.filter(user__in=users).update(created_at=joined)
    Enrollment.objects.bulk_create(Enrollment(user=user, path=path) for user in users)
    today = now.date()
    picker = random.Random(11)
    StudySession.objects.bulk_create(
        (
            StudySession(
                user=user,
                day=today - dt.timedelta(days=days_ago),
                hours=Decimal(picker.choice(["0.5", "1", "1.5", "2"])),
                course=courses[min(days_ago // 60, len(courses) - 1)],
            )
            for user in users
            for days_ago in range(DAYS, 0, -1)
            if picker.random() < 2 / 3
        ),
        batch_size=5000,
    )
    CourseProgress.objects.bulk_create(
        CourseProgress(user=user, course=course, status=status)
        for user in users
        for course, status in zip(courses, ["certified", "completed", "in_progress"], strict=False)
    )
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    learners = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        learners.append(
            {
                "id": user.pk,
                "session": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
                "course": courses[2].slug,
                "path": path.slug,
                "today": today.isoformat(),
            }
        )
    return learners


def locust(name: str, learners_file: Path, *, users: int, seconds: int, **env: str) -> dict:
    """One headless locust run; its aggregated figures."""
    prefix = VAR / f"locust-{name}"
    accepted_file = VAR / f"locust-{name}-accepted"
    accepted_file.unlink(missing_ok=True)
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "locust"),
            *("-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary"),
            *("--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s"),
            *("--host", f"http://{HOST}:{PORT}", "--csv", str(prefix), "--stop-timeout", "10"),
            *("--exit-code-on-error", "0", "--loglevel", "WARNING"),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "BENCH_LEARNERS": str(learners_file),
            "BENCH_USERS": str(users),
            "BENCH_ACCEPTED": str(accepted_file),
            **env,
        },
        check=True,
        timeout=seconds + 120,
        stdout=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total = rows["Aggregated"]
    return {
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "throughput": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "accepted": int(accepted_file.read_text()) if accepted_file.exists() else 0,
        "by_page": {
            name: {"requests": int(row["Request Count"]), "p95_ms": float(row["95%"])}
            for name, row in rows.items()
            if name != "Aggregated"
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--json", type=Path, default=VAR / "load.json")
    args = parser.parse_args()
    django.setup()
    from learners.models import StudySession

    learners = make_learners(args.learners)
    # Fresh statistics for the planner, as autovacuum would soon give them: without them the
    # real-hours medians scan each course's sessions once per completer (a second a page).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    learners_file = VAR / "load-learners.json"
    VAR.mkdir(parents=True, exist_ok=True)
    learners_file.write_text(json.dumps(learners))
    ids = [learner["id"] for learner in learners]
    runs = {}
    with gunicorn(2, "gunicorn-load.log"):
        # A server that has just started compiles its templates and queries and opens its
        # connections on its first requests: 10 s of the mix first, not counted, so that the
        # runs measure it as it serves all day.
        locust("warm-up", learners_file, users=args.users, seconds=WARM_UP_SECONDS)
        for name, env in [
            ("paced", {"BENCH_PACED": "1"}),
            ("flat out", {}),
            ("signed-in bare", {"BENCH_TARGET": "bare"}),
        ]:
            before = StudySession.objects.filter(user_id__in=ids).count()
            run = locust(
                name.replace(" ", "-"),
                learners_file,
                users=args.users,
                seconds=args.seconds,
                **env,
            )
            run["stored"] = StudySession.objects.filter(user_id__in=ids).count() - before
            runs[name] = run
            print(name, json.dumps({k: v for k, v in run.items() if k != "by_page"}), flush=True)
    result = {
        "learners": args.learners,
        "users": args.users,
        "seconds": args.seconds,
        "runs": runs,
        "flat_out_ratio": round(
            runs["flat out"]["throughput"] / runs["signed-in bare"]["throughput"], 2
        ),
    }
    args.json.write_text(json.dumps(result, indent=2))
    print(f"flat out / signed-in bare throughput: {result['flat_out_ratio']}")


if __name__ == "__main__":
    main()
