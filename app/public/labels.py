"""Labels of codes shown across packages: global roles, membership roles, proposal statuses."""

from flask_babel import lazy_gettext as _l

GLOBAL_ROLE_LABELS = {
    "member": _l("Registered user"),
    "staff": _l("Region staff"),
    "admin": _l("Administrator"),
}
MEMBERSHIP_ROLE_LABELS = {
    "owner": _l("owner"),
    "member": _l("member"),
}
PROPOSAL_STATUS_LABELS = {
    "suggested": _l("Suggested"),
    "contacted": _l("Contacted"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "dismissed": _l("Dismissed"),
}
