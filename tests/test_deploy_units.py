"""The systemd units in deploy/: each restarts on exit, runs hardened, and starts a command
that exists in the project."""

import configparser

import pytest

from tests.conftest import ROOT

UNITS = {
    "certguide-web.service": "gunicorn certguide.wsgi",
    "certguide-worker@.service": "celery -A certguide worker -n w%i@%%h",
    "certguide-beat.service": "celery -A certguide beat",
}


def service_section(name: str) -> configparser.SectionProxy:
    # systemd's files are INI-like; values keep their case, and `%` is systemd's, not ours.
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "deploy" / name)
    return parser["Service"]


def test_there_is_a_unit_for_each_kind_of_process():
    assert sorted(path.name for path in (ROOT / "deploy").glob("*.service")) == sorted(UNITS)


@pytest.mark.parametrize(("name", "command"), UNITS.items())
def test_each_unit_restarts_and_is_hardened(name, command):
    service = service_section(name)

    assert command in service["ExecStart"]
    assert service["ExecStart"].startswith("/srv/certguide/.venv/bin/")
    assert service["Restart"] == "always"
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["PrivateTmp"] == "yes"
    assert service["User"] != "root"
