"""Partner suggestions with explanations, feedback (contact / accept / dismiss / decline), and
the other proposals of the engine: similar organisations, solvers for a challenge, challenges and
datasets for an organisation, partners to complete a project consortium."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.core import validate
from app.core.db import utcnow
from app.core.errors import NotFound, PermissionDenied, ValidationError, check_transition
from app.core.urls import absolute_url
from app.datasets.models import Dataset
from app.extensions import db
from app.notifications.services import notify_in_locale, org_user_ids
from app.orgs.labels import AREA_LABELS
from app.orgs.models import AREAS, KINDS, Organisation
from app.orgs.services import get_org
from app.partners import engine
from app.partners.documents import (
    challenge_text,
    dataset_text,
    project_of_document,
    project_text,
)
from app.partners.embeddings import item_vectors
from app.partners.models import ContactRequest, PartnershipProposal
from app.partners.permissions import can_act_on_suggestions, can_see_suggestions
from app.projects.models import FundedProject

TRANSITIONS = {
    "suggested": {"contacted", "accepted", "dismissed"},
    "contacted": {"accepted", "declined", "dismissed"},
    "accepted": set(),
    "declined": set(),
    "dismissed": set(),
}
ACTIONS = {
    "contact": "contacted",
    "accept": "accepted",
    "dismiss": "dismissed",
    "decline": "declined",
}
HIDDEN = ("dismissed", "declined", "accepted")
MAX_DATASETS = 500  # the most recently updated datasets are ranked


@dataclass
class Proposal:
    """A suggestion ready for a page or the API: the organisation and the reasons."""

    org: Organisation
    score: float
    signals: dict
    contributions: dict
    shared_terms: list[str]
    common_partners: list[Organisation] = field(default_factory=list)
    status: str = "suggested"
    # Evidence (sum of the signal contributions) relative to the best proposal of the list, in
    # [0, 1]: the ranker's probability saturates near 1 for good candidates, this does not.
    strength: float = 1.0
    # Its funded project that reads most like the query (the lexical channel's best document).
    best_project: FundedProject | None = None

    def as_dict(self) -> dict:
        """JSON form for the API."""
        return {
            "org_id": self.org.id,
            "slug": self.org.slug,
            "name": self.org.name,
            "kind": self.org.kind,
            "score": round(self.score, 4),
            "signals": {k: round(v, 4) for k, v in self.signals.items()},
            "contributions": {k: round(v, 4) for k, v in self.contributions.items()},
            "shared_terms": self.shared_terms,
            "common_partners": [
                {"id": o.id, "slug": o.slug, "name": o.name} for o in self.common_partners
            ],
            "status": self.status,
            "strength": round(self.strength, 4),
            "best_project": None
            if self.best_project is None
            else {
                "id": self.best_project.id,
                "acronym": self.best_project.acronym,
                "title": self.best_project.display_title,
            },
        }


def _orgs_by_id(ids) -> dict[int, Organisation]:
    ids = list(set(ids))
    if not ids:
        return {}
    return {
        o.id: o
        for o in db.session.execute(select(Organisation).where(Organisation.id.in_(ids))).scalars()
    }


# The profile documents spell each application area's code as words (documents.area_words),
# so the lexical channel can report them as shared terms.
_AREA_PHRASES = {code.replace("_", " "): code for code in AREAS}
_AREA_WORDS = {word for code in AREAS for word in code.split("_")}


def readable_terms(terms) -> list[str]:
    """Shared key terms as the reader should see them: a term that spells an area's code
    ('drug discovery') is the area's label in the reader's language; a phrase made only of
    area-code words that is no area ('diagnostics drug': two areas side by side in a profile
    text) is dropped; anything else as the engine found it."""
    out: list[str] = []
    for term in terms:
        low = term.lower()
        if low in _AREA_PHRASES:
            term = str(AREA_LABELS[_AREA_PHRASES[low]])
        elif " " in low and all(w in _AREA_WORDS for w in low.split()):
            continue
        if term not in out:
            out.append(term)
    return out


def _to_proposals(suggestions) -> list[Proposal]:
    orgs = _orgs_by_id(
        [s.org_id for s in suggestions] + [p for s in suggestions for p in s.common_partners]
    )
    evidence = [max(0.0, sum(s.contributions.values())) for s in suggestions]
    best = max(evidence, default=0.0) or 1.0
    projects = _projects_by_document([s.best_document for s in suggestions])
    return [
        Proposal(
            org=orgs[s.org_id],
            score=s.score,
            signals=s.signals,
            contributions=s.contributions,
            shared_terms=readable_terms(s.shared_terms),
            common_partners=[orgs[p] for p in s.common_partners if p in orgs],
            strength=ev / best,
            best_project=projects.get(project_of_document(s.best_document)),
        )
        for s, ev in zip(suggestions, evidence, strict=True)
        if s.org_id in orgs
    ]


def _projects_by_document(doc_ids) -> dict[int, FundedProject]:
    """{project id: project} for the lexical documents that are projects (one query)."""
    ids = {p for p in map(project_of_document, doc_ids) if p is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(FundedProject).where(FundedProject.id.in_(ids))).scalars()
    return {p.id: p for p in rows}


def _kinds(kind: str | None) -> set[str] | None:
    kind = validate.choice({"kind": kind}, "kind", KINDS)
    return {kind} if kind else None


def _k(k) -> int:
    return validate.integer({"k": k}, "k", lo=1, hi=50) or 10


def proposals_of(org: Organisation) -> dict[int, PartnershipProposal]:
    """Stored proposals (feedback) from this organisation, by target id."""
    return {
        p.to_org_id: p
        for p in db.session.execute(
            select(PartnershipProposal).where(PartnershipProposal.from_org_id == org.id)
        ).scalars()
    }


def _require_viewer(actor, org: Organisation) -> None:
    """Suggestions for an organisation are for its members and region staff."""
    if not can_see_suggestions(actor, org):
        raise PermissionDenied(_("Only the organisation's members see its suggested partners."))


def _partner_proposals(
    org: Organisation, kinds, k: int, stored: dict, scope: str = "all"
) -> list[Proposal]:
    """The engine's proposals minus the hidden ones, with the stored status of each; scope
    "region" keeps the regional ecosystem (as the directory does by default)."""
    matcher = engine.get_matcher()
    if matcher is None:
        return []
    hidden = {tid for tid, p in stored.items() if p.status in HIDDEN}
    if scope == "region":
        hidden |= engine.outside_region()
    out = _to_proposals(matcher.suggest_partners(org.id, k=k, kinds=kinds, exclude=hidden))
    for p in out:
        if p.org.id in stored:
            p.status = stored[p.org.id].status
    return out


def suggest_partners(actor, org: Organisation, kind: str | None = None, k=10) -> list[Proposal]:
    """Suggested partners for the organisation (members and staff); dismissed ones never return."""
    _require_viewer(actor, org)
    return _partner_proposals(org, _kinds(kind), _k(k), proposals_of(org))


def suggestions_page(
    actor, org: Organisation, kind: str | None = None, k=10, scope: str | None = None
) -> dict:
    """Everything the suggestions page shows: proposals, earlier decisions, relevant datasets.

    By default only the regional ecosystem is proposed (scope "region"); "all" adds the
    CORDIS partners elsewhere."""
    _require_viewer(actor, org)
    scope = validate.choice({"scope": scope}, "scope", ("region", "all"), default="region")
    stored = proposals_of(org)
    return {
        "items": _partner_proposals(org, _kinds(kind), _k(k), stored, scope),
        "scope": scope,
        "kind": kind,
        "can_act": can_act_on_suggestions(actor, org),
        "stored": stored,
        "datasets": _relevant_datasets(org, 5),
    }


def similar_orgs(org: Organisation, k=5) -> list[Proposal]:
    """Organisations whose profile reads like this one (public)."""
    matcher = engine.get_matcher()
    if matcher is None:
        return []
    return _to_proposals(matcher.similar(org.id, k=_k(k)))


def act_on_suggestion(
    actor, org: Organisation, target: Organisation, action: str, message: str | None = None
) -> PartnershipProposal:
    """Record the user's feedback on a suggestion; contacting sends a message; accepting adds a
    collaboration edge to the graph."""
    if not can_act_on_suggestions(actor, org):
        raise PermissionDenied(_("Only the organisation's members act on its suggestions."))
    action = validate.choice({"action": action}, "action", tuple(ACTIONS), required=True)
    if target.id == org.id:
        raise ValidationError(_("target: an organisation cannot partner with itself."), "target")
    text = validate.text(
        {"message": message}, "message", max_len=5000, required=action == "contact"
    )
    proposal = proposals_of(org).get(target.id)
    if proposal is None:
        proposal = PartnershipProposal(
            from_org_id=org.id, to_org_id=target.id, status="suggested", signals={}, explanation={}
        )
        db.session.add(proposal)
        _snapshot(proposal, org, target)
    new_status = ACTIONS[action]
    check_transition(TRANSITIONS, proposal.status, new_status, _("Partnership proposal"))
    proposal.status = new_status
    proposal.decided_by_id = actor.id
    db.session.flush()
    link = absolute_url("orgs.profile", slug=org.slug)
    if action == "contact":
        db.session.add(
            ContactRequest(
                proposal_id=proposal.id,
                from_org_id=org.id,
                to_org_id=target.id,
                sender_id=actor.id,
                message=text,
            )
        )
        # The conversation that carries the message notifies the recipients
        # (app.messaging.services.contact_partner).
    elif action == "accept":
        engine.add_partnership_edge(org.id, target.id, utcnow().year)
        notify_in_locale(
            org_user_ids(target.id),
            "partner.accepted",
            lambda: _("%(org)s marked your organisation as a partner.", org=org.name),
            link,
            event_key=f"accepted:{proposal.id}",
        )
    record_event(actor, f"partner.{new_status}", "organisation", org.id, target=target.id)
    return proposal


def _snapshot(proposal: PartnershipProposal, org: Organisation, target: Organisation) -> None:
    """Keep the scores and reasons that were shown when the user acted."""
    matcher = engine.get_matcher()
    if matcher is None:
        return
    for s in matcher.suggest_partners(org.id, k=50):
        if s.org_id == target.id:
            proposal.score = s.score
            proposal.signals = s.signals
            proposal.explanation = {
                "contributions": s.contributions,
                "shared_terms": s.shared_terms,
                "common_partners": s.common_partners,
            }
            return


def suggest_solvers(challenge, k=10, exclude=()) -> list[Proposal]:
    """Organisations that could solve a challenge, from its text and required TRL."""
    matcher = engine.get_matcher()
    text = challenge_text(challenge)
    if matcher is None or not text:
        return []
    return _to_proposals(
        matcher.rank_for_text(
            text,
            k=_k(k),
            kinds={"university", "research_hospital", "startup", "company"},
            exclude={challenge.org_id, *exclude},
            trl=challenge.trl_required,
        )
    )


def _rank_items_for_org(org: Organisation, entity_type: str, items: dict[int, str], k: int):
    matcher = engine.get_matcher()
    items = {i: t for i, t in items.items() if t.strip()}
    if matcher is None or not items:
        return []
    vecs = item_vectors(entity_type, items)
    ids = [i for i in items if i in vecs]
    if not ids:
        return []
    return matcher.rank_items_for_org(
        org.id, ids, np.stack([vecs[i] for i in ids]), [items[i] for i in ids], k=k
    )


def challenges_for_org(org: Organisation, challenges: list, k=10) -> list[tuple]:
    """Visible, open challenges ranked for an organisation: (challenge, score, terms)."""
    texts = {c.id: challenge_text(c) for c in challenges}
    return items_for_org(org, "challenge", challenges, texts, k)


def items_for_org(org: Organisation, entity_type: str, items: list, texts: dict, k=10) -> list:
    """Any other feature's items (e.g. collaboration offers) ranked for an organisation from
    their texts by id: (item, score, shared terms)."""
    by_id = {i.id: i for i in items}
    return [
        (by_id[s.item_id], s.score, readable_terms(s.shared_terms))
        for s in _rank_items_for_org(org, entity_type, texts, _k(k))
    ]


def datasets_for_org(org: Organisation, datasets: list, k=10) -> list[tuple]:
    """The given datasets ranked for an organisation: (dataset, score, shared terms)."""
    texts = {d.id: dataset_text(d) for d in datasets}
    return items_for_org(org, "dataset", datasets, texts, k)


def relevant_datasets(actor, org: Organisation, k=5) -> list[tuple]:
    """Catalogue datasets that fit the organisation's profile: (dataset, score, shared terms)."""
    _require_viewer(actor, org)
    return _relevant_datasets(org, _k(k))


def _relevant_datasets(org: Organisation, k: int) -> list[tuple]:
    recent = (
        db.session.execute(select(Dataset).order_by(Dataset.updated_at.desc()).limit(MAX_DATASETS))
        .scalars()
        .all()
    )
    return datasets_for_org(org, list(recent), k=k)


def complete_consortium(project, k=10, kind: str | None = None) -> list[Proposal]:
    """Organisations most likely to complete a funded project's consortium."""
    matcher = engine.get_matcher()
    seeds = [p.org_id for p in project.partners]
    if matcher is None or not seeds:
        return []
    # An imported project without text in the data is completed from its members' profiles.
    text = project_text(project.title, project.abstract, project.keywords, project.topic_title)
    text = text if project.has_text else None
    return _to_proposals(matcher.complete_consortium(seeds, k=_k(k), text=text, kinds=_kinds(kind)))


def get_target(slug_or_id) -> Organisation:
    """The organisation a suggestion points at."""
    try:
        return get_org(slug_or_id)
    except NotFound as exc:
        raise NotFound(_("The suggested organisation does not exist.")) from exc
