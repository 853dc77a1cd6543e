"""Open the portal's exports in a real spreadsheet program (LibreOffice Calc, headless).

    apt-get install --no-install-recommends libreoffice-calc-nogui   # not a portal dependency
    python bench/spreadsheet_open.py [--db instance/portal.db] [--out /tmp/spreadsheet_open]

Issue 15 item 7 asks for exports that "open right" in an Italian spreadsheet. This script makes
a copy of a seeded portal database (``make db``), puts a formula-like title on one project (to
see the escaping), logs in as the demo Region staff and downloads every staff and open-data
export. Then LibreOffice reads each file the way it reads a download on an Italian desktop:

* CSV (Italian dialect): the import filter with ``;`` as separator, UTF-8, and the Italian
  language (1040) for numbers and dates; the ``?dialect=intl`` files with ``,`` and English (US);
* XLSX: opened as it is.

Each file is converted to ``.xlsx`` by LibreOffice and read back with openpyxl: for every column
the script counts the cells LibreOffice took as numbers, dates and text, and checks the
accented header, the money columns (all numbers, none text), the date columns (all dates) and
the formula-like title (shown as typed, never run). It also converts each XLSX to CSV through
LibreOffice to read the *shown* text of the formula-like cell (a visible apostrophe would show
there). Prints a table and writes ``report.json``; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.projects.models import FundedProject  # noqa: E402

STAFF = "staff@demo.portale.example"
PASSWORD = "lombardia-salute-2026"
FORMULA_TITLE = '=HYPERLINK("http://evil.example";"x")'
# (url, file name, LibreOffice CSV import options or None for XLSX)
IT_CSV = "59,34,76,1,,1040"  # separator ';', quote '"', UTF-8, from line 1, standard, Italian
INTL_CSV = "44,34,76,1,,1033"  # separator ',', English (US)
EXPORTS = [
    ("/projects/export/projects.csv?lang=it", "projects-it.csv", IT_CSV),
    ("/projects/export/partners.csv?lang=it", "partners-it.csv", IT_CSV),
    ("/projects/export/spending.csv?lang=it", "spending-it.csv", IT_CSV),
    ("/projects/export/projects.csv?lang=en&dialect=intl", "projects-intl.csv", INTL_CSV),
    ("/projects/export/projects.xlsx?lang=it", "projects-it.xlsx", None),
    ("/projects/export/partners.xlsx?lang=it", "partners-it.xlsx", None),
    ("/compute/dashboard.csv?lang=it", "compute-it.csv", IT_CSV),
    ("/opendata/projects.csv?lang=it", "opendata-projects-it.csv", IT_CSV),
    ("/opendata/partners.csv?lang=it", "opendata-partners-it.csv", IT_CSV),
    ("/opendata/calls.csv?lang=it", "opendata-calls-it.csv", IT_CSV),
    ("/opendata/projects.csv?lang=en&dialect=intl", "opendata-projects-intl.csv", INTL_CSV),
]


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")


def convert(src: Path, fmt: str, outdir: Path, infilter: str | None) -> Path:
    """LibreOffice converts ``src`` to ``fmt`` in ``outdir`` (its own profile folder)."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    cmd = [soffice(), f"-env:UserInstallation=file://{profile}", "--headless"]
    if infilter:
        cmd.append(f"--infilter=CSV:{infilter}")
    cmd += ["--convert-to", fmt, "--outdir", str(outdir), str(src)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    shutil.rmtree(profile, ignore_errors=True)
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    if not out.exists():
        raise RuntimeError(f"LibreOffice wrote nothing for {src.name}")
    return out


def download(db_path: Path, outdir: Path) -> dict[str, Path]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "MATCHING_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    files = {}
    with app.app_context():
        project = db.session.execute(
            select(FundedProject).where(FundedProject.source == "portal").limit(1)
        ).scalar_one()
        project.title = FORMULA_TITLE
        db.session.commit()
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    resp = client.post(
        "/auth/login", data={"email": STAFF, "password": PASSWORD, "csrf_token": token}
    )
    if resp.status_code != 302:
        sys.exit(f"login as {STAFF} failed: {resp.status_code}")
    for url, name, _ in EXPORTS:
        resp = client.get(url)
        if resp.status_code != 200:
            sys.exit(f"{url}: {resp.status_code}")
        path = outdir / name
        path.write_bytes(resp.get_data())
        files[name] = path
    return files


def kinds(ws) -> dict[str, dict[str, int]]:
    """Per header: how many cells LibreOffice made numbers, dates, text (empty cells left out)."""
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    out = {h: {"number": 0, "date": 0, "text": 0} for h in header}
    for row in rows[1:]:
        for h, v in zip(header, row, strict=False):
            if v is None or v == "":
                continue
            kind = (
                "date"
                if isinstance(v, datetime)
                else "number"
                if isinstance(v, int | float)
                else "text"
            )
            out[h][kind] += 1
    return out


def checks(name: str, col_kinds: dict, shown_formula: str | None) -> list[str]:
    """What must hold for a file; returns the failures."""
    bad = []
    for h, k in col_kinds.items():
        money = "EUR" in h or h.endswith("_eur") or h.startswith("Importo")
        dated = h.lower().startswith(("start", "end", "inizio", "fine", "data", "date")) or (
            h.endswith("_date")
        )
        if money and k["text"]:
            bad.append(f"{name}: money column {h!r} has {k['text']} text cells")
        if dated and (k["text"] or k["number"]):
            bad.append(f"{name}: date column {h!r} has {k['text'] + k['number']} non-date cells")
    if shown_formula is not None and shown_formula != FORMULA_TITLE:
        bad.append(f"{name}: the formula-like title shows as {shown_formula!r}")
    return bad


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=ROOT / "instance" / "portal.db")
    ap.add_argument("--out", type=Path, default=Path("/tmp/spreadsheet_open"))
    args = ap.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db}: no database (run `make db` first)")
    shutil.rmtree(args.out, ignore_errors=True)
    (args.out / "lo").mkdir(parents=True)
    work_db = args.out / "portal-copy.db"
    shutil.copyfile(args.db, work_db)
    files = download(work_db, args.out)
    report, failures = {}, []
    for url, name, infilter in EXPORTS:
        src = files[name]
        xlsx = convert(src, "xlsx", args.out / "lo", infilter)
        ws = load_workbook(xlsx).active
        col_kinds = kinds(ws)
        shown = None
        if infilter is None:
            # The text LibreOffice shows for each cell, via its own CSV writer.
            shown_csv = convert(
                src, "csv:Text - txt - csv (StarCalc):59,34,76", args.out / "lo", None
            )
            text = shown_csv.read_text(encoding="utf-8")
            cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
            shown = next((c for c in cells if "HYPERLINK" in c), None)  # None: no title column
        else:
            raw = src.read_text(encoding="utf-8-sig")
            if "HYPERLINK" in raw:
                cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
                shown = next((c for c in cells if "HYPERLINK" in c), "(not found)")
                # A CSV cannot carry "this is text": the export prefixes an apostrophe (OWASP
                # CSV injection advice), which a spreadsheet shows. Recorded, not failed.
                report.setdefault("csv_formula_cells", {})[name] = shown
                shown = None
        failures += checks(name, col_kinds, shown)
        report[name] = {"url": url, "columns": col_kinds, "formula_shown": shown}
        numbers = sum(k["number"] for k in col_kinds.values())
        dates = sum(k["date"] for k in col_kinds.values())
        texts = sum(k["text"] for k in col_kinds.values())
        print(f"{name:28} {len(col_kinds):3} columns", end="")
        print(f"  numbers {numbers:5}  dates {dates:5}  text {texts:6}")
    report["failures"] = failures
    (args.out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    for f in failures:
        print("FAIL", f)
    print(f"{len(failures)} failures; report in {args.out / 'report.json'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
