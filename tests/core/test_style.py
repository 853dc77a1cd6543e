"""House style (DESIGN.md rule 10): ruff lint and format are clean over the whole tree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_check_is_clean():
    result = _ruff("check", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_format_is_clean():
    result = _ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_tools_the_suite_enforces_are_the_pinned_versions():
    """requirements-dev.txt pins ruff and mypy; the venv must run exactly those."""
    pins = dict(
        line.split("==")
        for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    ruff = _ruff("--version").stdout.split()[-1]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--version"], capture_output=True, text=True
    ).stdout.split()[1]
    assert (pins["ruff"], pins["mypy"]) == (ruff, mypy)


def test_mypy_is_clean_on_app_core():
    """The shared foundation type-checks (issue 17 item 13)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "app/core",
            "--ignore-missing-imports",
            "--follow-imports=silent",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]
