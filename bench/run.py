"""`make bench`: every benchmark in turn, then bench/RESULTS.md with their figures.

    .venv/bin/python -m bench.run

Loopback only; each step is bounded in time. The machine is shared with whatever else runs on
it, so the run first waits (a minute at most) for the load average to settle, and records it.
"""

import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = ".venv/bin/python"
REMINDER_LEARNERS = 100_000
# The reminder bench empties the users of the database it is given: never a DATABASE_URL
# that happens to be exported.
REMINDER_DATABASE = "DATABASE_URL=postgres://postgres@127.0.0.1:5432/certguide_bench"
# The last landing before issue 21: its hot queries compiled once per process (PreparedQuery).
BEFORE_COMMIT = "7503b8d"
BEFORE_DIR = VAR / "before"
BEFORE_DATABASE = "BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/certguide_bench_before"
# The scale run (bench.scale) in a database of its own: 50,000 learners, about 6 million
# study sessions, filled in SQL.
SCALE_DATABASE = "BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/certguide_bench_scale"
# (command, time limit in seconds), in order; bench.pages makes the database bench.load uses.
# Each writes what its section of RESULTS.md reads; a new benchmark adds its step here and
# its section in main().
STEPS = [
    ([PYTHON, "-m", "bench.pages", "--profiles", "var/bench/profiles"], 600, ROOT),
    ([PYTHON, "-m", "bench.load"], 600, ROOT),
    (
        [
            BEFORE_DATABASE,
            PYTHON,  # var/bench/before/.venv links to this checkout's
            "-m",
            "bench.pages",
            "--json",
            str(VAR / "pages-before.json"),
        ],
        600,
        BEFORE_DIR,
    ),
    # Seeding 100 000 learners the first time takes a few minutes; later runs reuse them.
    (
        [REMINDER_DATABASE, PYTHON, "bench/reminders.py", "--learners", str(REMINDER_LEARNERS)],
        900,
        ROOT,
    ),
    ([SCALE_DATABASE, PYTHON, "-m", "bench.scale"], 1800, ROOT),
]
QUIET_LOAD, QUIET_WAIT = 1.0, 60


def wait_for_quiet() -> float:
    deadline = time.monotonic() + QUIET_WAIT
    while os.getloadavg()[0] > QUIET_LOAD and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]


def run(command: list[str], limit: int, cwd: Path) -> str:
    """Run `command` (leading NAME=value words set its environment), echoing its output."""
    print(f"$ {' '.join(command)}", flush=True)
    environment = dict(os.environ)
    while "=" in command[0]:
        name, _, value = command[0].partition("=")
        environment[name] = value
        command = command[1:]
    started = time.monotonic()
    # A group of its own: stopped past its time limit or on Ctrl-C, the step goes with what
    # it started (gunicorn, wrk).
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=limit)
    except (subprocess.TimeoutExpired, KeyboardInterrupt) as stopped:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
        why = "interrupted" if isinstance(stopped, KeyboardInterrupt) else f"over {limit} s"
        sys.exit(f"{' '.join(command)} stopped: {why}.")
    sys.stdout.write(stdout)
    if process.returncode:
        sys.stderr.write(stderr)
        sys.exit(f"{' '.join(command)} failed with {process.returncode}.")
    print(f"  ({time.monotonic() - started:.0f} s)", flush=True)
    return stdout


def prepare_before() -> None:
    """The code of BEFORE_COMMIT under BEFORE_DIR, with today's bench.pages and bare views
    (its own bench measured the page cache) and this checkout's environment."""
    shutil.rmtree(BEFORE_DIR, ignore_errors=True)
    BEFORE_DIR.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", BEFORE_COMMIT], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(BEFORE_DIR)], input=archive, check=True)
    for name in ("bench/pages.py", "certguide/bench_urls.py"):
        shutil.copy(ROOT / name, BEFORE_DIR / name)
    shutil.copytree(ROOT / "static" / "vendor", BEFORE_DIR / "static" / "vendor")
    (BEFORE_DIR / ".venv").symlink_to(ROOT / ".venv")


def machine() -> str:
    import django
    import gunicorn
    import locust
    import psycopg

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres") as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    return (
        f"{os.cpu_count()} × {cpu}, Python {platform.python_version()}, Django "
        f"{django.get_version()}, gunicorn {gunicorn.__version__}, PostgreSQL {postgres}, "
        f"locust {locust.__version__}"
    )


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


# Within how many times its bare view each page must render (issue 21): the dashboard 15×,
# every other page, anonymous or signed in, 10×.
TARGETS = {"dashboard": 15}
PAGE_TARGET = 10
FLOORS = ("bare", "signed-in bare")


def target(page: dict) -> int | None:
    if page["page"] in FLOORS:
        return None
    return TARGETS.get(page["page"], PAGE_TARGET)


def verdict(ratio: float, limit: int | None) -> str:
    if limit is None:
        return "—"
    return f"≤ {limit}: met" if ratio <= limit else f"≤ {limit}: **missed by {ratio / limit:.2f}×**"


def pages_section(data: dict) -> str:
    rows = []
    for page in data["pages"]:
        large = page["large"]
        rows.append(
            [
                page["page"],
                f"`{large['url']}`",
                "yes" if large["signed_in"] else "no",
                f"{page['small']['queries']} / {large['queries']}",
                "**grows**" if page["grows"] else "no",
                medians(large, "cpu_ms"),
                f"**{large['cpu_ratio']}**",
                medians(large, "ms"),
                large["ratio"],
                f"{large['sql_ms']:.2f}",
                verdict(large["cpu_ratio"], target(page)),
            ]
        )
    header = [
        "page",
        "URL",
        "signed in",
        "queries small / large",
        "grows?",
        "CPU ms: page / bare",
        "× bare (CPU)",
        "wall ms: page / bare",
        "× bare (wall)",
        "SQL ms",
        "target (CPU)",
    ]
    return f"""## Pages in-process, against the bare views

`{PYTHON} -m bench.pages`: Django's test client against the bench database, the production
settings, no HTTP. Each page is requested 3 times (filling per-process caches and setting the
cookies a browser would send), its queries counted once, then timed over 30 requests in a row,
with 15 of its bare view just before them and 15 just after, and the garbage
collector collected once before them and off while they run: the median
wall-clock time and the median CPU time of this process (which leaves out the time spent
waiting for a core on a shared machine, and PostgreSQL's own time, shown apart as the mean SQL
time). Anonymous pages are compared with `/bench/bare/` (a trivial template), signed-in pages
with `/bench/bare-signed-in/` (`login_required`, so the session and the user are loaded, and
the user's name in a trivial template): each ratio is the page's median over the median of
the bare view timed around it, and both medians stand beside it. In turns, because the
machine is shared: a bare view timed once at the start and a page timed a minute later can meet
different loads, and their ratio then measures the load (two runs of this file an hour apart
put the readiness page at 20.3× and at 9.9× with the same code). The targets are judged on
the CPU ratio, which the load of other work on the machine moves least. *small*: a fresh
learner and the guide's catalog; *large*: a learner with a year of data (500 study sessions, 60
assignment completions, 10 projects, progress in 8 courses, 30 reminders) and six more courses
with 48 assignments in a twelve-course path. A page *grows* when a query the large data adds
runs once per row. Each page's pyinstrument profile is written to `var/bench/profiles/`.

{table(header, rows)}
"""


def medians(page: dict, key: str) -> str:
    """A page's median and its bare view's, as `bench.pages` measured them in one run."""
    return f"{page[key]:.2f} / {page['bare_' + key]:.2f}"


def before_after_section(before: dict, after: dict) -> str:
    old = {page["page"]: page["large"] for page in before["pages"]}
    rows = []
    for page in after["pages"]:
        now, then = page["large"], old.get(page["page"])
        if then is None:
            continue
        rows.append(
            [
                page["page"],
                f"{then['queries']} → {now['queries']}",
                f"{medians(then, 'cpu_ms')} → {medians(now, 'cpu_ms')}",
                f"{then['cpu_ratio']} → **{now['cpu_ratio']}**",
                f"{medians(then, 'ms')} → {medians(now, 'ms')}",
                f"{then['ratio']} → {now['ratio']}",
            ]
        )
    header = [
        *("page", "queries", "CPU ms: page / bare", "× bare (CPU)"),
        *("wall ms: page / bare", "× bare (wall)"),
    ]
    return f"""## Before and after, per page

*Before* is commit {BEFORE_COMMIT} (the last landing before issue 21, whose hot queries were
compiled once per process by PreparedQuery) measured by this run with the same
`bench/pages.py` and bare views (copied into `var/bench/before/`). Large data; each ratio is
the page's median over the bare view's median of its own run.

{table(header, rows)}
"""


def load_section(data: dict) -> str:
    rows = []
    for name, run in data["runs"].items():
        rows.append(
            [
                name,
                f"{run['requests']:,}",
                run["errors"],
                f"{run['throughput']:.1f}",
                f"{run['p50_ms']:.0f} / {run['p95_ms']:.0f} / {run['p99_ms']:.0f}",
                f"{run['stored']} / {run['accepted']}",
            ]
        )
    header = ["run", "requests", "errors", "req/s", "p50 / p95 / p99 ms", "rows stored / accepted"]
    paced, flat = data["runs"]["paced"], data["runs"]["flat out"]
    pages = ", ".join(
        f"{name} {figures['p95_ms']:.0f}" for name, figures in sorted(paced["by_page"].items())
    )
    return f"""## Realistic load (locust)

`{PYTHON} -m bench.load`: {data["learners"]} learners with a year of data each (a study
session on about two days in three, progress in three courses of a twelve-course path), each
with its own session cookie and its own CSRF cookie and token (from its dashboard's form).
gunicorn, 2 workers, the production settings, on loopback; locust (in one process, sharing
the two cores with gunicorn, PostgreSQL and Redis) runs {data["users"]} users for
{data["seconds"]} s each time, every user acting in turn as its own quarter of the learners,
after 10 s of the mix that are not counted (the server compiling its templates and queries
and opening its connections, as it does once after a start).
The mix: dashboard 2, log hours 2 (POST with the learner's token), hours list, my course,
catalog, a path, portfolio, readiness 1 each. *Paced*: a pause of 0.5–1.5 s between a user's
requests; *flat out*: no pause; *signed-in bare*: flat out, every request the signed-in bare
view. Rows: the learners' study sessions counted before and after each run (stored) against
the log POSTs answered with the redirect to the dashboard (accepted).

{table(header, rows)}

- Paced p95 per page (ms): {pages}.
- Paced: p95 {paced["p95_ms"]:.0f} ms (target ≤ 100), {paced["errors"]} errors (target 0),
  {paced["stored"]} of {paced["accepted"]} accepted rows stored.
- Flat out: the mix at **{data["flat_out_ratio"]}×** the signed-in bare view's throughput
  (target ≥ 0.25), {flat["errors"]} errors, {flat["stored"]} of {flat["accepted"]} accepted
  rows stored.
"""


def weight_section(data: dict) -> str:
    files = {tuple(page["weight"]["files"]) for page in data["pages"]}
    shared = len(files) == 1
    rows = [
        [
            page["page"],
            *([] if shared else [", ".join(f"`{name}`" for name in page["weight"]["files"])]),
            f"{kb(page['weight']['js'][1])} ({kb(page['weight']['js'][0])})",
            f"{kb(page['weight']['css'][1])} ({kb(page['weight']['css'][0])})",
            kb(page["weight"]["html"][1]),
        ]
        for page in data["pages"]
        if page["page"] not in FLOORS
    ]
    header = ["page", *([] if shared else ["files"])]
    header += ["JS gzip (raw)", "CSS gzip (raw)", "HTML gzip"]
    return f"""## Page weight

The `<script src>` and `<link rel="stylesheet">` files of each page (large data), read from
the collected static files and gzipped at level 9 (as whitenoise serves them); the page's own
HTML, gzipped, for scale.

{table(header, rows)}
"""


def reminders_section(output: str) -> str:
    figures = output[output.index("learners:") :].rstrip()
    return f"""## Reminder sweep at {REMINDER_LEARNERS:,} learners

`{REMINDER_DATABASE} {PYTHON} bench/reminders.py --learners {REMINDER_LEARNERS}` (its own
database; the script's docstring says what the data is and what is timed, best of 3).
The sweep's ratio to one raw SQL aggregate over the same sessions:

```
{figures}
```
"""


def scale_section(data: dict) -> str:
    rows = [
        [
            row["page"],
            row["when"],
            f"{row['one learner ms']:.2f}",
            f"{row['scale ms']:.2f}",
            f"{row['ratio']}×",
            "met" if row["met"] else "**missed**",
        ]
        for row in data["rows"]
    ]
    header = ["page", "when", "one learner ms", "at scale ms", "ratio", "target"]
    renewal = data["renewal_s"]
    return f"""## At scale: {data["learners"]:,} learners, {data["sessions"]:,} study sessions

`{SCALE_DATABASE} {PYTHON} -m bench.scale` (its own database, filled with `generate_series`
in {data["fill_s"]:.0f} s; its docstring says what is timed). Median wall-clock milliseconds
of each page with one learner and at scale, *warm* and *just after the medians are renewed*
(the beat task's work, then the request). Targets: every page within 2× its one-learner
time; staff statistics within 500 ms. The beat tasks' work (the medians and staff's counts,
off the request path) took
{renewal["one learner"]} s with one learner and {renewal["scale"]} s at scale.

{table(header, rows)}
"""


def main() -> None:
    started = time.monotonic()
    load = wait_for_quiet()
    when = dt.datetime.now(dt.UTC)
    prepare_before()
    outputs = [run(command, limit, cwd) for command, limit, cwd in STEPS]
    pages = json.loads((VAR / "pages.json").read_text())
    before = json.loads((VAR / "pages-before.json").read_text())
    load_test = json.loads((VAR / "load.json").read_text())
    scale = json.loads((VAR / "scale.json").read_text())
    notes = (ROOT / "bench" / "notes.md").read_text()
    load_after = os.getloadavg()[0]
    commands = "\n".join(" ".join(command) for command, _, _ in STEPS)
    results = f"""# certguide benchmarks

Run `make bench`: `{PYTHON} -m bench.run` runs the commands below (loopback only,
{(time.monotonic() - started) / 60:.0f} minutes here) and rewrites this file. Each command also
runs alone (the before-measurement from `var/bench/before/`, which `bench.run` prepares).

```sh
{commands}
```

- **Machine**: {machine()}.
- **Run**: {when:%Y-%m-%d %H:%M} UTC; load average {load:.2f} at the start, {load_after:.2f} at
  the end. **The machine is shared** with other people's test suites: absolute times move a
  lot from run to run, so every figure that matters is a ratio measured in the same run
  (each page against a bare view, the load's mix against the signed-in bare view).
- **Server**: `certguide.bench_settings` is the production settings (`DEBUG` off, whitenoise's
  compressed manifest storage after `collectstatic`, secure cookies, HSTS, CSP) plus two
  URLs, `/bench/bare/` and `/bench/bare-signed-in/`, that exist only under it. Plain http on
  loopback, so `SECURE_SSL_REDIRECT=false`; the clients send the cookies by hand.
- **Data**: the bench database is dropped, created, migrated and seeded by `bench.pages` on
  every run (the guide's catalog by `load_catalog`, plus the learners and courses described
  below); `bench.load` adds its 200 learners.

{pages_section(pages)}
{before_after_section(before, pages)}
{load_section(load_test)}
{weight_section(pages)}
{reminders_section(outputs[-2])}
{scale_section(scale)}
{notes}"""
    (ROOT / "bench" / "RESULTS.md").write_text(results)
    print(f"Written bench/RESULTS.md in {(time.monotonic() - started) / 60:.1f} minutes.")


if __name__ == "__main__":
    main()
