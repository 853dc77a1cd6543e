"""Suggested solvers for a challenge and challenges ranked for an organisation, by the matching
engine (`app.partners.services`: profile texts, collaboration network, kind, TRL, geography).

Each suggestion carries the reasons the engine gives: the strongest signals, the key terms the
two texts share, the area and the TRL fit.
"""

from __future__ import annotations

from typing import NamedTuple

from flask_babel import lazy_gettext as _l

from app.challenges.i18n import _
from app.challenges.permissions import can_manage_challenge
from app.core.errors import PermissionDenied
from app.orgs.labels import AREA_LABELS
from app.partners import services as engine
from app.partners.labels import SIGNAL_LABELS

ENGINE = _l("the matching engine (profile texts, collaboration network, kind of organisation, TRL)")
# Challenges whose text is further than this from the organisation's profile are not proposed.
MIN_ITEM_SCORE = 0.2


class Suggestion(NamedTuple):
    """One ranked item: the organisation (or challenge), its score in [0, 1], why."""

    item: object
    score: float
    reasons: list[str]


def _fit_reasons(challenge, org) -> list[str]:
    """Area and TRL facts that make the pair fit (shown next to the engine's reasons)."""
    reasons = []
    if challenge.area and challenge.area in org.area_codes:
        label = str(AREA_LABELS.get(challenge.area, challenge.area))
        reasons.append(_("Works in the area %(a)s", a=label))
    trl = challenge.trl_required
    if trl and org.trl_min and org.trl_max and org.trl_min <= trl <= org.trl_max:
        reasons.append(
            _("TRL range %(lo)s–%(hi)s covers TRL %(t)s", lo=org.trl_min, hi=org.trl_max, t=trl)
        )
    return reasons


def _signal_reasons(proposal) -> list[str]:
    """The signals that pushed the score up the most, in words."""
    top = sorted(proposal.contributions.items(), key=lambda kv: -kv[1])
    return [str(SIGNAL_LABELS.get(name, name)) for name, value in top[:3] if value > 0]


def _terms(terms: list[str]) -> list[str]:
    return [_("Shared terms: %(w)s", w=", ".join(terms))] if terms else []


def suggest_solvers(actor, challenge, k: int = 10) -> list[Suggestion]:
    """Top-k organisations (other than the poster) that could solve the challenge."""
    if not can_manage_challenge(actor, challenge):
        raise PermissionDenied(_("Only the owners of the posting company see suggestions."))
    return [
        Suggestion(
            p.org,
            round(p.score, 3),
            _fit_reasons(challenge, p.org) + _terms(p.shared_terms) + _signal_reasons(p),
        )
        for p in engine.suggest_solvers(challenge, k)
    ]


def rank_challenges_for_org(actor, org, challenges) -> list[Suggestion]:
    """The given challenges ranked by fit with `org` (best first; poor fits dropped)."""
    others = [c for c in challenges if c.org_id != org.id]
    if not others:
        return []
    ranked = engine.challenges_for_org(org, others, k=min(len(others), 50))
    return [
        Suggestion(c, round(score, 3), _fit_reasons(c, org) + _terms(terms))
        for c, score, terms in ranked
        if score >= MIN_ITEM_SCORE
    ]
