"""Practical guidelines: Markdown pages edited by staff, rendered safely, linked from questions."""

from __future__ import annotations

import re

import nh3
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markupsafe import Markup
from sqlalchemy import select

from app.audit.services import record_event
from app.compliance.models import Guideline
from app.compliance.permissions import can_edit_guidelines
from app.core import validate
from app.core.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db

# Raw HTML in the source is not passed through, and nh3 cleans what Markdown produces.
_MD = MarkdownIt("commonmark", {"html": False}).enable("table")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")


def render_markdown(source: str) -> Markup:
    """Markdown to sanitised HTML (no scripts, no event handlers, safe links)."""
    return Markup(nh3.clean(_MD.render(source or ""), link_rel="noopener noreferrer"))


def get_guideline(slug: str) -> Guideline:
    """A guideline by slug, or NotFound."""
    g = db.session.execute(select(Guideline).where(Guideline.slug == slug)).scalar_one_or_none()
    if g is None:
        raise NotFound(_("Guideline not found."))
    return g


def list_guidelines() -> list[Guideline]:
    """All guidelines by title."""
    return list(db.session.execute(select(Guideline).order_by(Guideline.title_it)).scalars())


def save_guideline(actor, slug: str, data: dict) -> Guideline:
    """Create or update a guideline (staff)."""
    if not can_edit_guidelines(actor):
        raise PermissionDenied(_("Only Region staff edit the guidelines."))
    if not SLUG_RE.match(slug or ""):
        raise ValidationError(
            _("slug: lower-case letters, digits and hyphens, 2 to 80 characters."), "slug"
        )
    g = db.session.execute(select(Guideline).where(Guideline.slug == slug)).scalar_one_or_none()
    if g is None:
        g = Guideline(slug=slug)
        db.session.add(g)
    g.title_it = validate.text(data, "title_it", required=True, max_len=200)
    g.title_en = validate.text(data, "title_en", max_len=200)
    g.body_it = validate.text(data, "body_it", required=True, max_len=50000)
    g.body_en = validate.text(data, "body_en", max_len=50000)
    g.updated_by_id = actor.id
    db.session.flush()
    record_event(actor, "guideline.saved", "guideline", g.id, slug=slug)
    return g
