"""Settings for `make bench`: the production settings, plus one bare view to measure against.

Only the benchmarks load this module (DJANGO_SETTINGS_MODULE=certguide.bench_settings), so
the bare view's URL exists nowhere else. The bench drops and recreates its database, so that
is never taken from DATABASE_URL (which may name a real one) but from BENCH_DATABASE_URL.
The server is plain http on loopback: no SSL redirect (the cookies stay `Secure`; the bench
clients send them by hand), and the test client's host is allowed.
"""

import os

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/certguide_bench_pages"
)
os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-django-checks-0000000")
# Apart from a development server's and the tests' Redis databases.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")

from .settings import *  # noqa: F403
from .settings import VAR_DIR

ROOT_URLCONF = "certguide.bench_urls"
# collectstatic for the bench goes here, apart from a deployment's own STATIC_ROOT.
STATIC_ROOT = VAR_DIR / "bench" / "static"
