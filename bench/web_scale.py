"""Pages at scale (issue 18): build 1,500 / 10,000 / 100,000-organisation databases and measure
the portal's pages under load against a trivial endpoint measured in the same run.

    python bench/web_scale.py build --orgs 100000 --db sqlite:////tmp/i18p/web_100000.db
    python bench/web_scale.py run --db sqlite:////tmp/i18p/web_100000.db --label "SQLite 100k" \
        --out /tmp/i18p/run_100000.json
    python bench/web_scale.py table /tmp/i18p/run_*.json     # markdown table for bench/README.md

What the databases hold: the demo content of `flask seed` without the real-data import
(accounts, demo organisations, regional calls and projects, challenges, datasets, ...), then
synthetic CORDIS-like organisations up to --orgs, each in ~5 synthetic H2020 projects
(co-participations drawn mostly inside communities of 200 organisations). Texts are real:
titles and teasers of H2020 projects sampled from ../shared/data/h2020_project_texts.csv (rows
outside the held-out period only; nothing is tuned on them). No matcher vectors are written
(the matcher pages belong to issue 18's matcher half and are not measured here). Rows go in as
bulk Core inserts; the search index rows are analysed by app.core.search like `flask search
rebuild` does.

Measurement: gunicorn with 2 workers (`OPENBLAS_NUM_THREADS=1`), 16 concurrent clients
(threads with keep-alive sessions), each endpoint in turn with the trivial endpoint
(`/healthz`, one `SELECT 1`) between every two endpoints, --rounds rounds interleaved. For each
endpoint: p95 latency and request rate; `rate ratio` = its rate / the trivial endpoint's rate in
the same rounds.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent.parent / "shared" / "data"
if not DATA.is_dir():
    DATA = Path("/work/shared/data")

PROVINCES = ("MI", "BG", "BS", "CO", "CR", "LC", "LO", "MN", "MB", "PV", "SO", "VA")
OTHER = [("Piemonte", "TO"), ("Veneto", "VE"), ("Lazio", "RM"), (None, None)]
KINDS = ("company", "university", "research_institute", "research_hospital", "startup", "other")
AREAS = (
    "diagnostics",
    "genomics",
    "drug_discovery",
    "digital_health",
    "medical_devices",
    "clinical_data",
    "ai_imaging",
    "public_health",
)
SUFFIX = {
    "company": "S.p.A.",
    "university": "University",
    "research_institute": "Institute",
    "research_hospital": "Hospital",
    "startup": "S.r.l.",
    "other": "Association",
}


def _texts() -> list[tuple[str, str]]:
    out = []
    with open(DATA / "h2020_project_texts.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r.get("heldout_period") == "0" and r.get("title") and r.get("teaser"):
                out.append((r["title"], r["teaser"]))
    return out


def _app(url: str):
    from app import create_app

    cfg = {"SQLALCHEMY_DATABASE_URI": url, "MATCHING_ENABLED": False}
    if not url.startswith("sqlite"):
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = {}  # the SQLite busy timeout is no psycopg option
    return create_app(cfg)


def build(url: str, n_orgs: int, seed: int = 18) -> None:
    """Create the schema, the demo content and the synthetic organisations and projects."""
    from sqlalchemy import func, select
    from tqdm import tqdm

    from app.core import search
    from app.extensions import db
    from app.orgs.models import Organisation, OrgArea
    from app.projects.models import FundedProject, FundingCall, ProjectPartner
    from app.seeding import seed_all

    rng = random.Random(seed)
    texts = _texts()
    words = sorted({w for t, _ in texts for w in re.findall(r"[A-Za-z]{5,12}", t)})
    app = _app(url)
    with app.app_context():
        db.create_all()
        seed_all(data_dir="/nonexistent", progress=False)
        db.session.commit()
        have = db.session.execute(select(func.count()).select_from(Organisation)).scalar_one()
        todo = max(0, n_orgs - have)
        now = datetime.now(UTC)
        conn = db.session.connection()
        first = (db.session.execute(select(func.max(Organisation.id))).scalar_one() or 0) + 1
        orgs, areas = [], []
        for i in range(todo):
            oid = first + i
            kind = rng.choices(KINDS, weights=(50, 8, 8, 4, 20, 10))[0]
            name = " ".join(rng.sample(words, 2)).title() + f" {SUFFIX[kind]} {oid}"
            lomb = rng.random() < 0.25
            region, prov = ("Lombardia", rng.choice(PROVINCES)) if lomb else rng.choice(OTHER)
            title, teaser = rng.choice(texts)
            lo = rng.randint(1, 7)
            orgs.append(
                {
                    "id": oid,
                    "slug": f"syn-{oid}",
                    "name": name,
                    "kind": kind,
                    "description": teaser,
                    "competences": rng.sample(words, 3),
                    "offers": "",
                    "seeks": "",
                    "trl_min": lo if rng.random() < 0.5 else None,
                    "trl_max": min(9, lo + rng.randint(0, 3)),
                    "country": "IT" if region else "DE",
                    "region": region,
                    "province": prov,
                    "city": None,
                    "verified": rng.random() < 0.05,
                    "source": "cordis",
                    "external_id": f"syn{oid}",
                    "is_demo": False,
                    "regional": bool(lomb),
                    "project_count": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            for a in rng.sample(AREAS, rng.choice((0, 1, 1, 2))):
                areas.append({"org_id": oid, "area": a})
        for start in tqdm(range(0, len(orgs), 2000), desc="organisations"):
            conn.execute(Organisation.__table__.insert(), orgs[start : start + 2000])
        if areas:
            conn.execute(OrgArea.__table__.insert(), areas)
        call = FundingCall(programme="H2020", code="H2020-SYN", title="Synthetic H2020")
        call.source = "cordis"
        db.session.add(call)
        db.session.flush()
        # ~5 participations per organisation, 4-8 partners per project, mostly in one community.
        ids = [o["id"] for o in orgs]
        n_proj = len(ids) * 5 // 6
        pid0 = (db.session.execute(select(func.max(FundedProject.id))).scalar_one() or 0) + 1
        projects, partners = [], []
        by_org: dict[int, list[int]] = {}
        for j in range(n_proj):
            pid = pid0 + j
            title, teaser = rng.choice(texts)
            base = rng.randrange(0, max(1, len(ids) - 200))
            members = set()
            for _k in range(rng.randint(4, 8)):
                pool = ids[base : base + 200] if rng.random() < 0.8 else ids
                members.add(rng.choice(pool))
            year = rng.randint(2014, 2018)
            projects.append(
                {
                    "id": pid,
                    "call_id": call.id,
                    "acronym": re.sub(r"[^A-Z]", "", title.title())[:8] or f"P{pid}",
                    "title": title,
                    "abstract": teaser,
                    "programme": "H2020",
                    "keywords": rng.sample(words, 2),
                    "euroscivoc": [],
                    "topic_title": None,
                    "total_cost": 1_000_000,
                    "grant_amount": 900_000,
                    "start_date": date(year, 1, 1),
                    "end_date": date(year + 3, 1, 1),
                    "status": "completed",
                    "areas": [],
                    "is_health": True,
                    "source": "cordis",
                    "external_id": f"syn{pid}",
                    "is_demo": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            for pos, oid in enumerate(sorted(members), 1):
                partners.append(
                    {
                        "project_id": pid,
                        "org_id": oid,
                        "role": "coordinator" if pos == 1 else "participant",
                        "position": pos,
                    }
                )
                by_org.setdefault(oid, []).append(j)
        for start in tqdm(range(0, len(projects), 2000), desc="projects"):
            conn.execute(FundedProject.__table__.insert(), projects[start : start + 2000])
        for start in tqdm(range(0, len(partners), 5000), desc="participations"):
            conn.execute(ProjectPartner.__table__.insert(), partners[start : start + 5000])
        # Search documents as app.core.search analyses them (org: profile + project titles and
        # keywords, the research texts of app/projects/activity.py; project: title, abstract,
        # partner names).
        docs = []
        name_of = {o["id"]: o["name"] for o in orgs}
        for o in tqdm(orgs, desc="org documents"):
            mine = [projects[j] for j in by_org.get(o["id"], [])][-40:]
            extra = [p["title"] for p in mine] + [k for p in mine for k in p["keywords"]]
            docs.append(
                {
                    "id": search.doc_id("org", o["id"]),
                    "kind": "org",
                    "ref_id": o["id"],
                    "title": search.analyse(o["name"]),
                    "body": search.analyse(
                        o["description"], " ".join(o["competences"]), o["province"], *extra
                    ),
                }
            )
        members_of: dict[int, list[str]] = {}
        for p in partners:
            members_of.setdefault(p["project_id"], []).append(name_of[p["org_id"]])
        for p in tqdm(projects, desc="project documents"):
            docs.append(
                {
                    "id": search.doc_id("project", p["id"]),
                    "kind": "project",
                    "ref_id": p["id"],
                    "title": search.analyse(f"{p['acronym']} {p['title']}"),
                    "body": search.analyse(p["abstract"], *members_of.get(p["id"], [])),
                }
            )
        for start in tqdm(range(0, len(docs), 2000), desc="search index"):
            conn.execute(search.SearchDoc.__table__.insert(), docs[start : start + 2000])
        # project_count and regional, as `flask search rebuild` refreshes them.
        for hook in search._REBUILD_HOOKS:
            hook()
        conn.execute(
            search.SearchDoc.__table__.insert().values(
                id=search.doc_id(search._STAMP, search.ANALYSER_VERSION),
                kind=search._STAMP,
                ref_id=search.ANALYSER_VERSION,
                title="",
                body="",
            )
        )
        db.session.commit()
        if url.startswith("sqlite"):
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
        else:
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
        total = db.session.execute(select(func.count()).select_from(Organisation)).scalar_one()
        print(f"built {url}: {total} organisations, {len(projects)} synthetic projects")


ENDPOINTS = [
    ("directory page 1", "/orgs", None),
    ("directory search “genomica”", "/orgs?q=genomica", None),
    ("directory search “imaging”", "/orgs?q=imaging", None),
    ("directory with facets", "/orgs?kind=company&area=diagnostics&scope=all", None),
    ("directory page 100 (last served)", "/orgs?page=100", None),
    ("directory sorted by activity", "/orgs?sort=activity&scope=all", None),
    ("GET /api/v1/orgs", "/api/v1/orgs?scope=all", None),
    ("organisation profile", "/orgs/{slug}", None),
    ("home page", "/", None),
    ("challenges list", "/challenges", None),
    ("datasets list", "/datasets", None),
    ("staff dashboard", "/projects/dashboard", "staff"),
    ("staff dashboard with CORDIS", "/projects/dashboard?external=1", "staff"),
    ("`/catalog.ttl`", "/catalog.ttl", None),
]
TRIVIAL = ("trivial endpoint (reference)", "/healthz", None)


def _login(session, base: str) -> None:
    from app.seeding.demo_accounts import DEMO_PASSWORD

    page = session.get(base + "/auth/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    session.post(
        base + "/auth/login",
        data={
            "email": "staff@demo.portale.example",
            "password": DEMO_PASSWORD,
            "csrf_token": token.group(1) if token else "",
        },
        allow_redirects=False,
    )


def _burst(sessions, base: str, path: str, n: int) -> tuple[list[float], float, int]:
    """n requests to path spread over the client sessions; latencies, wall time, errors."""
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()
    todo = iter(range(n))

    def client(s):
        while True:
            with lock:
                if next(todo, None) is None:
                    return
            t0 = time.perf_counter()
            r = s.get(base + path, allow_redirects=False)
            dt = time.perf_counter() - t0
            with lock:
                lat.append(dt)
                if r.status_code >= 400:
                    errors[0] += 1

    threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, time.perf_counter() - t0, errors[0]


def run(url: str, label: str, out: str, rounds: int, per_burst: int, port: int, skip=()) -> None:
    """Start gunicorn on the database and measure every endpoint against the trivial one."""
    import requests
    from sqlalchemy import create_engine, text

    eng = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with eng.connect() as c:
        slug = c.execute(
            text("SELECT slug FROM organisations WHERE source = 'cordis' ORDER BY id LIMIT 1")
        ).scalar_one()
        n_orgs = c.execute(text("SELECT count(*) FROM organisations")).scalar_one()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PORTAL_MATCHING_WARMUP": "0",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "PORTAL_INSTANCE_DIR": os.environ.get("PORTAL_INSTANCE_DIR", "/tmp/web_scale_instance"),
    }
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [
            os.environ.get("WEB_SCALE_GUNICORN", str(ROOT / ".venv/bin/gunicorn")),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(out + ".gunicorn.log", "w"),  # noqa: SIM115
    )
    try:
        for _ in range(120):
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(1)
        sessions = [requests.Session() for _ in range(16)]
        # One login (the login form is rate limited), its session cookie shared by the clients.
        _login(sessions[0], base)
        for s in sessions:
            s.headers["Accept-Language"] = "it"
            s.cookies.update(sessions[0].cookies)
        results: dict[str, dict] = {}
        endpoints = [
            (n, p.format(slug=slug), a)
            for n, p, a in ENDPOINTS
            if not any(word in p for word in skip)
        ]
        # Warm-up: one request each (templates, caches) before measuring.
        for _n, path, _a in [*endpoints, TRIVIAL]:
            sessions[0].get(base + path)
        for _r in range(rounds):
            for name, path, _auth in endpoints:
                for ename, epath in ((TRIVIAL[0], TRIVIAL[1]), (name, path)):
                    lat, wall, err = _burst(sessions, base, epath, per_burst)
                    row = results.setdefault(
                        ename, {"path": epath, "lat": [], "wall": 0.0, "n": 0, "errors": 0}
                    )
                    row["lat"] += lat
                    row["wall"] += wall
                    row["n"] += len(lat)
                    row["errors"] += err
        ref_rate = results[TRIVIAL[0]]["n"] / results[TRIVIAL[0]]["wall"]
        table = {}
        for name, row in results.items():
            lat = sorted(row["lat"])
            rate = row["n"] / row["wall"]
            table[name] = {
                "path": row["path"],
                "p95_ms": round(1000 * lat[int(0.95 * (len(lat) - 1))], 1),
                "median_ms": round(1000 * statistics.median(lat), 1),
                "rate": round(rate, 1),
                "rate_ratio": round(rate / ref_rate, 3),
                "requests": row["n"],
                "errors": row["errors"],
            }
        Path(out).write_text(json.dumps({"label": label, "orgs": n_orgs, "rows": table}, indent=1))
        print(json.dumps(table, indent=1))
    finally:
        proc.terminate()
        proc.wait(30)


def table(paths: list[str]) -> str:
    """Markdown: one column pair (p95 ms / rate ratio) per run."""
    runs = [json.loads(Path(p).read_text()) for p in paths]
    names = list(runs[0]["rows"])
    head = "| page / endpoint | " + " | ".join(
        f"{r['label']} ({r['orgs']:,} orgs) p95 ms · rate ratio" for r in runs
    )
    lines = [head + " |", "|---|" + "---:|" * len(runs)]
    for n in names:
        cells = []
        for r in runs:
            x = r["rows"].get(n)
            cells.append(
                "—"
                if x is None
                else f"{x['p95_ms']:,} · {x['rate_ratio']}"
                + (f" ({x['errors']} errors)" if x["errors"] else "")
            )
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    """Command line: build, run, table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--orgs", type=int, required=True)
    b.add_argument("--db", required=True)
    r = sub.add_parser("run")
    r.add_argument("--db", required=True)
    r.add_argument("--label", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--rounds", type=int, default=3)
    r.add_argument("--per-burst", type=int, default=48)
    r.add_argument("--port", type=int, default=8731)
    r.add_argument("--skip", action="append", default=[], help="skip paths containing this")
    t = sub.add_parser("table")
    t.add_argument("files", nargs="+")
    args = ap.parse_args()
    if args.cmd == "build":
        build(args.db, args.orgs)
    elif args.cmd == "run":
        run(args.db, args.label, args.out, args.rounds, args.per_burst, args.port, args.skip)
    else:
        print(table(args.files))


if __name__ == "__main__":
    main()
