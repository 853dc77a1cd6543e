"""The compliance blueprint with all its pages (importing the page modules registers them)."""

from app.compliance import views_consult  # noqa: F401
from app.compliance.views import bp

__all__ = ["bp"]
