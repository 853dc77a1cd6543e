"""DUO pre-check: is the purpose of an access request compatible with a dataset's consent codes?

Table of the rules (GA4GH Data Use Ontology). Permission codes: the purpose must be allowed by at
least one of them.

| code | term | purposes allowed |
|---|---|---|
| DUO:0000004 | NRES no restriction | all |
| DUO:0000042 | GRU general research | every research purpose (research, health, disease, |
|             |                      | innovation, ancestry, methods, public health) |
| DUO:0000006 | HMB health/medical/  | health_research, disease_research, public_health, |
|             | biomedical           | innovation, method_development; general research: |
|             |                      | review; never ancestry |
| DUO:0000007 | DS disease-specific  | disease_research; health_research and research: |
|             |                      | review (only on the disease) |
| DUO:0000011 | POA population origins/ancestry | ancestry only |
| DUO:0000043 | CC clinical care use | clinical_care only |

Modifier codes:

| code | effect |
|---|---|
| DUO:0000018 NPUNCU, DUO:0000046 NCU | commercial innovation is incompatible |
| DUO:0000045 NPU | incompatible when the requesting organisation is a company or start-up |
| DUO:0000015 NMDS | method_development is incompatible |
| DUO:0000019 PUB, 0000021 IRB, 0000020 COL, | conditions the requester must accept |
| 0000025 TS, 0000029 RTN                    | (note)                               |
| DUO:0000028 IS | the publisher decides case by case (review) |

Education is allowed only by NRES. With no permission code declared the publisher decides
(review). Results: 'compatible', 'review' (the publisher must judge) or 'incompatible'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

RESEARCH = {
    "research",
    "health_research",
    "disease_research",
    "innovation",
    "ancestry",
    "method_development",
    "public_health",
}

# permission code -> (allowed purposes, purposes that need the publisher's review)
PERMISSIONS: dict[str, tuple[set[str], set[str]]] = {
    "DUO:0000004": (
        {
            "research",
            "health_research",
            "disease_research",
            "innovation",
            "education",
            "public_health",
            "clinical_care",
            "ancestry",
            "method_development",
        },
        set(),
    ),
    "DUO:0000042": (RESEARCH, set()),
    "DUO:0000006": (
        {
            "health_research",
            "disease_research",
            "public_health",
            "innovation",
            "method_development",
        },
        {"research"},
    ),
    "DUO:0000007": ({"disease_research"}, {"health_research", "research"}),
    "DUO:0000011": ({"ancestry"}, set()),
    "DUO:0000043": ({"clinical_care"}, set()),
}
NON_COMMERCIAL = {"DUO:0000018", "DUO:0000046"}
NOT_FOR_PROFIT_ORG = "DUO:0000045"
NO_METHODS = "DUO:0000015"
CONDITIONS = {"DUO:0000019", "DUO:0000021", "DUO:0000020", "DUO:0000025", "DUO:0000029"}
REVIEW = {"DUO:0000028"}
FOR_PROFIT_KINDS = {"company", "startup"}


@dataclass
class DuoResult:
    """Outcome of the pre-check with the reasons, code by code."""

    status: str
    reasons: list[tuple[str, object]] = field(default_factory=list)

    @property
    def compatible(self) -> bool:
        """False only when the purpose is clearly incompatible."""
        return self.status != "incompatible"


def check_purpose(codes: list[str], purpose: str, org_kind: str | None = None) -> DuoResult:
    """Compare a purpose (and the requesting organisation's kind) with DUO consent codes."""
    codes = list(codes or [])
    reasons: list[tuple[str, object]] = []
    worst = "compatible"

    def mark(status: str, code: str, why) -> None:
        nonlocal worst
        reasons.append((code, why))
        order = ("compatible", "review", "incompatible")
        if order.index(status) > order.index(worst):
            worst = status

    perms = [c for c in codes if c in PERMISSIONS]
    if not perms:
        mark(
            "review",
            "-",
            _l("The dataset declares no permission code: the publisher will judge the purpose."),
        )
    else:
        allowed = [c for c in perms if purpose in PERMISSIONS[c][0]]
        reviewable = [c for c in perms if purpose in PERMISSIONS[c][1]]
        if allowed:
            reasons.append((allowed[0], _l("The consent allows this purpose.")))
        elif reviewable:
            mark(
                "review",
                reviewable[0],
                _l(
                    "Allowed only if the work is within the "
                    "consented scope: the publisher will check."
                ),
            )
        else:
            for c in perms:
                mark("incompatible", c, _l("The consent does not cover this purpose."))
    for c in codes:
        if c in NON_COMMERCIAL and purpose == "innovation":
            mark("incompatible", c, _l("Commercial use is not allowed by the consent."))
        elif c == NOT_FOR_PROFIT_ORG and org_kind in FOR_PROFIT_KINDS:
            mark("incompatible", c, _l("Only not-for-profit organisations may use the data."))
        elif c == NO_METHODS and purpose == "method_development":
            mark("incompatible", c, _l("General methods research is excluded."))
        elif c in CONDITIONS:
            reasons.append((c, _l("A condition of use applies: you will have to respect it.")))
        elif c in REVIEW:
            mark("review", c, _l("Use is limited to named institutions: the publisher will check."))
    return DuoResult(status=worst, reasons=reasons)
