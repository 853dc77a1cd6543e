"""Plain data records exchanged between the portal and the matching engine."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

KINDS: tuple[str, ...] = (
    "university",
    "research_hospital",
    "company",
    "startup",
    "public_body",
    "other",
    "research_institute",
)
"""The organisation kinds the engine understands, in a fixed order (used as integer codes)."""

KIND_CODE: dict[str, int] = {k: i for i, k in enumerate(KINDS)}


def check_kinds(kinds: set[str] | frozenset[str] | None) -> frozenset[str] | None:
    """Validate an optional set of kinds and return it frozen."""
    if kinds is None:
        return None
    if isinstance(kinds, str):
        raise ValueError("kinds must be a set of kind names, not a string")
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown kinds {unknown}; expected some of {list(KINDS)}")
    return frozenset(kinds)


def check_k(k: int) -> int:
    """Validate a result count."""
    if isinstance(k, bool) or not isinstance(k, int) or k <= 0:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    return k


@dataclass(slots=True)
class OrgRecord:
    """One organisation as the engine sees it (slots: a fitted matcher keeps one per
    organisation, and a per-instance ``__dict__`` cost ~0.3 KB each at 100,000).

    Attributes:
        id: Stable integer id (the portal's primary key).
        name: Display name (not used for semantic matching).
        kind: One of :data:`KINDS`.
        text: Profile text (description, competences, areas).
        offers: What the organisation offers.
        seeks: What the organisation is looking for.
        trl_min: Lowest technology readiness level it works at (1-9).
        trl_max: Highest TRL it works at (1-9).
        province: Province code, e.g. ``"MI"``.
        region: Region name, e.g. ``"Lombardia"``.
        last_active_year: Year of the latest known activity (project, update).
    """

    id: int
    name: str
    kind: str
    text: str = ""
    offers: str = ""
    seeks: str = ""
    trl_min: int | None = None
    trl_max: int | None = None
    province: str | None = None
    region: str | None = None
    last_active_year: int | None = None

    def __post_init__(self) -> None:
        """Validate the fields so that bad records fail early with a clear message."""
        if isinstance(self.id, bool) or not isinstance(self.id, int):
            raise ValueError(f"OrgRecord.id must be an int, got {self.id!r}")
        if self.kind not in KIND_CODE:
            raise ValueError(
                f"OrgRecord {self.id}: unknown kind {self.kind!r}; expected one of {list(KINDS)}"
            )
        for name in ("trl_min", "trl_max"):
            value = getattr(self, name)
            if value is not None and not 1 <= int(value) <= 9:
                raise ValueError(f"OrgRecord {self.id}: {name} must be between 1 and 9")
        if self.trl_min is not None and self.trl_max is not None and self.trl_min > self.trl_max:
            raise ValueError(f"OrgRecord {self.id}: trl_min is greater than trl_max")
        self.text = self.text or ""
        self.offers = self.offers or ""
        self.seeks = self.seeks or ""

    @property
    def profile_text(self) -> str:
        """Text used for the profile embedding: the description, else offers + seeks."""
        if self.text.strip():
            return self.text
        return " ".join(t for t in (self.offers, self.seeks) if t.strip())


@dataclass
class Suggestion:
    """One proposed organisation with its explanation.

    Attributes:
        org_id: The proposed organisation.
        score: Combined score in [0, 1] (the ranker's probability).
        signals: Raw value of each signal.
        contributions: Contribution of each signal to the ranker's logit (0 = no effect).
        shared_terms: Key terms present in both profiles.
        common_partners: Ids of organisations both have worked with.
        best_document: Id of the candidate's document (e.g. "project:12") that matches the
            query best lexically, ``None`` when none shares a term.
    """

    org_id: int
    score: float
    signals: dict[str, float] = field(default_factory=dict)
    contributions: dict[str, float] = field(default_factory=dict)
    shared_terms: list[str] = field(default_factory=list)
    common_partners: list[int] = field(default_factory=list)
    best_document: str | None = None

    def as_dict(self) -> dict:
        """Return a JSON-serialisable dict."""
        return asdict(self)


@dataclass
class ItemSuggestion:
    """One proposed item (challenge, dataset, ...) for a query.

    Attributes:
        item_id: The item's id as given by the caller.
        score: Cosine similarity between the query and the item.
        shared_terms: Key terms present in both the query and the item.
    """

    item_id: int
    score: float
    shared_terms: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Return a JSON-serialisable dict."""
        return asdict(self)
