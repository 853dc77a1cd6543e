"""Translatable labels of the challenge vocabularies (statuses, actions, visibility)."""

from flask_babel import lazy_pgettext as _p

# Context "challenge": short words such as "Open" or "Accept" mean other things elsewhere.

STATUS_LABELS = {
    "draft": _p("challenge", "Draft"),
    "submitted": _p("challenge", "Awaiting approval"),
    "open": _p("challenge", "Open"),
    "evaluating": _p("challenge", "Evaluating"),
    "awarded": _p("challenge", "Awarded"),
    "closed": _p("challenge", "Closed"),
    "withdrawn": _p("challenge", "Withdrawn"),
}
RESPONSE_STATUS_LABELS = {
    "submitted": _p("challenge", "Submitted"),
    "info_requested": _p("challenge", "More information requested"),
    "shortlisted": _p("challenge", "Shortlisted"),
    "accepted": _p("challenge", "Accepted"),
    "rejected": _p("challenge", "Rejected"),
}
ACTION_LABELS = {
    "submit": _p("challenge", "Submit for approval"),
    "approve": _p("challenge", "Approve and publish"),
    "return": _p("challenge", "Return with comment"),
    "evaluate": _p("challenge", "Close submissions and evaluate"),
    "award": _p("challenge", "Award"),
    "close": _p("challenge", "Close without award"),
    "withdraw": _p("challenge", "Withdraw"),
}
REVIEW_LABELS = {
    "shortlist": _p("challenge", "Shortlist"),
    "request_info": _p("challenge", "Request more information"),
    "accept": _p("challenge", "Accept"),
    "reject": _p("challenge", "Reject"),
}
VISIBILITY_LABELS = {
    "public": _p("challenge", "Public"),
    "registered": _p("challenge", "Registered users only"),
}
DEADLINE_LABELS = {
    "week": _p("challenge", "Within 7 days"),
    "month": _p("challenge", "Within 30 days"),
    "later": _p("challenge", "In more than 30 days"),
    "passed": _p("challenge", "Deadline passed"),
}
