"""Projects API (flask-smorest): calls the same services as the pages."""

from flask_smorest import Blueprint

blp = Blueprint("api_projects", __name__, url_prefix="/api/v1/projects", description="Projects")
