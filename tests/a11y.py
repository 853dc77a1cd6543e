"""Accessibility tooling for the tests: axe-core (npm) injected by Playwright, Nu HTML checker.

Both come from npm (`package.json` devDependencies; `make vendor` runs `npm install`). The paths
can be overridden with AXE_CORE_JS and VNU_JAR (e.g. when node_modules is shared and older).
A missing tool fails the test with the fix, rather than skipping a check silently.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _tool(env: str, rel: str) -> Path:
    path = Path(os.environ.get(env) or ROOT / "node_modules" / rel)
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make vendor` (npm install) or set {env}")
    return path


def axe_source() -> str:
    """The axe-core script."""
    return _tool("AXE_CORE_JS", "axe-core/axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """Run axe (WCAG 2.0/2.1 A and AA) on the page; one line per violation with its targets."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    found = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' '))
                .slice(0, 3).join(' | '));
        }""",
        AXE_TAGS,
    )
    return list(found)


def overflow(page) -> tuple[int, int]:
    """(scrollWidth, clientWidth) of the document: a page scrolls sideways if the first wins."""
    return tuple(
        page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
    )


def unframed_callouts(page) -> list[str]:
    """Titles of the callouts drawn without their frame: bootstrap-italia 2 draws the border and
    the margins on `.callout-inner`, so a `.callout` without one runs into the next heading."""
    return page.eval_on_selector_all(
        ".callout",
        """els => els.filter(e => {
            const inner = e.querySelector(':scope > .callout-inner');
            return !inner || parseFloat(getComputedStyle(inner).borderTopWidth) < 1;
        }).map(e => e.innerText.trim().split('\\n')[0])""",
    )


def vnu_errors(html_by_name: dict[str, str], tmp_path: Path) -> list[str]:
    """Nu HTML checker errors for some documents (one JVM start for all of them)."""
    jar = _tool("VNU_JAR", "vnu-jar/build/dist/vnu.jar")
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: the Nu HTML checker needs a JRE (default-jre)")
    files = []
    for name, html in html_by_name.items():
        f = tmp_path / f"{name}.html"
        f.write_text(html, encoding="utf-8")
        files.append(str(f))
    out = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(out.stdout or "{}").get("messages", [])
    return [
        f"{Path(m.get('url', '')).stem}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]


class _Elements(HTMLParser):
    """Every element with an id: its tag and attributes; the error summaries' links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.by_id: dict[str, dict] = {}
        self.summaries: list[dict] = []
        self.links: list[str] = []
        self._depth = 0  # > 0 while inside an error summary (no nested divs in it)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.by_id[a["id"]] = {"tag": tag, **a}
        if "data-error-summary" in a:
            self.summaries.append(a)
            self._depth = 1
        elif self._depth and tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        elif self._depth and tag == "div":
            self._depth += 1

    def handle_endtag(self, tag):
        if self._depth and tag == "div":
            self._depth -= 1


def assert_error_tied(html: str, input_id: str, error_id: str | None = None) -> None:
    """The failed form's errors are tied to their input (WCAG 3.3.1): one error summary
    (role=alert, focusable) with a link to ``input_id``, and the input has
    aria-invalid="true" and an aria-describedby naming elements that exist, its error text
    ``error_id`` (``<input_id>-err`` by default; a radio group shares one) among them."""
    page = _Elements()
    page.feed(html)
    assert len(page.summaries) == 1, page.summaries
    summary = page.summaries[0]
    assert summary.get("role") == "alert" and summary.get("tabindex") == "-1", summary
    assert input_id in page.links, (input_id, page.links)
    field = page.by_id.get(input_id)
    assert field is not None, f"no element #{input_id}"
    assert field.get("aria-invalid") == "true", field
    described = (field.get("aria-describedby") or "").split()
    assert described and all(d in page.by_id for d in described), (field, described)
    assert (error_id or f"{input_id}-err") in described, described
