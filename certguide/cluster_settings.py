"""Settings for `make cluster-test` and the beat-lock test: the production settings with the
clock sped up, so that beat ticks, lock takeovers and failovers fit in seconds.

Every process of the cluster (gunicorn, workers, beats) loads this module; the harness sets
DATABASE_URL and REDIS_URL / REDIS_SENTINELS itself. The servers are plain http on loopback:
no SSL redirect, and cookies without `Secure` so that a plain HTTP client sends them back.
"""

import datetime as dt
import os

os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["SESSION_COOKIE_SECURE"] = "false"
os.environ["CSRF_COOKIE_SECURE"] = "false"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SITE_URL", "http://127.0.0.1")
os.environ.setdefault("SECRET_KEY", "cluster-only-secret-key-long-enough-for-django-checks-00000")

from .settings import *  # noqa: F403
from .settings import CELERY_BEAT_SCHEDULE, STORAGES, VAR_DIR, env

# The sweep every few seconds instead of every quarter hour; a sweep not started within a
# minute is dropped, as the real one is after 14 minutes.
BEAT_TICK_SECONDS = env.float("CLUSTER_TICK_SECONDS", default=2)
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {
        **CELERY_BEAT_SCHEDULE["reminders-sweep"],
        "schedule": dt.timedelta(seconds=BEAT_TICK_SECONDS),
        "options": {"expires": 60},
    }
}
# A waiting beat asks for the lock once a second.
CELERY_BEAT_MAX_LOOP_INTERVAL = 1
# The beat-lock test publishes to a queue of its own, which no worker of the test suite reads.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "cluster" / "mail"))
# Static files straight from the finders, as in the tests: no collectstatic before a run.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
