"""Partners API (flask-smorest): suggestions, similar organisations, feedback."""

from flask_smorest import Blueprint

blp = Blueprint("api_partners", __name__, url_prefix="/api/v1/partners",
                description="Partner matching")
