"""Copy the front-end packages installed by npm into app/static/vendor (run by `make vendor`)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
DEST = ROOT / "app" / "static" / "vendor"
FILES = {
    "bootstrap-italia/dist/css": "bootstrap-italia/css",
    "bootstrap-italia/dist/js/bootstrap-italia.bundle.min.js": (
        "bootstrap-italia/js/bootstrap-italia.bundle.min.js"
    ),
    "bootstrap-italia/dist/fonts": "bootstrap-italia/fonts",
    "bootstrap-italia/dist/svg": "bootstrap-italia/svg",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "chart.js/dist/chart.umd.min.js": "chart.js/chart.umd.min.js",
    "cytoscape/dist/cytoscape.min.js": "cytoscape/cytoscape.min.js",
    # The browsable API documentation at /api/docs (served from here, never from a CDN).
    "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
    "swagger-ui-dist/swagger-ui.css": "swagger-ui/swagger-ui.css",
    "swagger-ui-dist/LICENSE": "swagger-ui/LICENSE",
}


def copy_vendor() -> int:
    """Copy each listed file or folder; return the number of entries copied."""
    if not NODE.is_dir():
        sys.exit("node_modules/ is missing: run `npm install` first.")
    for src, dst in FILES.items():
        s, d = NODE / src, DEST / dst
        d.parent.mkdir(parents=True, exist_ok=True)
        if s.is_dir():
            shutil.copytree(s, d, dirs_exist_ok=True)
        else:
            shutil.copy2(s, d)
    return len(FILES)


if __name__ == "__main__":
    print(f"vendor: copied {copy_vendor()} front-end assets to {DEST.relative_to(ROOT)}")
