"""Translatable labels of the compliance feature."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SECTIONS = {
    "ai_act": _l("AI Act (Reg. (EU) 2024/1689)"),
    "mdr": _l("Medical devices (MDR 2017/745, IVDR 2017/746)"),
    "gdpr": _l("Data protection (GDPR)"),
}
TOPICS = {
    "ai_act": _l("AI Act"),
    "gdpr": _l("GDPR and privacy"),
    "mdr": _l("Medical devices (MDR / IVDR)"),
    "ehds": _l("European Health Data Space"),
    "other": _l("Other"),
}
URGENCIES = {"low": _l("Low"), "normal": _l("Normal"), "high": _l("High")}
STATUSES = {"open": _l("Waiting for an expert"), "assigned": _l("Assigned"), "closed": _l("Closed")}
YES_NO = {"yes": _l("Yes"), "no": _l("No")}
