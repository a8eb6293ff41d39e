"""The pages' query counts for a fresh learner and a learner with a year of data, and the JS
and CSS each page loads.

    .venv/bin/python -m bench.pages [--json var/bench/pages.json] [--profiles DIR]

It (re)creates its own database (certguide.bench_settings: production settings,
postgres://postgres@127.0.0.1:5432/certguide_bench_pages), migrates it, collects the static
files (whitenoise's manifest storage, as in production), loads the guide's catalog and adds:

- "small": a fresh learner, onboarded and enrolled in a guide path, with one project (the
  project page needs one) and nothing logged; the catalog is the guide's alone;
- "large": six more courses of eight assignments each and a twelve-course path through them
  (the guide's catalog has 17 assignments), and a learner who joined a year ago: 500 study
  sessions, 60 assignment completions, 10 projects, progress in 8 courses, 30 reminders.

Every page, and two bare views (anonymous, and signed in: the session and user loaded), is
requested three times with Django's test client, then one request's queries are counted and
30 requests in a row timed, with 15 of the bare view of its kind just before them and 15 just
after (the garbage collector collected once before them, and off while they run): median
wall-clock and CPU milliseconds of both, the page's time in SQL, and its ratios: its medians
over those of its bare view.
`--profiles DIR` writes each page's pyinstrument tree.
Page weight sums the
files of each page's `<script src>` and `<link rel="stylesheet">`, gzipped at level 9 as
whitenoise does.
"""

import argparse
import datetime as dt
import gc
import gzip
import io
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certguide.bench_settings")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

# (name, how the URL is found from a dataset's objects, signed in?)
PAGES = [
    # The floors: a trivial template, anonymous and signed in.
    ("bare", lambda d: "/bench/bare/", False),
    ("signed-in bare", lambda d: "/bench/bare-signed-in/", True),
    # Public pages as an anonymous visitor sees them (and the catalog as a learner does).
    ("landing", lambda d: "/", False),
    ("catalog", lambda d: "/courses/", False),
    ("course", lambda d: f"/courses/{d['course'].slug}/", False),
    ("paths", lambda d: "/paths/", False),
    ("path", lambda d: f"/paths/{d['path'].slug}/", False),
    ("catalog signed in", lambda d: "/courses/", True),
    ("dashboard", lambda d: "/dashboard/", True),
    ("hours", lambda d: "/hours/", True),
    ("my course", lambda d: f"/my/courses/{d['course'].slug}/", True),
    ("portfolio", lambda d: "/portfolio/", True),
    ("project", lambda d: f"/portfolio/{d['project'].pk}/", True),
    ("readiness", lambda d: "/readiness/", True),
    # Recruiters read it anonymously.
    ("public portfolio", lambda d: f"/u/{d['profile'].public_slug}/", False),
    ("reminders", lambda d: "/reminders/", True),
    ("settings", lambda d: "/settings/", True),
    # Two members and two check-ins (small); 30 members and 100 check-ins (large).
    ("group", lambda d: f"/groups/{d['group'].pk}/", True),
]
FLOORS = {False: "bare", True: "signed-in bare"}

BENCH_COURSES = 6
ASSIGNMENTS_PER_COURSE = 8
SESSIONS = 500
COMPLETIONS = 60
PROJECTS = 10
REMINDERS = 30
GROUP_MEMBERS = 30
GROUP_CHECK_INS = 100
TIMED_REQUESTS = 30


def admin_connection():
    """A connection to the server's `postgres` database, to create or drop the bench one."""
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    return psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    )


def reset_database() -> None:
    """Drop and create the bench database, so that every run starts from the same data."""
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    with admin_connection() as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def prepare() -> None:
    from django.core.management import call_command

    reset_database()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, clear=True, verbosity=0)
    call_command("load_catalog", stdout=io.StringIO())


def new_learner(username: str, *, joined: dt.datetime, path):
    """An onboarded learner enrolled in `path`, whose public portfolio is at /u/<username>/."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from learners.models import Profile
    from learners.services import enrollment_start

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", date_joined=joined
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    profile = Profile.objects.create(
        user=user,
        display_name=username.title(),
        weekly_goal_hours=Decimal(8),
        time_zone="Europe/Berlin",
        background=Profile.BackgroundChoice.PROGRAMMER,
        target_role=Profile.TargetRoleChoice.ML_ENGINEER,
        onboarded_at=joined,
        public_portfolio=True,
        public_slug=username,
    )
    Profile.objects.filter(pk=profile.pk).update(created_at=joined)
    profile.refresh_from_db()
    enrollment_start(user=user, path=path)
    return profile


def project(user, n: int, *, skills, courses, public: bool):
    from learners.models import PortfolioProject

    answers = {
        field: f"Answer {n}: what was done, and why, in a few sentences."
        for field, _ in PortfolioProject.INTERVIEW_QUESTIONS
    }
    item = PortfolioProject.objects.create(
        user=user,
        title=f"Project {n}",
        summary="A model trained, evaluated and explained end to end.",
        write_up="## Data\n\nA public data set, cleaned.\n\n## Model\n\n- baseline\n- trees",
        repo_url=f"https://github.com/example/project-{n}",
        demo_url=f"https://example.com/demo-{n}",
        public=public,
        **answers,
    )
    item.skills.set(skills)
    item.courses.set(courses)
    return item


def with_group(dataset: dict, owner, *, members: int, check_ins: int) -> dict:
    """`dataset` with a study group of `owner`'s, when the code measured has study groups (the
    before-measurement runs this file on a commit from before them)."""
    from django.apps import apps

    if apps.is_installed("groups"):
        dataset["group"] = study_group(owner, members=members, check_ins=check_ins)
    return dataset


def study_group(owner, *, members: int, check_ins: int):
    """A study group `owner` started, with `members` members in all (the others share their
    week and studied every other day for three weeks) and `check_ins` check-ins over the last
    four weeks (at most four per member)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from groups.models import Membership
    from groups.services import check_in_save, group_start
    from learners.models import Profile, StudySession
    from learners.rules import week_start

    now = timezone.now()
    group = group_start(user=owner, name="Bench group", description="", path=None, now=now)
    peers = []
    for n in range(1, members):
        peer = get_user_model().objects.create_user(
            username=f"{owner.username}-peer-{n}", email=f"{owner.username}-peer-{n}@example.com"
        )
        Profile.objects.create(
            user=peer, display_name=f"Peer {n}", weekly_goal_hours=Decimal(6), time_zone="UTC"
        )
        peers.append(peer)
    Membership.objects.bulk_create(Membership(group=group, user=peer) for peer in peers)
    today = now.date()
    StudySession.objects.bulk_create(
        StudySession(user=peer, day=today - dt.timedelta(days=days), hours=Decimal("1.5"))
        for peer in peers
        for days in range(0, 21, 2)
    )
    people, monday = [owner, *peers], week_start(today)
    # Through the service, which stores each prompt's HTML as a member's post does.
    for n in range(check_ins):
        check_in_save(
            membership=Membership(group=group, user=people[n % members]),
            week_start=monday - dt.timedelta(weeks=n // members),
            did=f"Chapter {n}: **regularisation**, and the exercises.",
            next="The project's baseline.",
            stuck="Choosing the penalty without leaking the test set.",
        )
    return group


def seed_small() -> dict:
    from django.utils import timezone

    from courses.models import Path, Skill

    path = Path.objects.published().order_by("position", "pk").first()
    profile = new_learner("small", joined=timezone.now(), path=path)
    course = path.steps.order_by("position").first().course
    checks = Skill.objects.filter(kind=Skill.Kind.EMPLOYER_CHECK).order_by("position")[:1]
    item = project(profile.user, 1, skills=checks, courses=[course], public=True)
    dataset = {"profile": profile, "path": path, "course": course, "project": item}
    return with_group(dataset, profile.user, members=2, check_ins=2)


def bench_catalog():
    """Six more courses, eight assignments each, and a path through all twelve courses."""
    from courses.models import Assignment, Course, Institution, Path, PathStep, Platform, Skill

    platform = Platform.objects.order_by("pk").first()
    institutions = list(Institution.objects.order_by("pk"))
    checks = list(Skill.objects.filter(kind=Skill.Kind.EMPLOYER_CHECK).order_by("position"))
    topics = list(Skill.objects.filter(kind=Skill.Kind.TOPIC).order_by("position"))
    guide_courses = [step.course for step in Path.objects.order_by("pk").first().steps.all()]
    courses = list(Course.objects.published().exclude(pk__in=[c.pk for c in guide_courses]))
    courses = guide_courses + courses
    kinds = list(Assignment.Kind)
    for n in range(1, BENCH_COURSES + 1):
        course = Course.objects.create(
            title=f"Bench course {n}",
            slug=f"bench-course-{n}",
            platform=platform,
            institution=institutions[n % len(institutions)],
            program_type=Course.ProgramType.SINGLE_COURSE,
            rating=Decimal("8.0"),
            level=Course.Level.INTERMEDIATE,
            estimated_hours=Decimal(40),
            summary="A course added by the benchmark, so that a year of data has room.",
        )
        course.skills.set([topics[n % len(topics)], *checks[n % 2 :: 2]])
        for position in range(1, ASSIGNMENTS_PER_COURSE + 1):
            assignment = Assignment.objects.create(
                course=course,
                title=f"Bench assignment {n}.{position}",
                kind=kinds[position % len(kinds)],
                position=position,
                estimated_hours=Decimal(3),
            )
            assignment.skills.set([checks[(n + position) % len(checks)]])
        courses.append(course)
    path = Path.objects.create(
        title="A year of study (bench)",
        slug="bench-year",
        track=Path.Track.BUILDER,
        audience="The benchmark's learner with a year of data.",
        position=9,
    )
    PathStep.objects.bulk_create(
        PathStep(path=path, course=course, position=position, why_here="Next in the bench.")
        for position, course in enumerate(courses, start=1)
    )
    return path, courses


def seed_large() -> dict:
    from django.utils import timezone

    from courses.models import Assignment, Skill
    from learners.models import (
        AssignmentCompletion,
        CourseProgress,
        Reminder,
        StudySession,
    )

    path, courses = bench_catalog()
    now = timezone.now()
    profile = new_learner("large", joined=now - dt.timedelta(days=365), path=path)
    user, today = profile.user, profile.local_today(now)
    statuses = [CourseProgress.Status.CERTIFIED] * 4 + [CourseProgress.Status.COMPLETED] * 2
    statuses += [CourseProgress.Status.IN_PROGRESS] * 2
    CourseProgress.objects.bulk_create(
        CourseProgress(
            user=user,
            course=course,
            status=status,
            started_on=today - dt.timedelta(days=360 - 40 * n),
            completed_on=today - dt.timedelta(days=330 - 40 * n) if n < 6 else None,
            certified_on=today - dt.timedelta(days=328 - 40 * n) if n < 4 else None,
            certificate_url=f"https://coursera.org/verify/BENCH{n}" if n < 4 else "",
        )
        for n, (course, status) in enumerate(zip(courses, statuses, strict=False))
    )
    StudySession.objects.bulk_create(
        StudySession(
            user=user,
            day=today - dt.timedelta(days=n * 365 // SESSIONS),
            hours=Decimal(1 + n % 6) / 2,
            course=courses[len(courses) - 1 - n * len(courses) // SESSIONS] if n % 5 else None,
            note="" if n % 5 else "Reading",
        )
        for n in range(SESSIONS)
    )
    # The path's assignments in order: the guide's 17, then the bench courses' until 60.
    step_of = {course.pk: n for n, course in enumerate(courses)}
    assignments = sorted(
        Assignment.objects.filter(course__in=courses),
        key=lambda a: (step_of[a.course_id], a.position),
    )[:COMPLETIONS]
    AssignmentCompletion.objects.bulk_create(
        AssignmentCompletion(
            user=user,
            assignment=assignment,
            day=today - dt.timedelta(days=360 - 6 * n),
            hours=Decimal(2),
            link=f"https://github.com/example/notebook-{n}",
        )
        for n, assignment in enumerate(assignments)
    )
    checks = list(Skill.objects.filter(kind=Skill.Kind.EMPLOYER_CHECK).order_by("position"))
    projects = [
        project(
            user,
            n,
            skills=checks[n % len(checks) :][:3],
            courses=courses[n % len(courses) :][:2],
            public=n % 3 != 0,
        )
        for n in range(1, PROJECTS + 1)
    ]
    monday = today - dt.timedelta(days=today.weekday())
    Reminder.objects.bulk_create(
        Reminder(
            user=user,
            kind=Reminder.Kind.BEHIND_PACE,
            week_start=monday - dt.timedelta(weeks=n + 1),
            hours_logged=Decimal(2),
            goal_hours=Decimal(8),
            status=Reminder.Status.SENT,
            sent_at=now - dt.timedelta(weeks=n + 1),
        )
        for n in range(REMINDERS)
    )
    # The first bench course: its eight assignments are all done.
    course = courses[len(courses) - BENCH_COURSES]
    dataset = {"profile": profile, "path": path, "course": course, "project": projects[0]}
    return with_group(dataset, user, members=GROUP_MEMBERS, check_ins=GROUP_CHECK_INS)


def signed_in_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def count_queries(client, url: str) -> tuple[int, list[str], str]:
    """Queries of one request, after a few that fill per-process caches (content types,
    templates) and set the cookies a browser would send."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200")
    return len(captured), [q["sql"] for q in captured.captured_queries], response.content.decode()


def time_page(client, url: str, floor_url: str) -> dict:
    """Median milliseconds per request in this process, wall clock and CPU (the machine is
    shared: waiting for a core counts in the first, not in the second), of TIMED_REQUESTS
    requests of the page in a row, and of its bare view: half as many requests just before
    them and half just after; and the mean time of the page's requests spent in SQL. The bare
    view is timed around each page because other people's work on the machine comes and goes:
    a bare view timed once at the start of the run and a page timed minutes later can meet
    different loads, and their ratio then measures the load, not the page. In runs of their
    own, not in turns with the page, so that neither inherits the other's state of the CPU's
    caches. The garbage collector runs once before them and is off while they are timed: a
    collection landing in one page's requests and not in another's would move the medians; one
    before each request would add a fixed cost to every page, the bare views included, and so
    shrink every ratio."""
    from django.db import connection

    sql = []
    timing_page = False

    def timed(execute, *args):
        started = time.perf_counter()
        try:
            return execute(*args)
        finally:
            if timing_page:
                sql.append(time.perf_counter() - started)

    def request(target: str) -> tuple[float, float]:
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(target)
        return time.perf_counter() - started, time.process_time() - started_cpu

    times, floor_times = [], []
    gc.collect()
    gc.disable()
    try:
        with connection.execute_wrapper(timed):
            floor_times += [request(floor_url) for _ in range(TIMED_REQUESTS // 2)]
            timing_page = True
            times += [request(url) for _ in range(TIMED_REQUESTS)]
            timing_page = False
            floor_times += [request(floor_url) for _ in range(TIMED_REQUESTS // 2)]
    finally:
        gc.enable()

    def median_ms(series: list, index: int) -> float:
        return statistics.median(t[index] for t in series) * 1000

    return {
        "ms": round(median_ms(times, 0), 2),
        "cpu_ms": round(median_ms(times, 1), 2),
        "bare_ms": round(median_ms(floor_times, 0), 2),
        "bare_cpu_ms": round(median_ms(floor_times, 1), 2),
        "sql_ms": round(sum(sql) / TIMED_REQUESTS * 1000, 2),
    }


def with_ratios(results: dict) -> dict:
    """Each page's medians over the medians of its bare view timed around it."""
    for page in results.values():
        page["ratio"] = round(page["ms"] / page["bare_ms"], 1)
        page["cpu_ratio"] = round(page["cpu_ms"] / page["bare_cpu_ms"], 1)
    return results


def profile_page(client, url: str, *, into: Path) -> None:
    """pyinstrument's call tree of TIMED_REQUESTS requests, as text."""
    from pyinstrument import Profiler

    # pyinstrument's default interval: at 0.2 ms its own sampling took over (16 s a dashboard
    # request on this machine, and the run past its time limit).
    profiler = Profiler(interval=0.001)
    with profiler:
        for _ in range(TIMED_REQUESTS):
            client.get(url)
    into.write_text(profiler.output_text(unicode=True, show_all=False))


def measure(dataset: dict, *, profiles: Path | None = None) -> dict:
    from django.test import Client

    signed_in, anonymous = signed_in_client(dataset["profile"].user), Client()
    clients = {True: signed_in, False: anonymous}
    floor_urls = {
        signed: url_of(dataset) for name, url_of, signed in PAGES if name == FLOORS[signed]
    }
    results = {}
    for name, url_of, authenticated in PAGES:
        if name == "group" and "group" not in dataset:
            continue
        url = url_of(dataset)
        client = clients[authenticated]
        count, sql, html = count_queries(client, url)
        timing = time_page(client, url, floor_urls[authenticated])
        if profiles is not None:
            profiles.mkdir(parents=True, exist_ok=True)
            profile_page(client, url, into=profiles / f"{name}.txt")
        results[name] = {
            "url": url,
            "signed_in": authenticated,
            "queries": count,
            **timing,
            "sql": sql,
            "html": html,
        }
    return with_ratios(results)


class Assets(HTMLParser):
    """The scripts and style sheets a page loads."""

    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.styles.append(attributes["href"])


def weigh(html: str) -> dict:
    from django.conf import settings

    assets = Assets()
    assets.feed(html)

    def sizes(urls: list[str]) -> tuple[int, int]:
        raw = packed = 0
        for url in urls:
            name = url.removeprefix("/" + settings.STATIC_URL.lstrip("/"))
            data = (Path(settings.STATIC_ROOT) / name).read_bytes()
            raw += len(data)
            packed += len(gzip.compress(data, compresslevel=9, mtime=0))
        return raw, packed

    js, css = sizes(assets.scripts), sizes(assets.styles)
    page = html.encode()
    return {
        "files": [Path(url).name for url in assets.scripts + assets.styles],
        "js": js,
        "css": css,
        "html": (len(page), len(gzip.compress(page, compresslevel=9, mtime=0))),
    }


def shape(query: str) -> str:
    """A query with its literals blanked and its column list cut, to compare and to show."""
    query = re.sub(r"\b\d+\b|'[^']*'", "?", query)
    # PostgreSQL's compound queries come parenthesised: "(SELECT …) UNION ALL (SELECT …)".
    columns, _, rest = query.lstrip("(").removeprefix("SELECT ").partition(" FROM ")
    if not rest:
        return query[:100]
    table = rest.split(" ", 1)[0].rstrip(")")
    union = " UNION ALL …" if " UNION ALL " in rest else ""
    return f"SELECT {columns if len(columns) < 60 else '…'} FROM {table} …{union}"


def growth(small_sql: list[str], large_sql: list[str]) -> tuple[bool, list[tuple[int, str]]]:
    """The queries the large data adds, and whether any runs once per row (an N+1: the count
    would keep growing with the data) rather than once (skipped when there is nothing to read,
    such as a filter on an empty list)."""
    small, large = Counter(map(shape, small_sql)), Counter(map(shape, large_sql))
    extra = large - small
    return any(large[s] > 1 for s in extra), [(n, s) for s, n in extra.most_common()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "pages.json")
    parser.add_argument("--profiles", type=Path, help="write each page's pyinstrument tree here")
    args = parser.parse_args()
    django.setup()
    from django.db import connection

    started = time.perf_counter()
    prepare()
    small = measure(seed_small())
    large_data = seed_large()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    large = measure(large_data, profiles=args.profiles)

    print(
        f"{'page':<18}{'queries small':>14}{'large':>7}"
        f"{'ms':>8}{'bare':>7}{'ratio':>7}{'cpu ms':>8}{'bare':>7}{'ratio':>7}"
    )
    pages = []
    for name in large:
        grows, extra = growth(small[name]["sql"], large[name]["sql"])
        print(f"{name:<18}{small[name]['queries']:>14}{large[name]['queries']:>7}", end="")
        page = large[name]
        print(f"{page['ms']:>8}{page['bare_ms']:>7}{page['ratio']:>7}", end="")
        print(f"{page['cpu_ms']:>8}{page['bare_cpu_ms']:>7}{page['cpu_ratio']:>7}", end="")
        print("  GROWS WITH DATA" if grows else "")
        for n, query in extra:
            print(f"    +{n} {query}")
        keys = (
            *("url", "signed_in", "queries", "ms", "cpu_ms", "sql_ms"),
            *("bare_ms", "bare_cpu_ms", "ratio", "cpu_ratio"),
        )
        pages.append(
            {
                "page": name,
                "small": {k: small[name][k] for k in keys},
                "large": {k: large[name][k] for k in keys},
                "grows": grows,
                "extra": extra,
                "weight": weigh(large[name]["html"]),
            }
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {"pages": pages, "seconds": round(time.perf_counter() - started, 1)},
            indent=2,
        )
    )
    print(f"Written {args.json} in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
