"""The compliance blueprint with all its pages (importing the page modules registers them)."""

from app.compliance import (
    gdpr,  # noqa: F401  (registers the GDPR export part)
    views_consult,  # noqa: F401
)
from app.compliance.views import bp

__all__ = ["bp"]
