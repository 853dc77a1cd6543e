"""A module imports on its own: registering a search document at import time must not
configure the mappers before every model exists (importing app.orgs.services alone failed with
"expression 'User' failed to locate a name")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", ["app.orgs.services", "app.projects.search_docs"])
def test_module_imports_alone(module):
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
