"""Translatable labels of offer kinds and statuses."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

KIND_LABELS = {
    "technology_offer": _l("Technology offer"),
    "technology_request": _l("Technology request"),
    "partner_search": _l("R&D partner search"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Waiting for moderation"),
    "published": lazy_pgettext("offer status", "Published"),
    "closed": _l("Closed"),
}

# The offer form's fields as its labels name them (error messages name the field this way).
FIELD_LABELS = {
    "org": _l("Organisation"),
    "kind": _l("Kind"),
    "summary": _l("Summary"),
    "description": _l("Description"),
    "areas": _l("Application areas"),
    "trl": "TRL",
    "expires_on": _l("Expires on"),
}
