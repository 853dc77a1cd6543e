"""The compute blueprint with all its pages (importing the page modules registers them)."""

from app.compute import (
    gdpr,  # noqa: F401  (registers the GDPR export part)
    views_requests,  # noqa: F401
)
from app.compute.views import bp

__all__ = ["bp"]
