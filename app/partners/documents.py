"""What the matcher reads of an organisation's research: one document per project (its title,
objective or teaser, keywords and topic), and a profile text made from the research profile
for the lexical signal and the shared key terms.

An organisation's vector is derived from its documents' stored vectors (a recency-weighted
mean, plus its own profile where an owner wrote one): no concatenation is ever re-encoded.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from sqlalchemy import func, select

from app.core.text import digest
from app.extensions import db
from app.orgs.models import AREAS
from app.projects.models import FundedProject, ProjectPartner
from matching.documents import OrgDocument

# A project of N years ago weighs 0.5 ** (N / HALF_LIFE) in its organisations' vectors.
HALF_LIFE_YEARS = 4.0
# The lexical profile text keeps the newest projects (Politecnico di Milano has 369).
PROFILE_PROJECTS = 12
ABSTRACT_CHARS = 200
ABSTRACT_PROJECTS = 1
ENCODE_ABSTRACT_CHARS = 600


def project_text(title: str, abstract: str, keywords, topic_title: str | None) -> str:
    """The text encoded for a project: title, keywords, topic title, start of the objective.

    The model reads at most 256 word pieces; the title, keywords and topic come first so that
    they always count, and the objective is cut at a word boundary near ENCODE_ABSTRACT_CHARS
    (its opening states the aim; the rest would only cost encoding time).
    """
    body = (abstract or "").strip()
    if len(body) > ENCODE_ABSTRACT_CHARS:
        body = body[:ENCODE_ABSTRACT_CHARS].rsplit(" ", 1)[0]
    parts = [title or "", ", ".join(keywords or []), topic_title or "", body]
    return "\n".join(p.strip() for p in parts if p and p.strip())


def project_texts() -> dict[int, str]:
    """{project id: text} for every project that has some text."""
    out = {}
    for pid, title, abstract, keywords, topic in db.session.execute(
        select(
            FundedProject.id,
            FundedProject.title,
            FundedProject.abstract,
            FundedProject.keywords,
            FundedProject.topic_title,
        )
    ):
        text = project_text(title, abstract, keywords, topic)
        if text:
            out[pid] = text
    return out


def org_documents(org_ids=None) -> dict[int, list[tuple[int, int | None]]]:
    """{org id: [(project id, start year), ...]} newest first."""
    q = select(ProjectPartner.org_id, FundedProject.id, FundedProject.start_date).join(
        FundedProject, FundedProject.id == ProjectPartner.project_id
    )
    if org_ids is not None:
        q = q.where(ProjectPartner.org_id.in_(list(org_ids)))
    docs: dict[int, list] = defaultdict(list)
    for oid, pid, start in db.session.execute(q):
        docs[oid].append((pid, start.year if start else None))
    for rows in docs.values():
        rows.sort(key=lambda r: (-(r[1] or 0), -r[0]))
    return docs


def lexical_text(title, abstract, keywords, topic_title, fields) -> str:
    """What the lexical channel reads of a project: title, keywords, topic, fields and the
    whole objective (BM25 has no length limit, unlike the encoder)."""
    parts = [title or "", ", ".join(keywords or []), topic_title or "", ", ".join(fields or [])]
    parts.append(abstract or "")
    return "\n".join(p.strip() for p in parts if p and p.strip())


PROJECT_DOC = "project:"


def project_of_document(doc_id: str | None) -> int | None:
    """The project id of a lexical document id made by :func:`project_documents`."""
    if doc_id and doc_id.startswith(PROJECT_DOC):
        return int(doc_id[len(PROJECT_DOC) :])
    return None


def project_rows() -> list[tuple]:
    """Every project's (id, title, abstract, keywords, topic title, fields, start date, source):
    the one read of the projects' texts that a build of the matcher needs (its lexical
    documents and the research-profile texts both come from it)."""
    f = FundedProject.__table__.c
    return db.session.execute(
        select(
            f.id,
            f.title,
            f.abstract,
            f.keywords,
            f.topic_title,
            f.euroscivoc,
            f.start_date,
            f.source,
        )
    ).all()


def project_documents(participations, rows=None) -> list[OrgDocument]:
    """One lexical document per (organisation, project with text): the matcher meets an
    organisation by its best projects. ``participations`` are the aligned (project ids,
    organisation ids, start years or -1) arrays the matcher's build has read already;
    ``rows`` are :func:`project_rows` when the caller has read them (else read here)."""
    pids, oids, years = participations[:3]
    texts = {}
    for pid, title, abstract, keywords, topic, fields, *_rest in (
        project_rows() if rows is None else rows
    ):
        text = lexical_text(title, abstract, keywords, topic, fields)
        if text:
            texts[pid] = text
    return [
        OrgDocument(oid, texts[pid], year if year >= 0 else None, doc_id=f"{PROJECT_DOC}{pid}")
        for pid, oid, year in zip(pids.tolist(), oids.tolist(), years.tolist(), strict=True)
        if pid in texts
    ]


def reference_year() -> int:
    """The latest project start year (recency is measured from it)."""
    latest = db.session.execute(select(func.max(FundedProject.start_date))).scalar_one()
    return latest.year if latest else 2026


def recency_weight(year: int | None, ref_year: int) -> float:
    """Weight of a project that started in ``year`` (undated projects weigh as 10 years old)."""
    age = max(0, ref_year - year) if year else 10
    return float(0.5 ** (age / HALF_LIFE_YEARS))


def derive_vector(
    docs: list[tuple[int, int | None]],
    project_vecs: dict[int, np.ndarray],
    project_hashes: dict[int, str],
    own: tuple[np.ndarray, str] | None,
    ref_year: int,
) -> tuple[np.ndarray, str] | None:
    """(unit vector, inputs hash) of an organisation, or None when it has no vector at all.

    The own profile (vector, text hash), when an owner wrote one, weighs as much as all its
    projects together: what the organisation says of itself should not drown in 300 projects.
    """
    vecs, weights, key = [], [], []
    for pid, year in docs:
        if pid in project_vecs:
            w = recency_weight(year, ref_year)
            vecs.append(project_vecs[pid])
            weights.append(w)
            key.append(f"{project_hashes[pid]}:{w:.4f}")
    if own is not None:
        vecs.append(own[0])
        weights.append(sum(weights) or 1.0)
        key.append(f"own:{own[1]}")
    if not vecs:
        return None
    mean = np.average(np.stack(vecs), axis=0, weights=np.asarray(weights))
    norm = float(np.linalg.norm(mean))
    if norm == 0.0:
        return None
    return (mean / norm).astype(np.float32), digest("|".join(sorted(key)))


def _summary(title, abstract, keywords, topic, fields, start) -> tuple[str, str, int]:
    bits = [title or "", ", ".join(keywords or []), topic or "", ", ".join(fields or [])]
    summary = ". ".join(b for b in bits if b)
    return summary, (abstract or "")[:ABSTRACT_CHARS], start.toordinal() if start else 0


def _project_summaries(ids=None) -> dict[int, tuple[str, str, int]]:
    """{project id: (summary, start of the objective, start ordinal)} of CORDIS projects."""
    q = select(
        FundedProject.id,
        FundedProject.title,
        FundedProject.abstract,
        FundedProject.keywords,
        FundedProject.topic_title,
        FundedProject.euroscivoc,
        FundedProject.start_date,
    ).where(FundedProject.source == "cordis")
    if ids is not None:
        q = q.where(FundedProject.id.in_(list(ids)))
    return {pid: _summary(*rest) for pid, *rest in db.session.execute(q)}


def research_texts(org_ids=None, links=None, rows=None) -> dict[int, str]:
    """{org id: profile text from its research profile}: titles, keywords, topics and fields
    of its newest projects, and the start of the newest objectives.

    A build of the matcher passes what it has read already: ``links`` ({org id: [CORDIS
    project ids]}, from its participations read) and ``rows`` (:func:`project_rows`), so
    that neither table is read again."""
    if links is None:
        q = (
            select(ProjectPartner.org_id, ProjectPartner.project_id)
            .join(FundedProject, FundedProject.id == ProjectPartner.project_id)
            .where(FundedProject.source == "cordis")
        )
        if org_ids is not None:
            q = q.where(ProjectPartner.org_id.in_(list(org_ids)))
        links = defaultdict(list)
        for oid, pid in db.session.execute(q):
            links[oid].append(pid)
    if rows is not None:
        summaries = {r[0]: _summary(*r[1:7]) for r in rows if r[7] == "cordis"}
    else:
        summaries = _project_summaries(
            {p for ps in links.values() for p in ps} if org_ids else None
        )
    out = {}
    for oid, pids in links.items():
        pids.sort(key=lambda p: (summaries[p][2], p), reverse=True)
        parts = []
        for i, pid in enumerate(pids[:PROFILE_PROJECTS]):
            summary, abstract, _start = summaries[pid]
            if i < ABSTRACT_PROJECTS and abstract:
                summary = f"{summary}. {abstract}" if summary else abstract
            if summary:
                parts.append(summary)
        if parts:
            out[oid] = "\n".join(parts)
    return out


def area_words(codes) -> str:
    """Application areas as words, so that profiles and challenges share them."""
    return " ".join(a.replace("_", " ") for a in codes if a in AREAS)


def challenge_text(challenge) -> str:
    """What the engine reads of a challenge: title, problem, outcome and area."""
    parts = (
        challenge.title,
        challenge.description,
        challenge.expected_outcome or "",
        area_words([challenge.area] if challenge.area else []),
    )
    return " ".join(t for t in parts if t and t.strip())


def dataset_text(d) -> str:
    """What the engine reads of a dataset: title, description and keywords."""
    return " ".join(
        [d.title_en or d.title_it, d.description_en or d.description_it, " ".join(d.keywords or [])]
    )
