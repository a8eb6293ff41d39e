"""`make bench`: every benchmark in turn, then bench/RESULTS.md with their figures.

    .venv/bin/python -m bench.run

Loopback only; each step is bounded in time. The machine is shared with whatever else runs on
it, so the run first waits (a minute at most) for the load average to settle, and records it.
"""

import datetime as dt
import json
import os
import platform
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
# (command, time limit in seconds); bench.pages must come first: it makes the bench database.
STEPS = [
    ([PYTHON, "-m", "bench.pages"], 300),
    ([PYTHON, "-m", "bench.throughput"], 300),
    ([PYTHON, "-m", "bench.load_hours"], 300),
    # Seeding 100 000 learners the first time takes a few minutes; later runs reuse them.
    ([REMINDER_DATABASE, PYTHON, "bench/reminders.py", "--learners", str(REMINDER_LEARNERS)], 900),
]
QUIET_LOAD, QUIET_WAIT = 1.0, 60


def wait_for_quiet() -> float:
    deadline = time.monotonic() + QUIET_WAIT
    while os.getloadavg()[0] > QUIET_LOAD and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]


def run(command: list[str], limit: int) -> str:
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
        cwd=ROOT,
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


def machine() -> str:
    import django
    import gunicorn
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
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False).stdout
    return (
        f"{os.cpu_count()} × {cpu}, Python {platform.python_version()}, Django "
        f"{django.get_version()}, gunicorn {gunicorn.__version__}, PostgreSQL {postgres}, "
        f"{wrk.split(' [')[0]}"
    )


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def throughput_section(data: dict) -> str:
    rows = [
        [
            page["page"],
            f"`{page['url']}`",
            f"{page['rps']:,.0f}",
            f"{page['p50_ms']:.1f}",
            f"{page['p95_ms']:.1f}",
            f"{page['p99_ms']:.1f}",
            f"**{page['ratio']:.3f}**" if page["page"] != "bare view" else "1",
        ]
        for page in data["pages"]
    ]
    under = [p["page"] for p in data["pages"] if p["ratio"] < 0.5]
    return f"""## Throughput against the bare view

`{PYTHON} -m bench.throughput`: one gunicorn serves every URL; wrk loads each in turn with the
learner's cookies, the session's and the CSRF cookie the first page set (the bare view's
requests carry them too), {data["rounds"]} rounds of
{data["seconds"]:g} s after a 2 s warm-up, and each URL's best round is kept. wrk shares the
two cores with gunicorn, PostgreSQL and Redis. The dashboard, catalog and path are those of
the learner with a year of data (see Query counts). Each page after the first is served by
the page cache, as for a learner who opens it again before anything on it changed; what a
rendering costs is under Query counts.

```sh
DJANGO_SETTINGS_MODULE=certguide.bench_settings {data["gunicorn"]}
{data["wrk"]}
```

{table(["page", "URL", "req/s", "p50 ms", "p95 ms", "p99 ms", "× bare"], rows)}

Under half the bare view: {", ".join(under) if under else "none"} (see Findings and fixes).
"""


def queries_section(data: dict) -> str:
    rows = []
    for page in data["pages"]:
        extra = "; ".join(f"+{n} `{query}`" for n, query in page["extra"]) or "—"
        rows.append(
            [
                page["page"],
                f"`{page['large']['url']}`",
                page["small"]["queries"],
                page["large"]["queries"],
                "**grows**" if page["grows"] else "no",
                f"{page['small']['ms']:.1f} / {page['large']['ms']:.1f}",
                f"{page['large']['sql_ms']:.1f}",
                f"{page['large']['cached_queries']} / {page['large']['cached_ms']:.1f}",
                extra,
            ]
        )
    header = [
        "page",
        "URL (large)",
        "small",
        "large",
        "grows?",
        "ms small / large",
        "SQL ms (large)",
        "kept: queries / ms (large)",
        "queries only the large data runs",
    ]
    return f"""## Query counts, small and large data

`.venv/bin/python -m bench.pages`: Django's test client against the bench database (the
public portfolio anonymously, every other page as the learner). Each page is counted and
timed rendered (the catalog's version renewed before each request, so that no kept page is
served) and, in *kept*, as the page cache (`certguide/pagecache.py`) serves it; the landing
page, catalog, course, paths, path and dashboard are kept, the other pages render each time.
*small*: a fresh learner (onboarded, enrolled, one project, nothing logged) and the guide's
catalog; *large*: a learner with a year of data (500 study sessions, 60 assignment
completions, 10 projects, progress in 8 courses, 30 reminders) and six more courses with 48
assignments in a twelve-course path. A page *grows* when a query the large data adds runs once
per row; a query that runs once only when there is something to read (Django skips a filter on
an empty list) is listed but is not growth. Milliseconds: median of 20 requests in-process
(no HTTP), and the part spent in SQL.

{table(header, rows)}
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
            kb(page["weight"]["js"][1] + page["weight"]["css"][1]),
            kb(page["weight"]["html"][1]),
        ]
        for page in data["pages"]
    ]
    header = ["page", *([] if shared else ["files"])]
    header += ["JS gzip (raw)", "CSS gzip (raw)", "JS + CSS gzip", "HTML gzip"]
    every = (
        "Every page loads the same files: "
        + ", ".join(f"`{name}`" for name in next(iter(files)))
        + " (cached by the browser after the first page: whitenoise serves hashed names"
        " with a far-future expiry)."
        if shared
        else ""
    )
    return f"""## Page weight

The `<script src>` and `<link rel="stylesheet">` files of each page (large data), read from
the collected static files and gzipped at level 9 (as whitenoise serves them); the page's own
HTML, gzipped, for scale. {every}

{table(header, rows)}
"""


def load_section(data: dict) -> str:
    outcomes = ", ".join(f"{name}: {n:,}" for name, n in data["outcomes"].items())
    verdict = "**passed**" if data["ok"] else "**FAILED**"
    command = (
        f"{PYTHON} -m bench.load_hours --learners {data['learners']} "
        f"--seconds {data['seconds']:g} --workers {data['workers']}"
    )
    latency = " / ".join(f"{data[k]:,}" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms"))
    rows = [
        ["requests", f"{data['requests']:,} in {data['elapsed']} s ({data['throughput']:,} req/s)"],
        ["outcomes", outcomes],
        ["study sessions stored for these learners", f"{data['stored']:,}"],
        ["accepted (302 to the dashboard)", f"{data['accepted']:,}"],
        [
            "4xx / 5xx / connection errors",
            f"{data['client_errors']} / {data['server_errors']} / {data['connection_errors']}",
        ],
        ["load generator's CPU (of one core)", f"{data['client_cpu_share']:.0%}"],
        ["latency p50 / p95 / p99 / max, ms", latency],
    ]
    return f"""## Load test: {data["learners"]} learners log hours at once

`{command}`: gunicorn with the production settings on the bench database; {data["learners"]}
learners, each with its own session, open the dashboard for a CSRF token, then all POST
`/hours/log/` (0.05 h each) in a loop for {data["seconds"]:g} s (httpx on asyncio, a connection
per learner; gunicorn's sync workers close each connection after its response).

```sh
DJANGO_SETTINGS_MODULE=certguide.bench_settings {data["gunicorn"]}
```

{table(["figure", "value"], rows)}

Every accepted entry is in the database and nothing else is, with no 5xx and no connection
error: {verdict}. The latency is mostly queueing: {data["learners"]} learners wait on
{data["workers"]} workers, and the load generator takes its share of the two cores.
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


def main() -> None:
    started = time.monotonic()
    load = wait_for_quiet()
    when = dt.datetime.now(dt.UTC)
    outputs = [run(command, limit) for command, limit in STEPS]
    pages = json.loads((VAR / "pages.json").read_text())
    throughput = json.loads((VAR / "throughput.json").read_text())
    load_test = json.loads((VAR / "load_hours.json").read_text())
    fixes = (ROOT / "bench" / "fixes.md").read_text()
    load_after = os.getloadavg()[0]
    commands = "\n".join(" ".join(command) for command, _ in STEPS)
    results = f"""# certguide benchmarks

Run `make bench`: it installs wrk when missing, then `{PYTHON} -m bench.run` runs the
commands below (loopback only, {(time.monotonic() - started) / 60:.0f} minutes here) and
rewrites this file. Each command also runs alone.

```sh
{commands}
```

- **Machine**: {machine()}.
- **Run**: {when:%Y-%m-%d %H:%M} UTC; load average {load:.2f} at the start, {load_after:.2f} at
  the end. The machine is shared with other work: between runs the figures moved by up to a
  half.
- **Server**: `certguide.bench_settings` is the production settings (`DEBUG` off, whitenoise's
  compressed manifest storage after `collectstatic`, secure cookies, HSTS, CSP) plus one URL,
  `/bench/bare/`, that exists only under it. The server speaks plain http on loopback, so
  `SECURE_SSL_REDIRECT=false`; no `X-Forwarded-Proto` is sent. The cookies keep their `Secure`
  flag: wrk and the load test send them by hand in a `Cookie` header.
- **Data**: `certguide_bench_pages` is dropped, created, migrated and seeded by
  `bench.pages` on every run (the guide's catalog by `load_catalog`, plus the learners and
  courses described under Query counts).

{throughput_section(throughput)}
{queries_section(pages)}
{weight_section(pages)}
{load_section(load_test)}
{reminders_section(outputs[3])}
{fixes}"""
    (ROOT / "bench" / "RESULTS.md").write_text(results)
    print(f"Written bench/RESULTS.md in {(time.monotonic() - started) / 60:.1f} minutes.")


if __name__ == "__main__":
    main()
