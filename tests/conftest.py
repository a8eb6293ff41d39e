import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from certguide.celery import app as celery_app
from tests.courses.test_admin import (  # noqa: F401  (staff's fixtures)
    CATALOG_MODELS,
    editor,
    editor_client,
)

ROOT = Path(__file__).resolve().parent.parent

# Playwright's sync API keeps an event loop in the test thread; the ORM must still run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so allauth's rate-limit counters do not leak."""
    # clear() flushes the whole Redis database: never let that be the Celery broker's.
    if settings.CACHES["default"]["LOCATION"] == settings.CELERY_BROKER_URL:
        pytest.fail("The test cache shares its Redis database with the Celery broker.")
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A kept database (`--reuse-db`, the default) was flushed by the last run's last
    transactional test, and a flush does not run the data migrations again: put back what they
    write, the *Catalog editors* group with every permission on the catalog's models."""
    with django_db_blocker.unblock():
        group, created = Group.objects.get_or_create(name="Catalog editors")
        if created:
            models = [model._meta.model_name for model in CATALOG_MODELS]
            group.permissions.set(
                Permission.objects.filter(
                    content_type__app_label="courses", content_type__model__in=models
                )
            )


def database_url_for(database: dict) -> str:
    user = database.get("USER") or "postgres"
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


@pytest.fixture(scope="session")
def worker_mail_dir(tmp_path_factory) -> Path:
    """Where the test worker writes its e-mail (a file per message): it is another process, so
    Django's locmem outbox cannot see what it sends."""
    return tmp_path_factory.mktemp("worker-mail")


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, worker_mail_dir):
    """A real `celery worker` process on the real Redis, reading the test database."""
    with django_db_blocker.unblock():
        database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "certguide.test_settings",
        "DATABASE_URL": database_url_for(database),
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(worker_mail_dir),
    }
    celery_app.control.purge()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "certguide",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--hostname",
            f"tests-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while not celery_app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail("The Celery worker did not start.")
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=20)
