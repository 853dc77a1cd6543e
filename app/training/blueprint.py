"""The training blueprint with all its pages (importing the page modules registers them)."""

from app.training import (  # noqa: F401
    gdpr,  # noqa: F401  (registers the GDPR export part)
    views_aware,
    views_hub,
)
from app.training.views import bp

__all__ = ["bp"]
