"""Controlled values of the training catalogue with their translatable labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KINDS = {"course": _l("Course"), "webinar": _l("Webinar"), "event": _l("Event")}
TOPICS = {
    "ai_health": _l("AI in health"),
    "data_protection": _l("Data protection"),
    "consent": _l("Consent"),
    "data_sharing": _l("Data sharing"),
    "ehds": _l("European Health Data Space"),
}
AUDIENCES = {
    "citizens": _l("Citizens"),
    "clinicians": _l("Clinicians"),
    "researchers": _l("Researchers"),
    "smes": _l("SMEs"),
}
LEVELS = {
    "intro": _l("Introductory"),
    "intermediate": _l("Intermediate"),
    "advanced": _l("Advanced"),
}
FORMATS = {"online": _l("Online"), "in_person": _l("In person"), "hybrid": _l("Hybrid")}
LANGUAGES = {"it": _l("In Italian"), "en": _l("In English")}
COURSE_STATUSES = {"draft": _l("Draft"), "published": _l("Published"), "cancelled": _l("Cancelled")}
REG_STATUSES = {
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("On the waiting list"),
    "cancelled": _l("Cancelled"),
}
