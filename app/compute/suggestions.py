"""Computing resources suggested for a funded project from its text (the matching engine's
encoder and its key-term explainer; nothing is written)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.permissions import is_authenticated
from app.compute.models import ComputeResource
from app.compute.resources import list_resources
from app.core.errors import PermissionDenied
from app.extensions import db
from app.partners.embeddings import get_encoder
from app.projects.models import FundedProject, ProjectPartner
from matching import TermExplainer

MIN_SCORE = 0.15


class ResourceSuggestion(NamedTuple):
    """A resource, its similarity with the text in [0, 1], and the key terms they share."""

    resource: ComputeResource
    score: float
    terms: list[str]


def resource_text(res: ComputeResource) -> str:
    """What a resource offers, as the engine reads it."""
    return ". ".join(x for x in (res.name, res.description, res.access_conditions) if x)


def rank_texts(text: str, texts: list[str], k: int = 3) -> list[tuple[int, float, list[str]]]:
    """(index, cosine in [0, 1], shared key terms) of the `texts` closest to `text`, best
    first, poor fits (< MIN_SCORE) dropped; the engine's encoder and key-term explainer."""
    text = (text or "").strip()
    if not texts or not text:
        return []
    vecs = get_encoder().encode([text, *texts])
    scores = vecs[1:] @ vecs[0]  # rows are unit-norm: the dot product is the cosine
    explainer = TermExplainer(max_terms=4).fit({i: t for i, t in enumerate([text, *texts])})
    query = explainer.transform(text)
    return [
        (int(r), round(float(scores[r]), 3), explainer.shared(query, explainer.transform(texts[r])))
        for r in np.argsort(-scores)[:k]
        if scores[r] >= MIN_SCORE
    ]


def suggest_for_text(text: str, k: int = 3) -> list[ResourceSuggestion]:
    """Active resources ranked by cosine similarity with `text` (best first)."""
    resources = list_resources({})
    ranked = rank_texts(text, [resource_text(r) for r in resources], k)
    return [ResourceSuggestion(resources[i], score, terms) for i, score, terms in ranked]


def my_projects(actor, limit: int = 5) -> list[FundedProject]:
    """Funded projects in which one of the actor's organisations takes part."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    org_ids = [m.org_id for m in actor.memberships]
    if not org_ids:
        return []
    return list(
        db.session.execute(
            # A sub-select, not DISTINCT: PostgreSQL cannot compare the JSON columns of a row.
            select(FundedProject)
            .where(
                FundedProject.id.in_(
                    select(ProjectPartner.project_id).where(ProjectPartner.org_id.in_(org_ids))
                )
            )
            .order_by(FundedProject.id.desc())
            .limit(limit)
        ).scalars()
    )


def suggestions_for_my_projects(actor) -> list[tuple[FundedProject, list[ResourceSuggestion]]]:
    """For each of the actor's funded projects, the resources that fit its title and abstract."""
    return [(p, suggest_for_text(f"{p.title}. {p.abstract}")) for p in my_projects(actor)]


def resource_suggestion_dict(s: ResourceSuggestion) -> dict:
    """JSON form of one resource suggestion."""
    return {"id": s.resource.id, "title": s.resource.name, "score": s.score, "terms": s.terms}
