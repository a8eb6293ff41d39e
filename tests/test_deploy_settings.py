import json
import os
import subprocess
import sys

from tests.conftest import ROOT

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k7Qv-3zP9wL2xN8mR4tY6uB1cD5eF0gH-jK3lM7nO2pQ9rS4tU8vW1xY6zA5bC0d",
    "ALLOWED_HOSTS": "certguide.example",
    "SITE_URL": "https://certguide.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/certguide",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.certguide.example:587",
}


def run_manage(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
    # Only the production variables: none of the test run's overrides leak in.
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **PRODUCTION_ENV}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_a_weak_secret_key():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY="short")

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def allauth_client_ip_settings(**extra_env: str) -> str:
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)",
        **extra_env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_trusted_proxies_come_from_the_environment():
    assert allauth_client_ip_settings() == "0 None"
    assert allauth_client_ip_settings(TRUSTED_PROXY_COUNT="1") == "1 None"
    assert allauth_client_ip_settings(TRUSTED_CLIENT_IP_HEADER="X-Real-IP") == "0 X-Real-IP"


SHOW_SERVICES = (
    "from django.conf import settings as s; from certguide.celery import app; import json;"
    "print(json.dumps({'broker': app.conf.broker_url, 'master': app.conf.broker_transport_options"
    ".get('master_name'), 'beat': app.conf.beat_scheduler, 'redbeat': app.conf.redbeat_redis_url,"
    "'cache': s.CACHES['default']['LOCATION'], 'factory': s.CACHES['default']['OPTIONS']"
    ".get('CONNECTION_FACTORY'), 'db': s.DATABASES['default'].get('OPTIONS', {}).get('pool'),"
    "'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE']}, default=str))"
)


def show_services(**extra_env: str) -> dict:
    result = run_manage("shell", "-c", SHOW_SERVICES, **extra_env)
    assert result.returncode == 0, result.stderr
    # The last line: `shell` may first say what it imported.
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_one_redis_and_no_pool_unless_asked():
    services = show_services()

    assert services["broker"] == services["redbeat"] == "redis://127.0.0.1:6379/0"
    assert services["cache"] == "redis://127.0.0.1:6379/0"
    assert services["master"] is services["factory"] is services["db"] is None
    assert services["beat"] == "redbeat.RedBeatScheduler"
    assert services["conn_max_age"] == 60


def test_sentinels_and_pool_reach_celery_beat_the_cache_and_the_database():
    services = show_services(
        REDIS_SENTINELS="127.0.0.1:26379,127.0.0.1:26380",
        REDIS_SENTINEL_MASTER="certguide",
        DATABASE_POOL="true",
        DATABASE_POOL_MAX_SIZE="6",
    )

    assert services["broker"].startswith("sentinel://127.0.0.1:26379/0;sentinel://")
    assert services["master"] == "certguide"
    assert services["redbeat"] == "redis-sentinel://"
    assert services["cache"] == "redis://certguide/0"
    assert services["factory"] == "django_redis.pool.SentinelConnectionFactory"
    assert services["db"]["max_size"] == 6
    # Django refuses persistent connections alongside its pool.
    assert services["conn_max_age"] == 0
