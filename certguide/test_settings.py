"""Settings for the test suite: real PostgreSQL and Redis, DEBUG off as in production."""

import os

# Whatever a development .env says (DEBUG on, SQLite), the suite runs as production does.
os.environ["ENV_FILE"] = ""
os.environ.setdefault(
    "SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-django-checks-000"
)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/certguide")
# Tests keep their Redis keys apart from a development server running on the same Redis.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# live_server speaks plain http on localhost.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")

from .settings import *  # noqa: F403
from .settings import CACHES, STORAGES

# The manifest storage would need collectstatic before every run.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test Celery worker is another process, out of reach of the locmem outbox: the tests
# give it the file backend and a folder through these variables.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
if "EMAIL_FILE_PATH" in os.environ:
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
# Serve static files straight from the finders, as in development: no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The cache (rate limits) is emptied between tests: keep it off the broker's database.
CACHES = {
    "default": {
        **CACHES["default"],
        "LOCATION": os.environ.get("TEST_CACHE_URL", "redis://127.0.0.1:6379/14"),
    }
}
