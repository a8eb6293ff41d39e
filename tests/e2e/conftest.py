"""Browser tests: Debian's Chromium driven by Playwright (no downloaded browser)."""

import json
from pathlib import Path

import pytest
import tablib

from courses.catalog import EXTRA_FILES, catalog_load, read_catalog
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

    def violations(page, where: str, enable: tuple[str, ...] = ()) -> list[str]:
        """`enable`: rules axe leaves off by default, such as "target-size" (WCAG 2.5.8)."""
        # Evaluated through the DevTools protocol, which the page's CSP does not govern.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(source + "\n;undefined")
        rules = {rule: {"enabled": True} for rule in enable}
        result = page.evaluate(
            "async (rules) => await axe.run(document, {resultTypes: ['violations'], rules})", rules
        )
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


@pytest.fixture
def catalog_with_backers():
    """The guide's catalog, and the platforms and institutions the extra programs name."""
    catalog_load(data=read_catalog())
    for resource, path in EXTRA_FILES[:-1]:
        dataset = resource().import_data(tablib.Dataset().load(path.read_text(), format="csv"))
        assert not dataset.has_errors() and not dataset.has_validation_errors()


# WCAG's contrast ratio of the elements' colour (their `color`, or the named property) against the
# first opaque background behind each (the root's when none is set): the lowest, or null if none.
# Text sits on its own element's background; a fill, stroke or outline on its parent's.
CONTRAST = """([selector, property]) => {
  const rgb = (value) => value.match(/[\\d.]+/g).map(Number);
  const channel = (c) => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const ratio = (element) => {
    let behind = property === "color" ? element : element.parentElement;
    let background = "rgba(0, 0, 0, 0)";
    while (behind) {
      background = getComputedStyle(behind).backgroundColor;
      if (rgb(background)[3] !== 0) break;
      behind = behind.parentElement;
    }
    const fore = luminance(rgb(getComputedStyle(element)[property]));
    const back = luminance(rgb(background));
    return (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
  };
  const elements = [...document.querySelectorAll(selector)];
  return elements.length ? Math.min(...elements.map(ratio)) : null;
}"""


def contrast(page, selector: str, css_property: str) -> float:
    ratio = page.evaluate(CONTRAST, [selector, css_property])
    assert ratio is not None, f"nothing matches {selector}"
    return round(ratio, 2)
