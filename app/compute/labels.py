"""Controlled values of the compute catalogue with their translatable labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KINDS = {
    "hpc": _l("HPC allocation"),
    "gpu_cluster": _l("GPU cluster"),
    "cloud_credits": _l("Cloud credits"),
    "secure_environment": _l("Secure processing environment"),
}
LOCATIONS = {
    "lombardy": _l("Data stay in Lombardy"),
    "italy": _l("Data stay in Italy"),
    "eu": _l("Data stay in the EU"),
}
CERTIFICATIONS = {
    "iso27001": "ISO/IEC 27001",
    "iso27701": "ISO/IEC 27701",
    "gdpr_processor": _l("GDPR processor agreement (Art. 28)"),
    "acn_cloud": _l("ACN cloud qualification"),
}
ELIGIBILITY = {
    "university": _l("Universities"),
    "research_hospital": _l("Research hospitals"),
    "research_institute": _l("Research institutes"),
    "startup": _l("Start-ups"),
    "company": _l("Companies"),
    "public_body": _l("Public bodies"),
}
PURPOSES = {
    "research": _l("Research"),
    "innovation": _l("Product development"),
    "education": _l("Education"),
    "public_health": _l("Public health"),
}
STATUSES = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "active": _l("Active"),
    "closed": _l("Closed"),
    "expired": _l("Expired"),
    "revoked": _l("Revoked"),
}
RISKS = {"nearly_used": _l("Allocation nearly used up"), "unused": _l("Allocation unused")}
