"""Translatable labels of the challenge vocabularies (statuses, actions, visibility)."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Awaiting approval"),
    "open": _l("Open"),
    "evaluating": _l("Evaluating"),
    "awarded": _l("Awarded"),
    "closed": _l("Closed"),
    "withdrawn": _l("Withdrawn"),
}
RESPONSE_STATUS_LABELS = {
    "submitted": _l("Submitted"),
    "info_requested": _l("More information requested"),
    "shortlisted": _l("Shortlisted"),
    "accepted": _l("Accepted"),
    "rejected": _l("Rejected"),
}
ACTION_LABELS = {
    "submit": _l("Submit for approval"),
    "approve": _l("Approve and publish"),
    "return": _l("Return with comment"),
    "evaluate": _l("Close submissions and evaluate"),
    "award": _l("Award"),
    "close": _l("Close without award"),
    "withdraw": _l("Withdraw"),
}
REVIEW_LABELS = {
    "shortlist": _l("Shortlist"),
    "request_info": _l("Request more information"),
    "accept": _l("Accept"),
    "reject": _l("Reject"),
}
VISIBILITY_LABELS = {
    "public": _l("Public"),
    "registered": _l("Registered users only"),
}
DEADLINE_LABELS = {
    "week": _l("Within 7 days"),
    "month": _l("Within 30 days"),
    "later": _l("In more than 30 days"),
    "passed": _l("Deadline passed"),
}
