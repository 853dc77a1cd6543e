"""Metadata Quality Assessment on the data.europa.eu MQA dimensions, beside the portal's score.

The indicators and weights are those of the data.europa.eu MQA methodology (405 points):

- Findability (100): keywords 30, categories (themes) 30, spatial coverage 20, temporal
  coverage 20.
- Accessibility (100): access URL answers 200 (50), download URL given (20), download URL
  answers 200 (30).
- Interoperability (110): format 20, media type 10, format/media type from a controlled
  vocabulary 10, non-proprietary format 20, machine-readable format 20, DCAT-AP compliance 30.
- Reusability (75): access rights 10, access rights from a vocabulary 5, licence 20, licence
  from a vocabulary 10, contact point 20, publisher 10.
- Contextuality (20): rights 5, byte size 5, date of issue 5, modification date 5.

Rating: excellent 351-405, good 221-350, sufficient 121-220, bad 0-120.

Distribution indicators give their weight times the share of distributions that pass (no
distribution: 0). What the portal measures differently from data.europa.eu, and why:
- URLs "answering 200": the portal does not fetch other sites; an address it serves itself (an
  uploaded file, the access page of a restricted dataset) counts, an external one is "not
  verified" and scores 0.
- DCAT-AP compliance: the data-dependent conditions of the validators (a distribution and an
  EHDS health category, see quality.validator_ready); the test suite runs the SHACL shapes and
  finds 0 violations on datasets that meet them.
- Rights: every distribution carries a dct:rights statement (the licence and its rights holder,
  or access on request under a data use agreement; the DUO codes), so the indicator is met.
- Contact point: the dataset's own e-mail (the export falls back to the portal's address, which
  does not tell a reader whom to ask).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.datasets import vocab
from app.datasets.models import Dataset
from app.datasets.quality import validator_ready
from app.extensions import db

DIMENSIONS = (
    ("findability", _l("Findability")),
    ("accessibility", _l("Accessibility")),
    ("interoperability", _l("Interoperability")),
    ("reusability", _l("Reusability")),
    ("contextuality", _l("Contextuality")),
)
MAX_POINTS = 405
# Formats whose specification is open (MQA's non-proprietary list, restricted to the portal's).
NON_PROPRIETARY = {
    "CSV",
    "JSON",
    "XML",
    "PARQUET",
    "FHIR_JSON",
    "DICOM",
    "RDF_TURTLE",
    "SQL",
    "API",
}
# Formats a program can read field by field (MQA's machine-readable list, idem).
MACHINE_READABLE = {"CSV", "JSON", "XML", "XLSX", "PARQUET", "FHIR_JSON", "RDF_TURTLE", "API"}


@dataclass(frozen=True)
class Indicator:
    """One MQA indicator: its dimension, weight, and whether it is per distribution."""

    key: str
    dimension: str
    weight: int
    label: object
    per_distribution: bool = False


INDICATORS: tuple[Indicator, ...] = (
    Indicator("keywords", "findability", 30, _l("Keywords")),
    Indicator("themes", "findability", 30, _l("Categories (themes)")),
    Indicator("spatial", "findability", 20, _l("Spatial coverage (a known place)")),
    Indicator("temporal", "findability", 20, _l("Temporal coverage")),
    Indicator("access_url", "accessibility", 50, _l("Access URL reachable"), True),
    Indicator("download_url", "accessibility", 20, _l("Download URL given"), True),
    Indicator("download_ok", "accessibility", 30, _l("Download URL reachable"), True),
    Indicator("format", "interoperability", 20, _l("Format"), True),
    Indicator("media_type", "interoperability", 10, _l("Media type"), True),
    Indicator("format_vocab", "interoperability", 10, _l("Format from the EU vocabulary"), True),
    Indicator("open_format", "interoperability", 20, _l("Non-proprietary format"), True),
    Indicator("machine_readable", "interoperability", 20, _l("Machine-readable format"), True),
    Indicator("dcat_ap", "interoperability", 30, _l("DCAT-AP compliance")),
    Indicator("access_rights", "reusability", 10, _l("Access rights")),
    Indicator("access_rights_vocab", "reusability", 5, _l("Access rights from a vocabulary")),
    Indicator("licence", "reusability", 20, _l("Licence")),
    Indicator("licence_vocab", "reusability", 10, _l("Licence from a vocabulary")),
    Indicator("contact", "reusability", 20, _l("Contact point")),
    Indicator("publisher", "reusability", 10, _l("Publisher")),
    Indicator("rights", "contextuality", 5, _l("Rights statement"), True),
    Indicator("byte_size", "contextuality", 5, _l("File size"), True),
    Indicator("issued", "contextuality", 5, _l("Date of issue")),
    Indicator("modified", "contextuality", 5, _l("Modification date")),
)
assert sum(i.weight for i in INDICATORS) == MAX_POINTS


def _portal_served(ds, dist) -> bool:
    """The export points at an address of the portal (always answered) for this distribution."""
    return bool(dist.stored_name) or ds.access_rights != "public"


def _dist_checks(ds, dist) -> dict[str, bool]:
    portal = _portal_served(ds, dist)
    # As the export writes it: a download URL only for public data (restricted data are
    # reached through the portal's access page).
    has_download = ds.access_rights == "public" and bool(dist.download_url or dist.stored_name)
    return {
        "access_url": portal,
        "download_url": has_download,
        "download_ok": has_download and portal,
        "format": bool(dist.format),
        "media_type": bool(dist.media_type or vocab.FORMATS.get(dist.format, (None, None))[1]),
        "format_vocab": dist.format in vocab.FORMATS,
        "open_format": dist.format in NON_PROPRIETARY,
        "machine_readable": dist.format in MACHINE_READABLE,
        "rights": True,  # rdf.rights_texts: every exported distribution has dct:rights
        "byte_size": dist.byte_size is not None,
    }


def _dataset_checks(ds) -> dict[str, bool]:
    licence = vocab.LICENCES.get(ds.licence or "")
    return {
        "keywords": bool(ds.keywords),
        "themes": bool(ds.themes),
        "spatial": (ds.spatial or "").strip().lower() in vocab.PLACES,
        "temporal": ds.temporal_start is not None or ds.temporal_end is not None,
        "dcat_ap": validator_ready(ds),
        "access_rights": bool(ds.access_rights),
        "access_rights_vocab": ds.access_rights in ("public", "restricted", "non_public"),
        "licence": bool(ds.licence),
        "licence_vocab": bool(licence and licence[2]),
        "contact": bool(ds.contact_email),
        "publisher": ds.publisher_org_id is not None,
        "issued": ds.issued is not None,
        "modified": ds.modified is not None,
    }


@dataclass
class MqaScore:
    """Points per indicator and per dimension, the total and the rating."""

    points: dict[str, Fraction] = field(default_factory=dict)
    dimensions: dict[str, int] = field(default_factory=dict)
    total: int = 0
    rating: str = "bad"
    not_verified: int = 0  # external URLs the portal did not fetch

    @property
    def missing(self) -> list[Indicator]:
        """Indicators that did not give their full weight."""
        return [i for i in INDICATORS if self.points.get(i.key, 0) < i.weight]


def rating_for(total: float) -> str:
    """The MQA rating of a total out of 405."""
    if total > 350:
        return "excellent"
    if total > 220:
        return "good"
    if total > 120:
        return "sufficient"
    return "bad"


def _round(value: Fraction) -> int:
    """Half up (297.5 -> 298), not Python's half to even."""
    return math.floor(value + Fraction(1, 2))


def _finish(points: dict[str, Fraction]) -> MqaScore:
    out = MqaScore(points=points)
    for key, _label in DIMENSIONS:
        raw = sum((points[i.key] for i in INDICATORS if i.dimension == key), Fraction(0))
        out.dimensions[key] = _round(raw)
    out.total = _round(sum(points.values(), Fraction(0)))
    out.rating = rating_for(out.total)
    return out


def mqa_of(ds) -> MqaScore:
    """The MQA score of one dataset."""
    checks = _dataset_checks(ds)
    dists = list(ds.distributions)
    per_dist = [_dist_checks(ds, d) for d in dists]
    points: dict[str, Fraction] = {}
    for ind in INDICATORS:
        if ind.per_distribution:
            passing = sum(1 for c in per_dist if c[ind.key])
            share = Fraction(passing, len(per_dist)) if per_dist else Fraction(0)
            points[ind.key] = ind.weight * share
        else:
            points[ind.key] = Fraction(ind.weight if checks[ind.key] else 0)
    score = _finish(points)
    score.not_verified = sum(1 for d in dists if not _portal_served(ds, d))
    return score


def catalogue_mqa(datasets) -> tuple[MqaScore, int]:
    """The catalogue's MQA score (the mean of its datasets' points, as data.europa.eu shows a
    catalogue) and the number of datasets."""
    scores = [mqa_of(ds) for ds in datasets]
    if not scores:
        return _finish({i.key: Fraction(0) for i in INDICATORS}), 0
    points = {
        i.key: sum((s.points[i.key] for s in scores), Fraction(0)) / len(scores) for i in INDICATORS
    }
    return _finish(points), len(scores)


def portal_mqa() -> tuple[MqaScore, int]:
    """The MQA score of the whole catalogue (every dataset's metadata is public)."""
    rows = db.session.execute(
        select(Dataset).options(selectinload(Dataset.distributions)).order_by(Dataset.id)
    ).scalars()
    return catalogue_mqa(list(rows))


def mqa_dict(score: MqaScore) -> dict:
    """The score as the API and the pages show it (points with two decimals)."""
    return {
        "total": score.total,
        "max": MAX_POINTS,
        "rating": score.rating,
        "dimensions": [
            {
                "key": key,
                "points": score.dimensions[key],
                "max": sum(i.weight for i in INDICATORS if i.dimension == key),
            }
            for key, _label in DIMENSIONS
        ],
        "indicators": [
            {
                "key": i.key,
                "dimension": i.dimension,
                "weight": i.weight,
                "points": round(float(score.points[i.key]), 2),
            }
            for i in INDICATORS
        ],
        "not_verified": score.not_verified,
    }
