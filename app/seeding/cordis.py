"""Import the real CORDIS projects of Horizon 2020 and Horizon Europe (see seed_data/README.md).

Scope, for each programme: every project with a participant in Lombardy and every health
project (H2020 SC1, Horizon Europe Cluster Health); all their named participants become
organisations. Upsert by (source="cordis", external_id = PIC / RCN): a second run changes
nothing. Every file is read and checked (cordis_files) before anything is written, and the
caller commits once: a malformed row stops the run with its file, line and column and leaves
the database as it was.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from sqlalchemy import select
from tqdm import tqdm

from app.core import search
from app.extensions import db
from app.projects.models import FundingCall
from app.seeding import cordis_files as cf
from app.seeding.cordis_upsert import upsert_orgs, upsert_partners, upsert_projects
from app.seeding.kinds import org_kind, place
from app.seeding.names import tidy_name, tidy_place

SOURCE = "cordis"
ATTRIBUTION = "Source: CORDIS, © European Union, CC BY 4.0."
ROR_ATTRIBUTION = "ROR identifier: Research Organization Registry, CC0."
# CORDIS uses UK and EL; the portal stores ISO 3166 codes.
COUNTRY_FIX = {"UK": "GB", "EL": "GR"}
# CORDIS roles -> the portal's project roles (H2020 "partner" is a third party).
ROLE_FIX = {
    "coordinator": "coordinator",
    "participant": "participant",
    "partner": "third_party",
    "thirdparty": "third_party",
    "associatedpartner": "associated",
}
HE_DIR = "horizon_europe"
CALLS = {
    "H2020": {
        "programme": "Horizon 2020",
        "title": "Horizon 2020 - EU Framework Programme for Research and Innovation",
        "opens_on": date(2014, 1, 1),
        "closes_on": date(2020, 12, 31),
    },
    "HORIZON": {
        "programme": "Horizon Europe",
        "title": "Horizon Europe - EU Framework Programme for Research and Innovation",
        "opens_on": date(2021, 1, 1),
        "closes_on": date(2027, 12, 31),
    },
}


def read_cordis(data_dir) -> dict:
    """Read and check every CORDIS file present (H2020 required, the rest optional)."""
    base = Path(data_dir)
    he = base / HE_DIR

    def opt(path: Path, spec) -> list[dict] | None:
        return cf.read_checked(path, spec) if path.is_file() else None

    data = {
        "h_orgs": {
            r["pic"]: r for r in cf.read_checked(base / "h2020_organisations.csv", cf.H2020_ORGS)
        },
        "h_projects": {
            r["rcn"]: r for r in cf.read_checked(base / "h2020_projects.csv", cf.H2020_PROJECTS)
        },
        "h_parts": cf.read_checked(base / "h2020_participations.csv", cf.H2020_PARTS),
        "h_texts": {
            r["rcn"]: r for r in opt(base / "h2020_project_texts.csv", cf.H2020_TEXTS) or []
        },
        "e_projects": {},
        "e_parts": [],
        "e_orgs": {},
        "ror": {r["pic"]: r["ror_id"] for r in opt(base / "pic_ror.csv", cf.PIC_ROR) or []},
        "has_he": (he / "projects.csv").is_file(),
    }
    if data["has_he"]:
        data["e_projects"] = {
            r["rcn"]: r for r in cf.read_checked(he / "projects.csv", cf.HE_PROJECTS)
        }
        data["e_parts"] = cf.read_checked(he / "participations.csv", cf.HE_PARTS)
        data["e_orgs"] = {
            r["pic"]: r for r in cf.read_checked(he / "organisations.csv", cf.HE_ORGS)
        }
    return data


def org_name(pic: str, data: dict) -> str:
    """The 2017 H2020 name, else the Horizon Europe legal name ("" when neither has one)."""
    h = data["h_orgs"].get(pic) or {}
    e = data["e_orgs"].get(pic) or {}
    return h.get("name") or e.get("legal_name") or ""


def is_lombardy(pic: str, data: dict) -> bool:
    """Lombardy from the Horizon Europe NUTS code where there is one, else the ISTAT comune."""
    return place(data["h_orgs"].get(pic), data["e_orgs"].get(pic))["lombardy"]


def select_cordis(data: dict) -> dict:
    """Which projects (per programme), organisations and participations are imported."""
    out = {"pics": set(), "links": [], "orgs_skipped_unnamed": 0, "partners_skipped_unnamed": 0}
    unnamed: set[str] = set()
    for prog, projects, parts in (
        ("H2020", data["h_projects"], data["h_parts"]),
        ("HORIZON", data["e_projects"], data["e_parts"]),
    ):
        parts = [p for p in parts if p["rcn"] in projects]
        lombardy = {p["rcn"] for p in parts if is_lombardy(p["pic"], data)}
        rcns = {r for r, row in projects.items() if row["is_health"]} | lombardy
        seen: set[tuple[str, str]] = set()
        for p in sorted(parts, key=lambda p: p.get("order") or 0):
            if p["rcn"] not in rcns or (p["rcn"], p["pic"]) in seen:
                continue  # one row per organisation and project (the first in CORDIS order)
            seen.add((p["rcn"], p["pic"]))
            if not org_name(p["pic"], data):
                unnamed.add(p["pic"])
                out["partners_skipped_unnamed"] += 1
                continue
            out["pics"].add(p["pic"])
            out["links"].append((prog, p))
        out[f"rcns_{prog}"] = rcns
    out["orgs_skipped_unnamed"] = len(unnamed)
    return out


def _website(url: str) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    return (url if "://" in url else f"http://{url}")[:255]


def org_values(pic: str, data: dict) -> dict:
    """Portal fields of a CORDIS organisation (data facts only, never a description)."""
    h = data["h_orgs"].get(pic) or {}
    e = data["e_orgs"].get(pic) or {}
    raw = org_name(pic, data)
    activity = e.get("activity_type") or h.get("activity_type") or ""
    where = place(h, e)
    country = e.get("country") or h.get("country") or ""
    street = tidy_place(e.get("street", ""))
    town = " ".join(t for t in (e.get("postal_code", ""), tidy_place(e.get("city", ""))) if t)
    address = ", ".join(t for t in (street, town) if t)
    return {
        "name": tidy_name(raw)[:255],
        "kind": org_kind(activity, raw),
        "country": COUNTRY_FIX.get(country, country)[:2],
        "city": (h.get("it_comune") or tidy_place(e.get("city") or h.get("city", "")) or None),
        "province": where["province"],
        "region": where["region"],
        "website": _website(e.get("url", "")),
        "address": address[:255] or None,
        "vat_number": (e.get("vat_number") or "")[:32] or None,
        "ror_id": data["ror"].get(pic) or None,
        "register_data": {
            "pic": pic,
            "cordis_name": raw,
            "short_name": h.get("short_name") or e.get("short_name") or None,
            "activity_type": activity or None,
            "nuts_code": e.get("nuts_code") or None,
            "lombardy": where["lombardy"],
            "name_source": "h2020_2017" if h.get("name") else "horizon_europe",
            "attribution": ATTRIBUTION,
        },
    }


def _status(start: date | None, end: date | None, today: date) -> str:
    if end and end < today:
        return "completed"
    if start and start > today:
        return "planned"
    return "active"


def h2020_values(row: dict, texts: dict, today: date) -> dict:
    """Portal fields of an H2020 project, with its title / teaser / topic where the texts
    file has them (a project without text keeps an empty title and links to CORDIS)."""
    t = texts.get(row["rcn"]) or {}
    parts = row["programme_parts"].replace(";", ", ")
    return {
        "programme": "H2020",
        "acronym": (t.get("acronym") or f"H2020-{row['rcn']}")[:100],
        "title": (t.get("title") or "")[:500],
        "abstract": t.get("teaser") or "",
        "grant_id": t.get("grant_id") or None,
        "keywords": [],
        "euroscivoc": [],
        "topic_code": t.get("topic_code") or None,
        "topic_title": (t.get("topic_title") or "")[:500] or None,
        "call_code": t.get("call") or None,
        "funding_scheme": t.get("funding_scheme") or None,
        "programme_title": parts[:255] or None,
        "legal_basis": None,
        "start_date": row["start_date"],
        "end_date": row["end_date"],
        "total_cost": row["total_cost"],
        "grant_amount": row["ec_max_contribution"],
        "is_health": row["is_health"],
        "status": _status(row["start_date"], row["end_date"], today),
        "external_url": row["cordis_url"] or f"https://cordis.europa.eu/project/rcn/{row['rcn']}",
    }


def _split(value: str, sep: str) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in (value or "").split(sep) if v.strip()))


def he_values(row: dict, today: date) -> dict:
    """Portal fields of a Horizon Europe project (title, objective, keywords, topic, ...)."""
    return {
        "programme": "HORIZON",
        "acronym": (row["acronym"] or f"HE-{row['grant_id'] or row['rcn']}")[:100],
        "title": row["title"][:500],
        "abstract": row["objective"],
        "grant_id": row["grant_id"] or None,
        "keywords": _split(row["keywords"], ","),
        "euroscivoc": _split(row["euroscivoc"], ";"),
        "topic_code": row["topic"] or None,
        "topic_title": row["topic_title"][:500] or None,
        "call_code": row["master_call"] or None,
        "funding_scheme": row["funding_scheme"] or None,
        "programme_title": row["programme_title"][:255] or None,
        "legal_basis": row["legal_basis"] or None,
        "start_date": row["start_date"],
        "end_date": row["end_date"],
        "total_cost": row["total_cost"],
        "grant_amount": row["ec_max_contribution"],
        "is_health": row["is_health"],
        "status": _status(row["start_date"], row["end_date"], today),
        "external_url": row["cordis_url"]
        or (f"https://cordis.europa.eu/project/id/{row['grant_id']}" if row["grant_id"] else None),
    }


def partner_values(prog: str, link: dict) -> dict:
    """Role, order, department and money of one participation."""
    role = ROLE_FIX.get(link["role"].replace("_", "").lower(), "participant")
    return {
        "role": role,
        "position": link.get("order"),
        "department": (link.get("department") or "")[:255] or None,
        "grant_amount": link["ec_contribution"],
        "cost_share": link.get("total_cost"),
    }


def programme_call(code: str) -> tuple[FundingCall, bool]:
    """The FundingCall that holds a programme's imported projects (created once)."""
    call = db.session.execute(
        select(FundingCall).where(FundingCall.code == code)
    ).scalar_one_or_none()
    if call is not None:
        return call, False
    spec = CALLS[code]
    call = FundingCall(
        code=code,
        source=SOURCE,
        is_demo=False,
        description="Projects imported from the CORDIS open data. " + ATTRIBUTION,
        eligible_kinds=[],
        areas=[],
        **spec,
    )
    db.session.add(call)
    db.session.flush()
    return call, True


def import_cordis(data_dir, progress: bool = False) -> dict:
    """Upsert the selected organisations, projects and participations of both programmes.

    Raises DataFileError (nothing written) when a file is malformed. Returns the counts.
    """
    data = read_cordis(data_dir)
    chosen = select_cordis(data)
    stats: dict = {}
    # The search index is filled once at the end: synced at each flush it cost two thirds of
    # the import, and its documents missed the partners (inserted with Core statements).
    with search.deferred(("org", "project"), partial(tqdm, leave=False) if progress else None):
        _upsert_all(data, chosen, progress, stats)
    stats.update(
        projects_h2020=len(chosen["rcns_H2020"]),
        projects_horizon_europe=len(chosen["rcns_HORIZON"]),
        projects_with_title=sum(
            1 for r in chosen["rcns_H2020"] if (data["h_texts"].get(r) or {}).get("title")
        )
        + sum(1 for r in chosen["rcns_HORIZON"] if data["e_projects"][r]["title"]),
        orgs_selected=len(chosen["pics"]),
        orgs_lombardy=sum(1 for p in chosen["pics"] if is_lombardy(p, data)),
        orgs_skipped_unnamed=chosen["orgs_skipped_unnamed"],
        partners_skipped_unnamed=chosen["partners_skipped_unnamed"],
    )
    if not data["has_he"]:
        stats["horizon_europe"] = f"skipped (no {HE_DIR}/projects.csv)"
    return stats


def _upsert_all(data: dict, chosen: dict, progress: bool, stats: dict) -> None:
    today = date.today()
    org_ids = upsert_orgs(
        {pic: org_values(pic, data) for pic in sorted(chosen["pics"], key=int)}, progress, stats
    )
    project_ids = {}
    for prog, values_of in (
        ("H2020", lambda r: h2020_values(data["h_projects"][r], data["h_texts"], today)),
        ("HORIZON", lambda r: he_values(data["e_projects"][r], today)),
    ):
        rcns = sorted(chosen[f"rcns_{prog}"], key=int)
        if not rcns:
            continue
        call, created = programme_call(prog)
        stats["calls_created"] = stats.get("calls_created", 0) + int(created)
        rows = {r: values_of(r) for r in rcns}
        coordinators = {
            link["rcn"]: org_ids[link["pic"]]
            for p, link in chosen["links"]
            if p == prog and link["role"] == "coordinator"
        }
        for r, values in rows.items():
            values["call_id"] = call.id
            values["lead_org_id"] = coordinators.get(r)
        project_ids.update(upsert_projects(rows, progress, stats, f"{prog} projects"))
    links = {
        (project_ids[link["rcn"]], org_ids[link["pic"]]): partner_values(prog, link)
        for prog, link in chosen["links"]
    }
    upsert_partners(links, progress, stats)
    stats["partners_selected"] = len(links)
