"""Translatable labels of the projects vocabularies."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "planned": _l("Planned"),
    "active": _l("Active"),
    "suspended": _l("Suspended"),
    "completed": _l("Completed"),
    "terminated": _l("Terminated"),
}
REPORT_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "accepted": _l("Accepted"),
    "returned": _l("Returned"),
}
ROLE_LABELS = {
    "coordinator": _l("Coordinator"),
    "participant": _l("Participant"),
    "third_party": _l("Third party"),
    "associated": _l("Associated partner"),
    "partner": _l("Partner"),
}
OUTPUT_LABELS = {
    "publication": _l("Publication"),
    "patent": _l("Patent"),
    "dataset": _l("Dataset"),
    "product": _l("Product"),
    "other": _l("Other"),
}
HEALTH_LABELS = {
    "at_risk": _l("At risk"),
    "on_track": _l("On track"),
    "not_monitored": _l("Not monitored"),
}
RULE_LABELS = {
    "overdue_milestones": _l("Overdue milestones"),
    "spending_behind": _l("Spending far behind plan"),
    "spending_ahead": _l("Spending far ahead of plan"),
    "missing_report": _l("Missing report"),
}
