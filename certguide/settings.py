"""certguide settings, read from the environment (see README "Configuration").

A development clone keeps its variables in `.env` (git-ignored, written by `make install`:
DEBUG on and a key of its own); the defaults give SQLite under var/, Redis on localhost and
e-mail to var/mail/. Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
REDIS_URL, EMAIL_URL and SITE_URL; `manage.py check --deploy` is then clean.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from . import topology

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# Variables already in the environment win over the file; ENV_FILE="" reads none (the test
# settings), so that a developer's .env never reaches the suite.
ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE:
    environ.Env.read_env(ENV_FILE)

DEBUG = env.bool("DEBUG", default=False)

# Development may run without a key; production must bring its own.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-not-for-any-deployed-site"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
# The deployed release (a commit id): in the public pages' ETags, so that a deployment's new
# markup is not answered with "304 Not Modified".
RELEASE = env.str("RELEASE", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials",
    "csp",
    "allauth",
    "allauth.account",
    "import_export",
    "simple_history",
    "courses",
    "learners",
    "groups",
    "insights",
    # django-ninja's docs page and its assets (served from static, under the site's CSP).
    "ninja",
    "api",
]

MIDDLEWARE = [
    # Header-setting middleware comes first, before SecurityMiddleware, WhiteNoise and
    # CommonMiddleware, so that plain http's redirect to https, static files and responses cut
    # short (a refused Host header's 400) carry the headers too.
    "certguide.middleware.permissions_policy_middleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "certguide.middleware.session_cookie_check_middleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "certguide.middleware.private_when_signed_in_middleware",
]

ROOT_URLCONF = "certguide.urls"
# The seam through which the catalog's pages learn a signed-in learner's weekly hours (the
# catalog knows no learner): see courses.views.
CATALOG_LEARNER_WEEKLY_HOURS = "learners.weekly_hours.learner_weekly_hours"
# Peer review lives in the groups app, which learners never imports: the learners' pages read
# its facts through these functions (see groups.selectors.reviews).
LEARNERS_PROJECT_REVIEWS = "groups.selectors.reviews.project_reviews"
LEARNERS_PEER_REVIEWED_PROJECTS = "groups.selectors.reviews.peer_reviewed_projects"
LEARNERS_PEER_REVIEW_COUNTS = "groups.selectors.reviews.peer_review_counts"
LEARNERS_EXPORT_GROUPS = "groups.selectors.export.group_data_of"
# Called, in order, with `user=` before an account is deleted (learners.services.learner_delete):
# the learner's study groups are left, and those they own handed on.
ACCOUNT_DELETION_STEPS = ["groups.services.account_leaving"]
# Called, in order, with the demo learner (`user=`) by `manage.py seed_demo`: other apps' part
# of the demo, each adding only what is missing.
DEMO_SEED_STEPS = ["groups.demo.seed_demo_group", "groups.review_demo.seed_demo_review"]
# Form widgets render through the project's templates, so templates/django/forms/ can
# replace Django's own (a <select> whose options render inline, without an include each).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "certguide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "learners.context_processors.theme",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'certguide.sqlite3'}"),
}
# Django's psycopg pool (DATABASE_POOL=true), one per process: a process holds at most
# DATABASE_POOL_MAX_SIZE connections, so the database sees (gunicorn workers + Celery worker
# processes + beats) × that many at most. A pool replaces persistent connections.
DATABASE_POOL_OPTIONS = topology.database_pool_options(
    DATABASES["default"]["ENGINE"],
    enabled=env.bool("DATABASE_POOL", default=False),
    min_size=env.int("DATABASE_POOL_MIN_SIZE", default=1),
    max_size=env.int("DATABASE_POOL_MAX_SIZE", default=4),
    timeout=env.float("DATABASE_POOL_TIMEOUT", default=10),
)
DATABASES["default"]["OPTIONS"] = {
    **DATABASES["default"].get("OPTIONS", {}),
    **DATABASE_POOL_OPTIONS,
}
DATABASES["default"]["CONN_MAX_AGE"] = (
    0 if DATABASE_POOL_OPTIONS else env.int("CONN_MAX_AGE", default=60)
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Querysets are read whole: server-side cursors only add round trips (and break behind
# a transaction-pooling PgBouncer).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite (the development default) cannot defer unique constraints and skips them; forms still
# check those, and PostgreSQL enforces them.
SILENCED_SYSTEM_CHECKS = ["models.W038"]

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
# With both set, Redis is the master the sentinels name (REDIS_URL then gives only the
# database number and password): broker, results, beat's schedule and the cache follow it.
REDIS = topology.redis_target(
    REDIS_URL,
    sentinels=env.str("REDIS_SENTINELS", default=""),
    master=env.str("REDIS_SENTINEL_MASTER", default=""),
)
# Seconds a request may wait on Redis before treating it as down: nothing on a request's
# path may hang on the broker.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)

CACHE_LOCATION, CACHE_SENTINEL_OPTIONS = topology.cache_location_and_options(REDIS)
CACHES = {
    "default": {
        "BACKEND": "certguide.cache.FailSoftRedisCache",
        "LOCATION": CACHE_LOCATION,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_TIMEOUT,
            # A Redis outage must not take pages down: while Redis is unreachable every cache
            # call fails soft (a miss, a write dropped) and is logged. Sessions then come from
            # the database; rate limits count again once Redis answers.
            "IGNORE_EXCEPTIONS": True,
            **CACHE_SENTINEL_OPTIONS,
        },
        "KEY_PREFIX": "certguide",
    }
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Accounts (django-allauth): e-mail and password, verified e-mail before first log-in.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "learners:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_REDIRECT_URL = "learners:onboarding"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[certguide] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {"add_email": "learners.forms.account.AddEmailForm"}
# The confirmation link keeps the sign-up's way back (an invite link) on any device.
ACCOUNT_ADAPTER = "learners.account_adapter.AccountAdapter"
# allauth's default rate limits apply (failed log-ins: 10 a minute per IP, 5 per 5 minutes
# per account; sign-ups, resets…), counted in the Redis cache above.
# Per-IP limits key on the client's address. Behind reverse proxies that append it to
# X-Forwarded-For, TRUSTED_PROXY_COUNT says how many there are (the address is read that many
# entries from the right); 0 ignores the header, which a client can forge. A proxy that sends
# the address in a header of its own names it in TRUSTED_CLIENT_IP_HEADER instead.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default=None)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# Stored times are UTC; each learner's week is computed in their own time zone.
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: files under var/mail/ unless EMAIL_URL names a server (smtp://, smtp+tls://…).
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    globals().update(environ.Env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# Seconds an SMTP server may stall: well under the tasks' soft time limit, so that a hung
# server ends as an error the reminder task retries.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="certguide <noreply@certguide.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: JSON only, late acks for idempotent tasks, short broker timeouts so that a
# request never waits long on a Redis that is down.
REDIS_FOR_CELERY = topology.celery_redis_settings(REDIS, timeout=REDIS_TIMEOUT)
CELERY_BROKER_URL = REDIS_FOR_CELERY["BROKER_URL"]
CELERY_RESULT_BACKEND = REDIS_FOR_CELERY["RESULT_BACKEND"]
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = REDIS_FOR_CELERY["RESULT_BACKEND_TRANSPORT_OPTIONS"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_RESULT_EXPIRES = 24 * 3600
# Results only where a caller waits for one: storing a result retries against a Redis that is
# down for ~20 s, and nothing on a request's path may wait that long.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Every retry and countdown stays far below this, so nothing is redelivered twice.
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    **REDIS_FOR_CELERY["BROKER_TRANSPORT_OPTIONS"],
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# celery-redbeat keeps the schedule and a lock in Redis: however many beats run, the one
# holding the lock sends each periodic task once per tick; the others wait for the lock, and
# one of them takes over within REDBEAT_LOCK_TIMEOUT seconds of the holder's death.
CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 5
# Handed to Celery under these lower-case names by certguide.celery: redbeat looks its
# settings up without the CELERY_ namespace.
REDBEAT = {
    "redbeat_redis_url": REDIS_FOR_CELERY["REDBEAT_REDIS_URL"],
    "redbeat_redis_options": REDIS_FOR_CELERY["REDBEAT_REDIS_OPTIONS"],
    "redbeat_key_prefix": "certguide:redbeat:",
    "redbeat_lock_timeout": env.int("REDBEAT_LOCK_TIMEOUT", default=30),
}
CELERY_BEAT_SCHEDULE = {
    # Group digests at each member's own slot, and the morning's review e-mails: as the
    # reminders, every 15 minutes.
    "group-mail-sweep": {
        "task": "groups.tasks.sweep_group_mail",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    # Reminder slots are whole local hours, so every zone's slot (:00, :30 or :45 in UTC) is
    # met within 15 minutes; a sweep not started by then is dropped, the next one does its work.
    "reminders-sweep": {
        "task": "learners.tasks.sweep_reminders",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    # The median hours learners really took on each course, into the table the pages read:
    # a median over every completer costs seconds at scale, so no request computes it. At 7
    # past the hour, between two reminder sweeps.
    "real-hours-medians": {
        "task": "courses.tasks.renew_real_hours",
        "schedule": crontab(minute=7),
        "options": {"expires": 50 * 60},
    },
    # Staff's counts per path and course (insights), for the same reason.
    "catalog-usage": {
        "task": "insights.tasks.renew_catalog_usage",
        "schedule": crontab(minute=8),
        "options": {"expires": 50 * 60},
    },
}

# Security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=true.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers often probe health over plain http inside the network: answer, don't redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Django's defaults, stated so that a change is deliberate: cookies go with top-level
# navigations from other sites (links in e-mails) but not with their POSTs or frames.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Sessions are read from the cache and written to both it and the database: with Redis down
# they come from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
X_FRAME_OPTIONS = "DENY"
# No page needs these browser features: a Permissions-Policy header denies them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# No inline script or style anywhere: htmx is configured by a <meta> tag to need neither.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Calls a personal access token may make to the API (django-ninja's rate format).
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/min")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Catalog import and export in admin (django-import-export): only those given the models'
# import/export permissions (the Catalog editors group, superusers), each import in one
# transaction, the uploaded file kept in the cache between preview and confirm so that any
# web server can confirm it.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
# An exported cell starting with "=" loses it: a spreadsheet would run it as a formula.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
