"""What the directory search reads of an organisation (registered with app.core.search)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import selectinload

from app.core import search
from app.extensions import db
from app.orgs.labels import AREA_LABELS, KIND_LABELS
from app.orgs.models import Organisation, OrgArea

# Features add texts an organisation is found by (e.g. projects: the titles and topics of its
# CORDIS projects, its research profile); orgs cannot import them. Each takes a batch of
# organisations and returns one list of texts per organisation (a few queries per batch).
EXTRA_TEXTS: list[Callable[[list[Organisation]], list[list[str]]]] = []


def org_documents(orgs: list[Organisation]) -> list[tuple[str, list[str]]]:
    """Per organisation: name, the profile texts with kind and area labels in both languages,
    and the texts the features add (research-profile topics)."""
    extras = [extra(orgs) for extra in EXTRA_TEXTS]
    out = []
    for i, org in enumerate(orgs):
        labels = [KIND_LABELS.get(org.kind)] + [AREA_LABELS.get(a.area) for a in org.areas]
        texts = [
            org.description,
            " ".join(org.competences or []),
            org.offers,
            org.seeks,
            org.city,
            org.province,
            org.ateco_code,
        ]
        for extra_texts in extras:
            texts.extend(extra_texts[i])
        out.append((org.name, texts + search.in_all_languages(*labels)))
    return out


def org_document(org: Organisation) -> tuple[str, list[str]]:
    """One organisation's document (see `org_documents`)."""
    return org_documents([org])[0]


search.register(
    Organisation,
    "org",
    org_document,
    load=lambda: (selectinload(Organisation.areas),),
    documents=org_documents,
)
# An area added or removed on its own (e.g. by an import) re-indexes its organisation.
search.register(OrgArea, "org", parents=lambda area: [db.session.get(Organisation, area.org_id)])
