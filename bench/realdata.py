"""Real-text corpora for the matching benchmarks (Horizon Europe + H2020 texts, NSF FY2008).

Each loader returns a :class:`Corpus`: projects (id, start year, text, members with roles and
org types) from which a benchmark builds, for a cut-off date, the model side (documents = one
row per organisation and project before the cut-off, participations for the graph) and the
query side (projects after it).
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
if not DATA.is_dir():  # worktrees live in /work/wt/<name>; the data sits beside /work/main
    DATA = Path("/work/shared/data")


@dataclass
class Project:
    """One project: id, start (fractional year), text, members (org id -> role, type, country)."""

    id: str
    start: float
    date: str
    text: str
    members: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    coordinator: str | None = None
    is_health: bool = False
    source: str = ""


def _year(date: str) -> float:
    return int(date[:4]) + (int(date[5:7]) - 1) / 12.0


def horizon() -> list[Project]:
    """H2020 (title + teaser where CORDIS has one) and Horizon Europe (title + objective)."""
    out: list[Project] = []
    texts = {r["rcn"]: r for r in csv.DictReader(open(DATA / "h2020_project_texts.csv"))}
    h = {}
    for r in csv.DictReader(open(DATA / "h2020_projects.csv")):
        if not r["start_date"]:
            continue
        t = texts.get(r["rcn"])
        text = ""
        if t and t["title"]:
            text = t["title"].strip() + (". " + t["teaser"].strip() if t["teaser"] else "")
        h[r["rcn"]] = Project(
            "H" + r["rcn"],
            _year(r["start_date"]),
            r["start_date"],
            text,
            coordinator=r["coordinator_pic"] or None,
            is_health=r["is_health"] == "1",
            source="h2020",
        )
    for r in csv.DictReader(open(DATA / "h2020_participations.csv")):
        p = h.get(r["rcn"])
        if p is not None:
            p.members.setdefault(r["pic"], (r["role"], r["activity_type"], r["country"]))
    out.extend(h.values())
    he = {}
    for r in csv.DictReader(open(DATA / "horizon_europe" / "projects.csv")):
        text = (r["title"] or "").strip() + ". " + (r["objective"] or "").strip()
        he[r["rcn"]] = Project(
            "E" + r["rcn"],
            _year(r["start_date"]),
            r["start_date"],
            text,
            is_health=r["is_health"] == "1",
            source="he",
        )
    for r in csv.DictReader(open(DATA / "horizon_europe" / "participations.csv")):
        p = he.get(r["rcn"])
        if p is None or r["role"] not in ("coordinator", "participant"):
            continue
        p.members.setdefault(r["pic"], (r["role"], r["activity_type"], r["country"]))
        if r["role"] == "coordinator":
            p.coordinator = r["pic"]
    out.extend(he.values())
    return out


def nsf() -> list[Project]:
    """NSF FY2008 awards; "Collaborative Research" awards with one title are one project."""
    groups: dict[str, Project] = {}
    out = []
    with gzip.open(DATA / "nsf_fy2008_awards.csv.gz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            m, d, y = r["effective_date"].split("/")
            date = f"{y}-{m}-{d}"
            text = r["title"].strip() + ". " + (r["abstract"] or "").strip()
            inst = r["institution"].strip()
            if not inst:
                continue
            title = r["title"].strip()
            if title.lower().startswith("collaborative research"):
                key = title.lower()
                p = groups.get(key)
                if p is None:
                    p = groups[key] = Project(
                        "N" + r["award_id"], _year(date), date, text, source="nsf"
                    )
                    out.append(p)
                elif date < p.date:
                    p.date, p.start = date, _year(date)
                p.members.setdefault(inst, ("participant", "", r["institution_state"]))
            else:
                p = Project("N" + r["award_id"], _year(date), date, text, source="nsf")
                p.members[inst] = ("participant", "", r["institution_state"])
                out.append(p)
    return out


def member_rows(projects: list[Project]) -> list[tuple[str, str, str, float]]:
    """``(org, project, text, year)`` document rows of the projects that have a text."""
    return [(o, p.id, p.text, p.start) for p in projects if p.text for o in p.members]


def by_org(projects: list[Project]) -> dict[str, list[Project]]:
    """Projects of each organisation."""
    out = defaultdict(list)
    for p in projects:
        for o in p.members:
            out[o].append(p)
    return out
