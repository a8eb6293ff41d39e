"""Browser tests: Debian's Chromium driven by Playwright (no downloaded browser)."""

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def console_errors(page):
    """Console errors and uncaught exceptions of the page, CSP violations included."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def axe_violations():
    """Run axe-core on a page: each violation as "<where>: axe <id> (<help>) on <nodes>"."""
    source = AXE_SOURCE.read_text()

    def violations(page, where: str) -> list[str]:
        # Evaluated through the DevTools protocol, which the page's CSP does not govern.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(source + "\n;undefined")
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{where}: axe {violation['id']} ({violation['help']}) on "
            + json.dumps([node["target"] for node in violation["nodes"]])
            for violation in result["violations"]
        ]

    return violations


@pytest.fixture
def axe_audit(axe_violations):
    """Run axe-core on a page and fail on any violation, naming each with its nodes."""

    def audit(page) -> None:
        found = axe_violations(page, page.url)
        assert found == [], "axe-core violations:\n" + "\n".join(found)

    return audit
