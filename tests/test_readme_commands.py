"""The README's commands, run as it writes them in a copy of the clone after `make install`.

The copy holds the files a clone has (tracked, or new and not ignored), shares the installed
`.venv/` and `node_modules/`, and runs each command with no variable of the test run: its
settings come from the `.env` that `make install` writes there, like a newcomer's.
"""

import os
import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import ROOT

INSTALLED = (".venv", "node_modules", ".tools")


def readme_commands(heading: str) -> list[str]:
    """The commands of the first sh block after `## heading`, without trailing comments."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split(f"\n## {heading}\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("\n```", 1)[0]
    return [re.sub(r"\s+# .*$", "", line) for line in block.splitlines() if line.strip()]


def the_command(commands: list[str], *words: str) -> str:
    [command] = [c for c in commands if all(word in shlex.split(c) for word in words)]
    return command


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory) -> Path:
    clone = tmp_path_factory.mktemp("clone")
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (file.decode() for file in files)):
        source = ROOT / name
        if source.is_file():  # a file deleted in the work tree is not in a clone either
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)  # with its time, so make sees installs as done
    for name in INSTALLED:
        if (ROOT / name).exists():
            (clone / name).symlink_to(ROOT / name)
    result = subprocess.run(
        ["make", "install"], cwd=clone, env=newcomer_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The one edit the README asks for here: a Redis database that no other worker of the
    # suite consumes from (the test cache's, emptied before each test), so only this
    # clone's worker can answer.
    with (clone / ".env").open("a") as env_file:
        env_file.write(f"REDIS_URL={settings.CACHES['default']['LOCATION']}\n")
    return clone


def newcomer_env() -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}


def run(clone: Path, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=clone,
        env=newcomer_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_install_writes_the_development_settings(fresh_clone):
    env_file = (fresh_clone / ".env").read_text()

    assert "\nDEBUG=true\n" in env_file
    assert re.search(r"^SECRET_KEY=\S{50,}$", env_file, re.MULTILINE)


def test_every_command_by_hand_exits_0(fresh_clone):
    commands = readme_commands("Commands by hand")
    for words in (
        ("check",),
        ("load_catalog",),
        ("send_reminders", "--dry-run"),
        ("createsuperuser", "--noinput"),
    ):
        the_command(commands, *words)  # the README still has it

    for command in commands:
        result = run(fresh_clone, command)
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"

    # Each did its work in the clone's own SQLite database.
    assert (fresh_clone / "var" / "certguide.sqlite3").exists()
    superuser = run(
        fresh_clone,
        ".venv/bin/python manage.py shell -c "
        '"from django.contrib.auth.models import User; '
        'print(User.objects.get(is_superuser=True).email)"',
    )
    assert superuser.stdout.splitlines()[-1] == "admin@example.com", superuser.stderr


def test_celery_call_reaches_the_readme_worker(fresh_clone):
    commands = readme_commands("Running the parts separately")
    worker_command = the_command(commands, "worker")
    call_command = the_command(commands, "call", "certguide.ping")
    log = fresh_clone / "var" / "worker.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("w") as log_file:
        worker = subprocess.Popen(
            ["bash", "-c", f"exec {worker_command}"],
            cwd=fresh_clone,
            env=newcomer_env(),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(log, r"celery@\S+ ready", worker)
        result = run(fresh_clone, call_command)
        assert result.returncode == 0, result.stdout + result.stderr
        task_id = result.stdout.strip()
        wait_for(log, rf"Task certguide\.ping\[{re.escape(task_id)}\] succeeded", worker)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def wait_for(log: Path, pattern: str, worker: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if re.search(pattern, log.read_text()):
            return
        if worker.poll() is not None:
            break
        time.sleep(0.2)
    pytest.fail(f"no /{pattern}/ in the worker's log:\n{log.read_text()}")
