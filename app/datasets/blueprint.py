"""The datasets' blueprint; views.py, views_access.py and views_rdf.py add their routes to it."""

from flask import Blueprint

from app.datasets import vocab

bp = Blueprint("datasets", __name__)


@bp.context_processor
def _vocab():
    """The controlled vocabularies for the datasets templates."""
    return {"dv": vocab}
