"""The development `.env` that `make install` writes: read by the settings, beaten by the
environment, never read by the test settings; production still needs its own key."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SHOW_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'SECRET_KEY': s.SECRET_KEY, "
    "'ENGINE': s.DATABASES['default']['ENGINE']}))"
)
FILE_KEY = "file-key-" + "x" * 50


def settings_seen(settings_module: str, env_file, **env: str) -> subprocess.CompletedProcess:
    """Settings as a process with only these variables (and the given .env) sees them."""
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    clean |= {"DJANGO_SETTINGS_MODULE": settings_module, "ENV_FILE": str(env_file), **env}
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def development_env_file(tmp_path):
    path = tmp_path / ".env"
    path.write_text(f"# comment\nDEBUG=true\nSECRET_KEY={FILE_KEY}\n")
    return path


def test_the_settings_read_the_development_file(development_env_file):
    result = settings_seen("certguide.settings", development_env_file)

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen == {"DEBUG": True, "SECRET_KEY": FILE_KEY, "ENGINE": "django.db.backends.sqlite3"}


def test_the_environment_wins_over_the_file(development_env_file):
    result = settings_seen(
        "certguide.settings",
        development_env_file,
        DEBUG="false",
        SECRET_KEY="environment-key-" + "y" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/certguide",
    )

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["DEBUG"] is False
    assert seen["SECRET_KEY"].startswith("environment-key-")
    assert seen["ENGINE"] == "django.db.backends.postgresql"


def test_the_test_settings_never_read_a_development_file(development_env_file):
    result = settings_seen(
        "certguide.test_settings",
        development_env_file,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/certguide",
    )

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["DEBUG"] is False
    assert seen["SECRET_KEY"] != FILE_KEY
    assert seen["ENGINE"] == "django.db.backends.postgresql"


def test_production_without_a_key_refuses_to_start(tmp_path):
    """No .env on a server and no SECRET_KEY: DEBUG is off, and the settings stop."""
    result = settings_seen("certguide.settings", tmp_path / "absent.env")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_make_install_writes_a_development_file_once(tmp_path):
    makefile = tmp_path / "Makefile"
    makefile.write_text((ROOT / "Makefile").read_text())

    subprocess.run(["make", "-s", ".env"], cwd=tmp_path, check=True, capture_output=True)
    first = (tmp_path / ".env").read_text()
    (tmp_path / ".env").write_text(first + "DEBUG=false\n")  # the developer's own edit
    subprocess.run(["make", "-s", ".env"], cwd=tmp_path, check=True, capture_output=True)

    assert "\nDEBUG=true\n" in first
    key = next(line for line in first.splitlines() if line.startswith("SECRET_KEY="))
    assert len(key.removeprefix("SECRET_KEY=")) >= 50
    assert (tmp_path / ".env").read_text().endswith("DEBUG=false\n")
    assert (tmp_path / ".env").stat().st_mode & 0o077 == 0
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert ignored.returncode == 0, ".env is not git-ignored"
