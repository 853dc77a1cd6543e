"""Suggested solvers and "challenges for my organisation": the FALLBACK ranking.

Until the matching engine (`matching/`) is wired in by the lead through
`app.partners.services.suggest_solvers(actor, challenge, k)` and
`rank_challenges_for_org(actor, org, challenges)`, this module ranks by a transparent keyword
overlap: +0.4 when the organisation works in the challenge's application area, +0.2 when its
TRL range covers the required TRL, +0.05 per shared meaningful word (at most +0.4) between the
challenge text and the organisation's description / competences / offers. Every score comes
with the reasons that produced it.

The interface is deliberately small — two functions returning `Suggestion` tuples — so the
engine can replace `_score` (or both functions) without touching the pages or the API.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from sqlalchemy import or_, select

from app.challenges.i18n import _
from app.challenges.permissions import can_manage_challenge
from app.core.errors import PermissionDenied
from app.extensions import db
from app.orgs.models import Organisation, OrgArea

ENGINE = "keyword-overlap fallback"
MAX_CANDIDATES = 500
STOPWORDS = set("""
a about after all also an and any are as at be been but by can could da dei del della delle
di do e ed for from gli has have i il in into is it its la le lo may more most nei nel nella
new non not of on or our per più should so some such than that the their them these they this
to tra un una uno use used using via was we what when which who will with would your
""".split())
WORD = re.compile(r"[a-zà-ÿ0-9][a-zà-ÿ0-9\-]{2,}")


class Suggestion(NamedTuple):
    """One ranked item: the organisation (or challenge), its score in [0, 1], why."""

    item: object
    score: float
    reasons: list[str]


def keywords(text: str) -> set[str]:
    """Lower-case content words of at least three letters, without stop words."""
    return {w for w in WORD.findall((text or "").lower()) if w not in STOPWORDS}


def _challenge_words(challenge) -> set[str]:
    return keywords(" ".join([challenge.title, challenge.description,
                              challenge.expected_outcome or ""]))


def _org_words(org) -> set[str]:
    return keywords(" ".join([org.description or "", " ".join(org.competences or []),
                              org.offers or ""]))


def _score(challenge, org, cwords: set[str]) -> Suggestion:
    from app.orgs.labels import AREA_LABELS

    score, reasons = 0.0, []
    if challenge.area and challenge.area in org.area_codes:
        score += 0.4
        reasons.append(_("Works in the area %(a)s", a=str(AREA_LABELS.get(challenge.area,
                                                                            challenge.area))))
    trl = challenge.trl_required
    if trl and org.trl_min and org.trl_max and org.trl_min <= trl <= org.trl_max:
        score += 0.2
        reasons.append(_("TRL range %(lo)s–%(hi)s covers TRL %(t)s", lo=org.trl_min,
                         hi=org.trl_max, t=trl))
    shared = sorted(cwords & _org_words(org))
    if shared:
        score += min(0.4, 0.05 * len(shared))
        reasons.append(_("Shared terms: %(w)s", w=", ".join(shared[:8])))
    return Suggestion(org, round(score, 3), reasons)


def suggest_solvers(actor, challenge, k: int = 10) -> list[Suggestion]:
    """Top-k organisations (other than the poster) that could solve the challenge."""
    if not can_manage_challenge(actor, challenge):
        raise PermissionDenied(_("Only the owners of the posting company see suggestions."))
    cwords = _challenge_words(challenge)
    terms = sorted(cwords, key=len, reverse=True)[:6]
    conds = [Organisation.description.ilike(f"%{t}%") for t in terms]
    if challenge.area:
        conds.append(Organisation.id.in_(select(OrgArea.org_id).where(
            OrgArea.area == challenge.area)))
    if not conds:
        return []
    candidates = db.session.execute(
        select(Organisation).where(Organisation.id != challenge.org_id, or_(*conds))
        .limit(MAX_CANDIDATES)).scalars()
    ranked = [s for s in (_score(challenge, o, cwords) for o in candidates) if s.score > 0]
    ranked.sort(key=lambda s: (-s.score, s.item.name))
    return ranked[:k]


def rank_challenges_for_org(actor, org, challenges) -> list[Suggestion]:
    """The given challenges ranked by fit with `org` (best first; zero scores dropped)."""
    ranked = [Suggestion(c, s.score, s.reasons)
              for c in challenges if c.org_id != org.id
              for s in [_score(c, org, _challenge_words(c))] if s.score > 0]
    ranked.sort(key=lambda s: -s.score)
    return ranked
