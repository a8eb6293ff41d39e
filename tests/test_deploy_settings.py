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
