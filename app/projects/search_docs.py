"""What the project search reads of a funded project (registered with app.core.search)."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from app.core import search
from app.extensions import db
from app.orgs.labels import AREA_LABELS
from app.orgs.models import Organisation
from app.projects import activity  # noqa: F401  (activity counts, research texts of orgs)
from app.projects.models import FundedProject, ProjectPartner


def project_document(p: FundedProject) -> tuple[str, list[str]]:
    """Acronym and title, and the abstract, partner names and area labels in both languages."""
    partners = [pp.organisation.name for pp in p.partners if pp.organisation is not None]
    if p.lead is not None:
        partners.append(p.lead.name)
    labels = [AREA_LABELS.get(a) for a in (p.areas or [])]
    return f"{p.acronym or ''} {p.title or ''}", [p.abstract, *partners] + search.in_all_languages(
        *labels
    )


search.register(
    FundedProject,
    "project",
    project_document,
    load=lambda: (
        selectinload(FundedProject.partners).joinedload(ProjectPartner.organisation),
        joinedload(FundedProject.lead),
    ),
)
# A partner joining or leaving changes what the project is found by, and the organisation's
# research texts.
search.register(
    ProjectPartner,
    "project",
    # By the foreign keys: on a row just added with ids only, the relationships are not loaded.
    parents=lambda pp: [
        x
        for x in (
            pp.project or db.session.get(FundedProject, pp.project_id),
            db.session.get(Organisation, pp.org_id),
        )
        if x is not None
    ],
)
