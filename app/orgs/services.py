"""Organisation services: directory search, profiles, create / update / verify."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.core import validate
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.core.inputs import as_id
from app.core.pagination import Page
from app.core.signals import org_saved
from app.core.text import slugify
from app.extensions import db
from app.orgs import directory
from app.orgs.directory import SORTS, in_region  # noqa: F401  (in_region: used by features)
from app.orgs.models import (  # noqa: F401  (REGION, REGIONAL_SOURCES: read by features)
    AREAS,
    KINDS,
    REGION,
    REGIONAL_SOURCES,
    SIZE_BANDS,
    Membership,
    Organisation,
    OrgArea,
)
from app.orgs.permissions import can_create_org, can_edit_org, can_verify_org
from app.orgs.search_docs import org_document  # noqa: F401  (registers the index)

# The directory shows the regional ecosystem by default; "all" adds the partners elsewhere.
SCOPES = ("region", "all")
LOMBARDY_PROVINCES = ("BG", "BS", "CO", "CR", "LC", "LO", "MN", "MI", "MB", "PV", "SO", "VA")
EDITABLE = (
    "name",
    "kind",
    "description",
    "competences",
    "offers",
    "seeks",
    "areas",
    "trl_min",
    "trl_max",
    "region",
    "province",
    "city",
    "website",
    "vat_number",
    "ateco_code",
    "founded",
    "size_band",
)
COMPLETENESS_FIELDS = (
    "description",
    "competences",
    "offers",
    "seeks",
    "areas",
    "trl_min",
    "province",
    "city",
    "website",
    "founded",
    "size_band",
)


def get_org(slug_or_id) -> Organisation:
    """Organisation by slug or id, or NotFound."""
    if isinstance(slug_or_id, int) or str(slug_or_id).isdigit():
        ident = as_id(slug_or_id)  # "³" is a digit to isdigit(), not to int()
        org = db.session.get(Organisation, ident) if ident else None
    else:
        org = db.session.execute(
            select(Organisation).where(Organisation.slug == slug_or_id)
        ).scalar_one_or_none()
    if org is None:
        raise NotFound(_("Organisation not found."))
    return org


def parse_search(args) -> dict:
    """Validate directory parameters from a query string / JSON (unknown values -> 422)."""
    data = dict(args)
    verified = data.get("verified")
    if verified in ("1", "true", True):
        verified = True
    elif verified in ("0", "false", False):
        verified = False
    elif verified not in (None, ""):
        raise ValidationError(_("verified: must be true or false."), "verified")
    else:
        verified = None
    q = validate.text(data, "q", max_len=200)
    return {
        "q": q,
        "kind": validate.choice(data, "kind", KINDS),
        "area": validate.choice(data, "area", AREAS),
        "province": validate.text(data, "province", max_len=64) or None,
        "trl": validate.integer(data, "trl", lo=1, hi=9),
        "verified": verified,
        # Relevance first when searching, else by name.
        "sort": validate.choice(data, "sort", SORTS, default="relevance" if q else "name"),
        "scope": validate.choice(data, "scope", SCOPES, default="region"),
        # Pages past MAX_PAGES are not served (ask for a narrower search instead).
        "page": min(validate.integer(data, "page", lo=1, hi=100000) or 1, directory.MAX_PAGES),
        "per_page": validate.integer(data, "per_page", lo=1, hi=100) or 20,
    }


def search_orgs(params: dict, *, facets: bool = True) -> Page:
    """Directory search: text, facets (kind, area, province, TRL, verified), sort, pagination."""
    return directory.search_directory(params, facets=facets)


def _unique_slug(base: str, org_id: int | None = None) -> str:
    slug, n = base, 2
    while True:
        other = db.session.execute(
            select(Organisation.id).where(Organisation.slug == slug)
        ).scalar_one_or_none()
        if other is None or other == org_id:
            return slug
        slug, n = f"{base}-{n}", n + 1


def _clean_profile(data: dict, partial: bool) -> dict:
    """Validate the editable fields present in data (all required ones when not partial)."""
    out: dict = {}
    if not partial or "name" in data:
        out["name"] = validate.text(data, "name", required=True, max_len=255)
    if not partial or "kind" in data:
        out["kind"] = validate.choice(data, "kind", KINDS, required=True)
    for f, n in (("description", 5000), ("offers", 2000), ("seeks", 2000)):
        if f in data:
            out[f] = validate.text(data, f, max_len=n)
    if "competences" in data:
        out["competences"] = validate.string_list(data, "competences", max_items=30)
    if "areas" in data:
        out["areas"] = validate.string_list(data, "areas", choices=AREAS)
    for f in ("trl_min", "trl_max"):
        if f in data:
            out[f] = validate.integer(data, f, lo=1, hi=9)
    for f, n in (
        ("region", 64),
        ("province", 64),
        ("city", 120),
        ("vat_number", 32),
        ("ateco_code", 16),
    ):
        if f in data:
            out[f] = validate.text(data, f, max_len=n) or None
    if "website" in data:
        out["website"] = validate.url(data, "website")
    if "founded" in data:
        out["founded"] = validate.integer(data, "founded", lo=1000, hi=utcnow().year)
    if "size_band" in data:
        out["size_band"] = validate.choice(data, "size_band", SIZE_BANDS)
    return out


def _apply(org: Organisation, values: dict) -> None:
    lo = values.get("trl_min", org.trl_min)
    hi = values.get("trl_max", org.trl_max)
    if lo is not None and hi is not None and lo > hi:
        raise ValidationError(_("trl_max: must be greater than or equal to trl_min."), "trl_max")
    for key, value in values.items():
        if key == "areas":
            org.areas = [OrgArea(area=a) for a in value]
        else:
            setattr(org, key, value)


def create_org(actor, data: dict, *, source: str = "portal", owner: bool = True) -> Organisation:
    """Register an organisation; the creator becomes its owner."""
    if not can_create_org(actor):
        raise PermissionDenied(_("Log in to register an organisation."))
    values = _clean_profile(data, partial=False)
    slug = validate.text(data, "slug", max_len=80)
    if slug:
        if slug != slugify(slug):
            raise ValidationError(
                _("slug: use lowercase letters, digits and hyphens only."), "slug"
            )
        if db.session.execute(select(Organisation.id).where(Organisation.slug == slug)).first():
            raise Conflict(_("slug: another organisation already uses this address."), "slug")
    else:
        slug = _unique_slug(slugify(values["name"]))
    org = Organisation(
        slug=slug,
        source=source,
        country="IT",
        region="Lombardia",
        competences=[],
        description="",
        offers="",
        seeks="",
    )
    _apply(org, values)
    db.session.add(org)
    db.session.flush()
    if owner:
        db.session.add(Membership(user_id=actor.id, org_id=org.id, role="owner"))
        db.session.flush()
        db.session.refresh(actor)
    record_event(actor, "org.created", "organisation", org.id, name=org.name)
    org_saved.send(org)
    return org


def update_org(actor, org: Organisation, data: dict) -> Organisation:
    """Edit the profile (owners and staff)."""
    if not can_edit_org(actor, org):
        raise PermissionDenied(_("Only the organisation's owners can edit it."))
    values = _clean_profile(data, partial=True)
    _apply(org, values)
    org.updated_at = utcnow()
    db.session.flush()
    record_event(actor, "org.updated", "organisation", org.id, fields=sorted(values))
    org_saved.send(org)
    return org


def set_verified(actor, org: Organisation, verified: bool = True) -> Organisation:
    """Region staff mark an organisation as verified (or withdraw it)."""
    if not can_verify_org(actor):
        raise PermissionDenied(_("Only region staff verify organisations."))
    org.verified = bool(verified)
    org.verified_at = utcnow() if verified else None
    record_event(actor, "org.verified" if verified else "org.unverified", "organisation", org.id)
    return org


def completeness(org: Organisation) -> tuple[int, list[str]]:
    """Share of profile fields filled (percent) and the names of the missing ones."""
    missing = []
    for f in COMPLETENESS_FIELDS:
        value = org.area_codes if f == "areas" else getattr(org, f)
        if value in (None, "", []):
            missing.append(f)
    done = len(COMPLETENESS_FIELDS) - len(missing)
    return round(100 * done / len(COMPLETENESS_FIELDS)), missing


def user_orgs(user) -> list[Organisation]:
    """Organisations the user belongs to."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [m.organisation for m in user.memberships]
