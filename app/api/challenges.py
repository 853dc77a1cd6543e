"""Challenges API (flask-smorest): calls the same services as the pages."""

from flask_smorest import Blueprint

blp = Blueprint("api_challenges", __name__, url_prefix="/api/v1/challenges", description="Challenges")
