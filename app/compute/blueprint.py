"""The compute blueprint with all its pages (importing the page modules registers them)."""

from app.compute import views_requests  # noqa: F401
from app.compute.views import bp

__all__ = ["bp"]
