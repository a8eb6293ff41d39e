"""Requests per second and latency of the heaviest pages against a bare view, one gunicorn.

    .venv/bin/python -m bench.throughput [--seconds 8] [--rounds 3] [--workers 2]

Needs bench.pages first (its JSON names the URLs and holds the session cookie of the learner
with a year of data). gunicorn serves certguide.bench_settings (the production settings plus
`/bench/bare/`) on loopback; wrk (`ensure-services wrk`) loads each URL in turn for the given
seconds with the learner's cookies (the session's, and the CSRF cookie the first page sets, as
a browser sends them), in rounds, after a short warm-up; each URL's best round is kept.
bench/latency.lua adds the 95th percentile to wrk's figures.
"""

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import HOST, PORT, get, gunicorn  # noqa: E402

THREADS, CONNECTIONS = 1, 8
CSRF_COOKIE_NAME = "csrftoken"  # Django's default, which the settings keep
WARM_UP_SECONDS = 2


def wrk_command(url: str, cookie: str, seconds: float) -> list[str]:
    return [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds:g}s",
        "--latency",
        "-s",
        "bench/latency.lua",
        "-H",
        f"Cookie: {cookie}",
        f"http://{HOST}:{PORT}{url}",
    ]


def wrk(url: str, cookie: str, seconds: float) -> dict:
    output = subprocess.run(
        wrk_command(url, cookie, seconds),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    figures = {}
    for line in output.splitlines():
        key, _, value = line.partition(" ")
        if key in ("requests", "duration_us", "p50_us", "p95_us", "p99_us") or key.startswith(
            ("errors_", "non_")
        ):
            figures[key] = int(value)
    errors = sum(v for k, v in figures.items() if k.startswith(("errors_", "non_")))
    if errors:
        raise RuntimeError(f"wrk saw {errors} errors on {url}:\n{output}")
    return {
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "requests": figures["requests"],
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
    }


def browser_cookies(session_cookie: str) -> str:
    """The cookies a browser holds after its first page: the session's, and the CSRF cookie
    that page set."""
    _, _, set_cookies = get("/", session_cookie)
    csrf = next(c.split(";")[0] for c in set_cookies if c.startswith(f"{CSRF_COOKIE_NAME}="))
    return f"{session_cookie}; {csrf}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", type=Path, default=ROOT / "var" / "bench" / "pages.json")
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "throughput.json")
    args = parser.parse_args()
    pages = json.loads(args.pages.read_text())
    urls = {"bare view": "/bench/bare/", "landing": "/", **pages["throughput_urls"]}

    best: dict[str, dict] = {}
    with gunicorn(args.workers, "gunicorn-throughput.log") as command:
        cookie = browser_cookies(pages["session_cookie"])
        for url in urls.values():
            status, _, _ = get(url, cookie)
            if status != 200:  # a login redirect would be measured as a very fast page
                raise RuntimeError(f"GET {url} answered {status}, not 200")
            wrk(url, cookie, WARM_UP_SECONDS)
        for round_ in range(1, args.rounds + 1):
            for name, url in urls.items():
                figures = wrk(url, cookie, args.seconds)
                print(
                    f"round {round_}  {name:<10} {figures['rps']:8.1f} req/s  "
                    f"p95 {figures['p95_ms']:7.1f} ms",
                    flush=True,
                )
                if name not in best or figures["rps"] > best[name]["rps"]:
                    best[name] = figures
    bare = best["bare view"]["rps"]
    result = {
        "gunicorn": shlex.join([Path(command[0]).name, *command[1:]]),
        "wrk": shlex.join(wrk_command("/…", "sessionid=…; csrftoken=…", args.seconds)),
        "seconds": args.seconds,
        "rounds": args.rounds,
        "pages": [
            {"page": name, "url": urls[name], **figures, "ratio": figures["rps"] / bare}
            for name, figures in best.items()
        ],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    for page in result["pages"]:
        print(
            f"{page['page']:<10} {page['rps']:8.1f} req/s  p95 {page['p95_ms']:7.1f} ms  "
            f"{page['ratio']:.3f} × bare"
        )


if __name__ == "__main__":
    main()
