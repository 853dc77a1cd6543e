"""The training blueprint with all its pages (importing the page modules registers them)."""

from app.training import views_aware, views_hub  # noqa: F401
from app.training.views import bp

__all__ = ["bp"]
