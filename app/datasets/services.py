"""Dataset services: describe datasets and their distributions, certify them."""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.auth.permissions import is_authenticated
from app.core import uploads, validate
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.core.files import delete_file_on_commit, save_new_file
from app.datasets import vocab
from app.datasets.models import (
    ACCESS_RIGHTS,
    CODING_SYSTEMS,
    PERSONAL_DATA_LEVELS,
    STANDARDS,
    Dataset,
    Distribution,
)
from app.datasets.permissions import can_certify, can_edit_dataset, can_publish_for
from app.datasets.quality import quality_of
from app.extensions import db
from app.notifications.services import notify_in_locale, org_user_ids
from app.orgs.models import Organisation

IDENTIFIER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{1,127}$")
CHECKSUM_RE = re.compile(r"^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}|md5:[0-9a-f]{32})$")
MAX_BYTES = 10**15


MAX_ID = 2**31 - 1  # INTEGER primary keys on PostgreSQL


def get_dataset(dataset_id) -> Dataset:
    """A dataset by id, or NotFound."""
    try:
        key = int(dataset_id)
        # Past the databases' integer key range nothing exists (and the driver would raise).
        ds = db.session.get(Dataset, key) if 0 < key <= MAX_ID else None
    except (TypeError, ValueError):
        ds = None
    if ds is None:
        raise NotFound(_("Dataset not found."))
    return ds


def get_distribution(ds: Dataset, dist_id) -> Distribution:
    """A distribution of this dataset, or NotFound."""
    for d in ds.distributions:
        if str(d.id) == str(dist_id):
            return d
    raise NotFound(_("Distribution not found."))


def _org(data: dict):

    org_id = validate.integer(data, "publisher_org_id", lo=1, required=True)
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise ValidationError(_("publisher_org_id: no such organisation."), "publisher_org_id")
    return org


def _clean(data: dict, partial: bool) -> dict:
    """Validate the metadata fields present in data (required ones when not partial)."""
    out: dict = {}

    def want(f: str) -> bool:
        return not partial or f in data

    if want("identifier"):
        ident = validate.text(data, "identifier", required=True, max_len=128)
        if not IDENTIFIER_RE.match(ident):
            raise ValidationError(
                _("identifier: use letters, digits and . _ : - only (2 to 128 characters)."),
                "identifier",
            )
        out["identifier"] = ident
    if want("title_it"):
        out["title_it"] = validate.text(data, "title_it", required=True, max_len=255)
    if want("description_it"):
        out["description_it"] = validate.text(data, "description_it", required=True, max_len=10000)
    if "title_en" in data:
        out["title_en"] = validate.text(data, "title_en", max_len=255)
    if "description_en" in data:
        out["description_en"] = validate.text(data, "description_en", max_len=10000)
    if want("themes"):
        themes = validate.string_list(data, "themes", choices=tuple(vocab.THEMES))
        if not themes:
            raise ValidationError(_("themes: choose at least one theme."), "themes")
        out["themes"] = themes
    if "keywords" in data:
        out["keywords"] = validate.string_list(data, "keywords", max_items=30)
    for f in ("issued", "modified", "temporal_start", "temporal_end"):
        if f in data:
            out[f] = validate.a_date(data, f)
    if "frequency" in data:
        out["frequency"] = validate.choice(data, "frequency", tuple(vocab.FREQUENCIES))
    if "spatial" in data:
        out["spatial"] = validate.text(data, "spatial", max_len=120) or None
    if "licence" in data:
        out["licence"] = validate.choice(data, "licence", tuple(vocab.LICENCES))
    if "conforms_to" in data:
        out["conforms_to"] = validate.string_list(data, "conforms_to", choices=STANDARDS)
    if "coding_systems" in data:
        out["coding_systems"] = validate.string_list(data, "coding_systems", choices=CODING_SYSTEMS)
    for f in ("number_of_records", "number_of_individuals"):
        if f in data:
            out[f] = validate.integer(data, f, lo=0, hi=10**12)
    if want("personal_data"):
        out["personal_data"] = validate.choice(
            data, "personal_data", PERSONAL_DATA_LEVELS, default="none"
        )
    if "legal_basis" in data:
        out["legal_basis"] = validate.choice(data, "legal_basis", tuple(vocab.LEGAL_BASES))
    if "consent_codes" in data:
        out["consent_codes"] = validate.string_list(data, "consent_codes", choices=tuple(vocab.DUO))
    _clean_health(data, out)
    if want("access_rights"):
        out["access_rights"] = validate.choice(
            data, "access_rights", ACCESS_RIGHTS, default="public"
        )
    if "contact_name" in data:
        out["contact_name"] = validate.text(data, "contact_name", max_len=120) or None
    if "contact_email" in data:
        out["contact_email"] = (
            validate.email(data, "contact_email")
            if (data.get("contact_email") or "").strip()
            else None
        )
    return out


def _clean_health(data: dict, out: dict) -> None:
    """HealthDCAT-AP fields: EHDS categories, legislation, purposes, coverage, retention."""
    lists = (
        ("health_categories", vocab.HEALTH_CATEGORIES),
        ("legislation", vocab.LEGISLATION),
        ("purposes", vocab.PURPOSES),
    )
    for name, choices in lists:
        if name in data:
            out[name] = validate.string_list(data, name, choices=tuple(choices))
    if "population_coverage" in data:
        out["population_coverage"] = validate.text(data, "population_coverage", max_len=2000)
    if "retention_until" in data:
        out["retention_until"] = validate.a_date(data, "retention_until")
    if "has_structured_data" in data:
        value = data.get("has_structured_data")
        if value not in (None, "", True, False):
            raise ValidationError(
                _("has_structured_data: must be true, false or empty."), "has_structured_data"
            )
        out["has_structured_data"] = None if value == "" else value


def _check_consistency(ds: Dataset, values: dict) -> None:
    start = values.get("temporal_start", ds.temporal_start)
    end = values.get("temporal_end", ds.temporal_end)
    if start and end and start > end:
        raise ValidationError(
            _("temporal_end: must be on or after the start of the coverage."), "temporal_end"
        )
    issued = values.get("issued", ds.issued)
    modified = values.get("modified", ds.modified)
    if issued and modified and modified < issued:
        raise ValidationError(_("modified: cannot be before the issue date."), "modified")
    personal = values.get("personal_data", ds.personal_data)
    access = values.get("access_rights", ds.access_rights)
    if personal in ("pseudonymised", "identifiable") and access == "public":
        raise ValidationError(
            _("access_rights: pseudonymised or identifiable personal data cannot be public."),
            "access_rights",
        )


def _unique_identifier(ident: str, ds_id: int | None) -> None:
    other = db.session.execute(
        select(Dataset.id).where(Dataset.identifier == ident)
    ).scalar_one_or_none()
    if other is not None and other != ds_id:
        raise Conflict(_("identifier: another dataset already uses this identifier."), "identifier")


def create_dataset(actor, data: dict) -> Dataset:
    """Describe a new dataset published by one of the actor's organisations."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in to publish a dataset."))
    org = _org(data)
    if not can_publish_for(actor, org):
        raise PermissionDenied(_("Only members of the organisation publish in its name."))
    values = _clean(data, partial=False)
    ds = Dataset(
        publisher_org_id=org.id,
        title_en="",
        description_en="",
        themes=[],
        keywords=[],
        conforms_to=[],
        coding_systems=[],
        consent_codes=[],
        personal_data="none",
        access_rights="public",
    )
    _check_consistency(ds, values)
    _unique_identifier(values["identifier"], None)
    for k, v in values.items():
        setattr(ds, k, v)
    ds.rights_holder_org_id = org.id
    if ds.modified is None:
        ds.modified = utcnow().date()
    db.session.add(ds)
    db.session.flush()
    record_event(actor, "dataset.created", "dataset", ds.id, identifier=ds.identifier)
    return ds


def update_dataset(actor, ds: Dataset, data: dict) -> Dataset:
    """Edit the metadata (publishers and staff); the publisher cannot change."""
    if not can_edit_dataset(actor, ds):
        raise PermissionDenied(_("Only the publisher's members edit this dataset."))
    values = _clean(data, partial=True)
    _check_consistency(ds, values)
    if "identifier" in values:
        _unique_identifier(values["identifier"], ds.id)
    for k, v in values.items():
        setattr(ds, k, v)
    if "modified" not in values:
        ds.modified = utcnow().date()
    db.session.flush()
    record_event(actor, "dataset.updated", "dataset", ds.id, fields=sorted(values))
    return ds


def _store_upload(upload, fmt: str) -> tuple[str, int, str]:
    """Save an uploaded file under UPLOAD_DIR/datasets after checking that its bytes are the
    declared format; returns (stored name, size, checksum)."""
    content = upload.read()
    if not content:
        raise ValidationError(_("file: the file is empty."), "file")
    kind = uploads.FORMAT_KINDS.get(fmt)
    if kind is None or not uploads.matches_format(content, kind):
        raise ValidationError(
            _("file: the content of the file is not %(format)s.", format=fmt), "file"
        )
    stored = secrets.token_hex(16) + uploads.KINDS[kind][1]
    folder = Path(current_app.config["UPLOAD_DIR"]) / "datasets"
    save_new_file(db.session, folder / stored, content)
    return stored, len(content), "sha256:" + hashlib.sha256(content).hexdigest()


def stored_path(dist: Distribution) -> Path:
    """Where an uploaded distribution file lives."""
    return Path(current_app.config["UPLOAD_DIR"]) / "datasets" / dist.stored_name


def add_distribution(actor, ds: Dataset, data: dict, upload=None) -> Distribution:
    """Add a distribution (URL or uploaded file); URLs are never shown unless the data are
    public, and files are served only through the access endpoint."""
    if not can_edit_dataset(actor, ds):
        raise PermissionDenied(_("Only the publisher's members add distributions."))
    fmt = validate.choice(data, "format", tuple(vocab.FORMATS), required=True)
    title = validate.text(data, "title", max_len=255)
    access_url = validate.url(data, "access_url")
    download_url = validate.url(data, "download_url")
    has_file = upload is not None and getattr(upload, "filename", "")
    if not access_url and not download_url and not has_file:
        raise ValidationError(
            _("access_url: give an access URL, a download URL or a file."), "access_url"
        )
    size = validate.integer(data, "byte_size", lo=0, hi=MAX_BYTES)
    checksum = validate.text(data, "checksum", max_len=140).lower() or None
    if checksum and not CHECKSUM_RE.match(checksum):
        raise ValidationError(
            _("checksum: write it as sha256:<64 hex>, sha512:<128 hex> or md5:<32 hex>."),
            "checksum",
        )
    media_type = validate.text(data, "media_type", max_len=100) or None
    stored = None
    if has_file:
        stored, size, checksum = _store_upload(upload, fmt)
    dist = Distribution(
        dataset_id=ds.id,
        title=title,
        format=fmt,
        media_type=media_type,
        byte_size=size,
        access_url=access_url,
        download_url=download_url,
        checksum=checksum,
        stored_name=stored,
    )
    db.session.add(dist)
    db.session.flush()
    db.session.refresh(ds)
    ds.modified = utcnow().date()
    record_event(
        actor,
        "distribution.added",
        "dataset",
        ds.id,
        distribution=dist.id,
        format=fmt,
        file=bool(stored),
    )
    return dist


def delete_distribution(actor, ds: Dataset, dist: Distribution) -> None:
    """Remove a distribution (publishers and staff)."""
    if not can_edit_dataset(actor, ds):
        raise PermissionDenied(_("Only the publisher's members remove distributions."))
    record_event(actor, "distribution.deleted", "dataset", ds.id, distribution=dist.id)
    if dist.stored_name:
        delete_file_on_commit(stored_path(dist))  # kept if the deletion rolls back
    db.session.delete(dist)
    db.session.flush()
    db.session.refresh(ds)


def certify_dataset(actor, ds: Dataset, data: dict) -> Dataset:
    """Staff grant (or withdraw, with an empty level) a certification level after review."""
    if not can_certify(actor):
        raise PermissionDenied(_("Only region staff certify datasets."))
    level = validate.choice(data, "level", tuple(vocab.CERTIFICATION_LEVELS))
    if level:
        score = quality_of(ds).score
        need = vocab.CERTIFICATION_MIN_SCORE[level]
        if score < need:
            raise ValidationError(
                _(
                    "level: '%(level)s' needs a metadata quality score of at "
                    "least %(need)d (this dataset has %(score)d).",
                    level=level,
                    need=need,
                    score=score,
                ),
                "level",
            )
    ds.certification = level
    ds.certified_by_id = actor.id if level else None
    ds.certified_at = utcnow() if level else None
    db.session.flush()
    record_event(actor, "dataset.certified", "dataset", ds.id, level=level)
    notify_in_locale(
        org_user_ids(ds.publisher_org_id),
        "dataset.certified",
        lambda: (
            _(
                "Certification of %(dataset)s: %(level)s",
                dataset=ds.identifier,
                level=str(vocab.CERTIFICATION_LEVELS.get(level, level)),
            )
            if level
            else _("Certification of %(dataset)s withdrawn", dataset=ds.identifier)
        ),
        link=f"/datasets/{ds.id}",
        event_key=f"dataset:{ds.id}:certified:{level}:{ds.certified_at}",
    )
    return ds


def publisher_choices(actor) -> list:
    """Organisations the actor may publish for."""
    if not is_authenticated(actor):
        return []
    return [m.organisation for m in actor.memberships]
